"""The editor's preview and image upload: staff only, the pages' renderer, uploads checked and cleaned."""

import io
import struct
import zlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests import factories as f

PREVIEW, UPLOAD = "/editors/markdownx/markdownify/", "/editors/markdownx/upload/"
PAYLOAD = b"<?php system($_GET['c']); ?>"


def jpeg_with_exif_and_payload():
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x8825] = {2: (51.0, 30.0, 0.0)}  # GPS latitude
    Image.new("RGB", (40, 30), "teal").save(buffer, "JPEG", exif=exif)
    return SimpleUploadedFile("holiday photo.jpg", buffer.getvalue() + PAYLOAD, content_type="image/jpeg")


def png_bomb(width=100_000, height=100_000):
    """A tiny PNG whose header claims a huge image."""
    buffer = io.BytesIO()
    Image.new("1", (1, 1)).save(buffer, "PNG")
    data = bytearray(buffer.getvalue())
    ihdr = struct.pack(">II", width, height) + bytes(data[24:29])
    data[16:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    return SimpleUploadedFile("bomb.png", bytes(data), content_type="image/png")


def stored_files(settings):
    root = Path(settings.MEDIA_ROOT)
    return list(root.rglob("*.*")) if root.exists() else []


@pytest.fixture
def reader_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("reader", password="pw"))
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "reader"])
def test_preview_and_upload_refuse_everyone_but_staff(client, django_user_model, settings, who):
    if who == "reader":
        client.force_login(django_user_model.objects.create_user("reader", password="pw"))
    preview = client.post(PREVIEW, {"content": "**hi**"})
    upload = client.post(UPLOAD, {"image": jpeg_with_exif_and_payload()})
    for response in (preview, upload):
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert b"<strong>" not in preview.content
    assert stored_files(settings) == []


@pytest.mark.django_db
def test_preview_uses_the_pages_renderer_with_links_in_the_show(editor_client):
    show = f.make_show(slug="soundtrack")
    f.make_character(show, name="Nellie", slug="nellie")
    response = editor_client.post(
        f"{PREVIEW}?show={show.pk}", {"content": "**[[Nellie]]** <script>x()</script>"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert '<strong><a class="wikilink" href="/shows/soundtrack/characters/nellie/"' in html
    assert "<script" not in html
    assert editor_client.get(PREVIEW).status_code == 405
    assert editor_client.post(f"{PREVIEW}?show=99999999999999", {"content": "[[x]]"}).status_code == 200


@pytest.mark.django_db
def test_recap_editor_is_the_markdownx_widget_previewing_in_the_recaps_show(editor_client):
    recap = f.make_recap()
    page = editor_client.get(f"/admin/recaps/recap/{recap.pk}/change/").content.decode()
    assert "markdownx-editor" in page
    assert f'data-markdownx-urls-path="/editors/markdownx/markdownify/?show={recap.episode.show_id}"' in page
    assert 'data-markdownx-upload-urls-path="/editors/markdownx/upload/"' in page


@pytest.mark.django_db
def test_uploaded_image_is_re_encoded_without_metadata_or_payload_under_our_name(editor_client, settings):
    response = editor_client.post(UPLOAD, {"image": jpeg_with_exif_and_payload()})
    assert response.status_code == 200
    code = response.json()["image_code"]
    assert code.startswith("![Describe the image](/media/editor/") and code.endswith(".jpg)")
    [stored] = stored_files(settings)
    assert "holiday" not in stored.name and len(stored.stem) == 32
    content = stored.read_bytes()
    assert PAYLOAD not in content and b"SecretCam" not in content
    with Image.open(stored) as image:
        assert image.format == "JPEG" and image.size == (40, 30)
        assert not image.getexif()


@pytest.mark.django_db
def test_transparent_png_and_gif_are_kept_as_png(editor_client, settings):
    for name, fmt, mode in (("a.png", "PNG", "RGBA"), ("b.gif", "GIF", "P")):
        buffer = io.BytesIO()
        Image.new(mode, (8, 8)).save(buffer, fmt)
        response = editor_client.post(UPLOAD, {"image": SimpleUploadedFile(name, buffer.getvalue())})
        assert response.status_code == 200 and response.json()["image_code"].endswith(".png)")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (lambda: SimpleUploadedFile("evil.png", b"<script>alert(1)</script>"), "not an image we can read"),
        (lambda: SimpleUploadedFile("x.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
         "not an image we can read"),
        (lambda: SimpleUploadedFile("cut.jpg", jpeg_with_exif_and_payload().read()[:200]), "not an image we can read"),
        (lambda: png_bomb(), "megapixels"),
        (lambda: png_bomb(30_000, 30_000), "megapixels"),
    ],
)  # fmt: skip
def test_bad_files_are_refused_with_a_clear_message(editor_client, settings, upload, message):
    response = editor_client.post(UPLOAD, {"image": upload()})
    assert response.status_code == 400
    assert message in " ".join(response.json()["image"])
    assert stored_files(settings) == []


@pytest.mark.django_db
def test_too_heavy_and_missing_files_are_refused(editor_client, settings):
    settings.IMAGE_MAX_BYTES = 300
    response = editor_client.post(UPLOAD, {"image": jpeg_with_exif_and_payload()})
    assert response.status_code == 400 and "the limit is 300" in response.json()["image"][0]
    response = editor_client.post(UPLOAD, {})
    assert response.status_code == 400 and response.json() == {"image": ["Choose an image file to upload."]}
