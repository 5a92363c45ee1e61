"""Every page type is valid HTML: the Nu HTML Checker (vnu-jar, run with the
machine's Java) reports no error on any of them."""

import shutil
import subprocess
import urllib.error
import urllib.request

import pytest

from tests.browser.conftest import VNU_JAR
from tests.browser.test_page_types import PAGES

pytestmark = pytest.mark.browser


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 — the live server, http only
            return response.read()
    except urllib.error.HTTPError as error:  # the 404 page is a page too
        return error.read()


def nu_errors(files):
    java = shutil.which("java")
    if java is None or not VNU_JAR.exists():
        pytest.fail(
            f"the Nu HTML Checker needs Java and {VNU_JAR}: run `make test`, which installs it", pytrace=False
        )
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "gnu", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    return [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]


def test_every_page_type_is_valid_html(live_server, demo_images, tmp_path):
    files = []
    for name, url in PAGES.items():
        path = tmp_path / f"{name}.html"
        path.write_bytes(fetch(live_server.url + url))
        files.append(path)
    assert nu_errors(files) == []


def test_nu_check_reports_invalid_html(tmp_path):
    page = tmp_path / "broken.html"
    page.write_text('<!doctype html><html lang="en"><title>x</title><input type="search" role="combobox">')
    errors = nu_errors([page])
    assert any("error" in line and "input" in line for line in errors), errors
