"""``manage.py import_tvmaze``: files or a show id, the report, refusals, offline, images."""

import io
import json
import os
import socket
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests import factories as f
from wiki.models import Episode, Person, Show

from .tvmaze_files import CAST, DATA, GUIDE, counts, loaded, raw, spoiled

ROOT = Path(__file__).resolve().parents[2]


def closed_port():
    """A port nothing listens on (127.0.0.1), the system's pick."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def command(*args):
    out = io.StringIO()
    call_command("import_tvmaze", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def tvmaze_api():
    """A stand-in for api.tvmaze.com on 127.0.0.1: ``routes`` maps a path to the bytes it answers."""
    routes = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 — http.server's API
            body = routes.get(self.path)
            self.send_response(200 if body is not None else 404)
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.routes, server.url = routes, f"http://127.0.0.1:{server.server_port}"
    yield server
    server.shutdown()
    server.server_close()


@pytest.mark.django_db
def test_importing_files_prints_the_report():
    out = command(str(DATA / GUIDE), "--cast", str(DATA / CAST))
    assert out.startswith(
        "Created 20, changed 0, left alone 0, skipped 0, ignored 1.\n+ show 90001 (Soundtrack)\n"
    )
    assert "- episode 1900099 (S1E?): a special" in out
    assert Episode.objects.count() == 10
    assert command(str(DATA / GUIDE), "--cast", str(DATA / CAST)).startswith(
        "Created 0, changed 0, left alone 20,"
    )


@pytest.mark.django_db
def test_a_dry_run_prints_what_would_change_and_changes_nothing():
    out = command(str(DATA / GUIDE), "--dry-run")
    assert out.startswith("Would create 12, would change 0,")
    assert not Show.objects.exists()


@pytest.mark.django_db
def test_bad_input_ends_the_command_with_the_refusal(tmp_path):
    bad = tmp_path / "guide.json"
    bad.write_bytes(spoiled(GUIDE, lambda d: d["_embedded"]["episodes"][5].update(airdate="2019-13-45")))
    with pytest.raises(CommandError) as refused:
        command(str(bad))
    assert str(refused.value) == (
        'Refused, nothing was changed: guide.json: episode 1900006 (S1E6): airdate: "2019-13-45" is not a date (YYYY-MM-DD)'
    )
    assert counts()["Show"] == 0


def test_a_refusal_exits_non_zero_with_its_message(tmp_path):
    bad = tmp_path / "guide.json"
    bad.write_bytes(b'{"id": 1, "name": ')
    env = {**os.environ, "DEBUG": "1", "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}"}
    result = subprocess.run(
        [sys.executable, "manage.py", "import_tvmaze", str(bad)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "Refused, nothing was changed: guide.json: is not valid JSON (line 1, column 19" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_missing_file_is_a_message_not_a_traceback(tmp_path):
    with pytest.raises(CommandError, match=r"nowhere.json: cannot be read \(No such file or directory\)"):
        command(str(tmp_path / "nowhere.json"))


def test_offline_the_show_id_says_so_in_a_sentence(settings):
    settings.TVMAZE_API_URL = f"http://127.0.0.1:{closed_port()}"
    with pytest.raises(CommandError) as refused:
        command("--show-id", "90001", "--timeout", "2")
    message = str(refused.value)
    assert message.startswith(
        f"TVmaze: cannot reach {settings.TVMAZE_API_URL}/shows/90001?embed[]=episodes ("
    )
    assert "Is this machine offline?" in message and "import_tvmaze guide.json --cast cast.json" in message


@pytest.mark.django_db
def test_a_show_id_fetches_the_guide_and_the_cast(tvmaze_api):
    tvmaze_api.routes.update({"/shows/90001?embed[]=episodes": raw(GUIDE), "/shows/90001/cast": raw(CAST)})
    out = command("--show-id", "90001", "--api-url", tvmaze_api.url)
    assert out.startswith("Created 20,")
    assert Person.objects.count() == 4


@pytest.mark.django_db
def test_a_show_tvmaze_does_not_know_is_its_answer_not_a_traceback(tvmaze_api):
    with pytest.raises(
        CommandError, match=r"^TVmaze: http://127.0.0.1:\d+/shows/5\?embed\[\]=episodes answered 404"
    ):
        command("--show-id", "5", "--api-url", tvmaze_api.url)


@pytest.mark.django_db
def test_images_are_fetched_on_request_for_rows_without_one(tvmaze_api, tmp_path):
    png = f.make_image_upload(width=400, height=600, fmt="PNG").read()
    guide = loaded(GUIDE)
    guide["image"] = {"medium": None, "original": f"{tvmaze_api.url}/poster.png"}
    for episode in guide["_embedded"]["episodes"]:
        episode["image"] = {"original": f"{tvmaze_api.url}/missing.png"} if episode["number"] == 1 else None
    tvmaze_api.routes["/poster.png"] = png
    path = tmp_path / "guide.json"
    path.write_text(json.dumps(guide))
    out = command(str(path), "--images")
    assert "images stored: 1" in out
    assert "image skipped: http://127.0.0.1:" in out and "/missing.png answered 404" in out
    show = Show.objects.get()
    assert (show.poster_width, show.poster_height, show.poster_alt) == (400, 600, "Poster of Soundtrack")


@pytest.mark.django_db
def test_images_are_skipped_offline_and_the_import_still_happens(tmp_path):
    port = closed_port()
    path = tmp_path / "guide.json"
    path.write_bytes(spoiled(GUIDE, lambda d: d.update(image={"original": f"http://127.0.0.1:{port}/p.jpg"})))
    out = command(str(path), "--images", "--timeout", "2")
    assert "images stored: 0\nimages skipped: offline (cannot reach" in out
    assert Show.objects.get().poster.name == ""
    assert command(str(path), "--images", "--dry-run").endswith("images skipped: dry run\n")
