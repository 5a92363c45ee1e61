"""Uploaded images are checked by content, bytes and pixels."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests import factories as f
from wiki.images import validate_image_upload


def png(width=10, height=10):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "purple").save(buffer, "PNG")
    return SimpleUploadedFile("p.png", buffer.getvalue(), content_type="image/png")


def test_a_real_png_passes():
    validate_image_upload(png())


def test_a_text_file_named_png_is_refused():
    fake = SimpleUploadedFile("evil.png", b"<script>alert(1)</script>", content_type="image/png")
    with pytest.raises(ValidationError, match="not an image we can read"):
        validate_image_upload(fake)


def test_too_many_pixels_is_refused(settings):
    settings.IMAGE_MAX_PIXELS = 50 * 50
    with pytest.raises(ValidationError, match="pixels"):
        validate_image_upload(png(60, 60))


def test_too_many_bytes_is_refused(settings):
    settings.IMAGE_MAX_BYTES = 10
    with pytest.raises(ValidationError, match="the limit is"):
        validate_image_upload(png())


@pytest.mark.django_db
def test_admin_refuses_a_fake_portrait_with_a_message(editor_client):
    show = f.make_show()
    response = editor_client.post(
        "/admin/wiki/character/add/",
        {"show": show.pk, "name": "Nellie", "slug": "nellie",
         "portrait": SimpleUploadedFile("x.png", b"GIF89a not really", content_type="image/png")},
    )  # fmt: skip
    assert response.status_code == 200
    assert "Upload a valid image" in response.content.decode()
