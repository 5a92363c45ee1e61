"""Every page has a favicon, touch icons and a web app manifest: no 404 in the browser's console."""

import io
import json

import pytest
from PIL import Image


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.django_db
def test_favicon_is_served_at_the_site_root(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert Image.open(io.BytesIO(body(response))).format == "ICO"


@pytest.mark.django_db
def test_manifest_names_the_site_and_every_icon_it_lists_is_served_at_its_size(client):
    response = client.get("/site.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/manifest+json")
    manifest = json.loads(body(response))
    assert manifest["name"] == "Cuesheet" and manifest["start_url"] == "/"
    for icon in manifest["icons"]:
        image = client.get(icon["src"])
        assert image.status_code == 200, icon["src"]
        if icon["type"] == "image/png":
            width, height = Image.open(io.BytesIO(body(image))).size
            assert icon["sizes"] == f"{width}x{height}"


def test_every_page_links_its_icons_and_manifest(client, demo):
    html = client.get("/").content.decode()
    for link in (
        'rel="icon" href="/favicon.ico"',
        'rel="apple-touch-icon"',
        'rel="manifest" href="/site.webmanifest"',
    ):
        assert link in html
    assert client.get("/apple-touch-icon.png").status_code == 200
