"""Images editors drop into the Markdown editor: checked, cleaned, stored under our name."""

import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from wiki.images import encode, read_upload

EXTENSIONS = {"JPEG": "jpg", "WEBP": "webp"}  # PNG and GIF become PNG


def store_editor_image(file):
    """Check an upload by content (``wiki.images.read_upload``: bytes, type, pixels,
    every pixel decoded), re-encode it so no metadata or trailing bytes survive,
    and store it under a random name. Returns the stored image's URL; raises
    ``ValidationError``."""
    fmt, image = read_upload(file)
    extension = EXTENSIONS.get(fmt, "png")
    name = default_storage.save(
        f"editor/{uuid.uuid4().hex}.{extension}", ContentFile(encode(image, extension))
    )
    return default_storage.url(name)
