"""Images editors drop into the Markdown editor: checked, cleaned, stored under our name."""

import io
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps

from wiki.images import validate_image_upload

OUTPUT = {"JPEG": ("JPEG", "jpg"), "PNG": ("PNG", "png"), "WEBP": ("WEBP", "webp"), "GIF": ("PNG", "png")}
UNREADABLE = "This file is not an image we can read (JPEG, PNG, WebP or GIF)."


def store_editor_image(file):
    """Check an upload by content (``wiki.images``: type, bytes, pixels), re-encode
    it so no metadata or trailing bytes survive, and store it under a random
    name. Returns the stored image's URL; raises ``ValidationError``."""
    validate_image_upload(file)
    file.seek(0)
    try:
        with Image.open(file) as source:
            fmt, extension = OUTPUT[source.format]
            source.load()
            image = ImageOps.exif_transpose(source)  # keep the orientation, drop the EXIF
            has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
            image = image.convert("RGBA" if has_alpha and fmt != "JPEG" else "RGB")
            image.info = {}
            buffer = io.BytesIO()
            image.save(buffer, fmt, **({"quality": 88} if fmt in ("JPEG", "WEBP") else {"optimize": True}))
    except (Image.DecompressionBombError, OSError, ValueError, SyntaxError, KeyError) as exc:
        raise ValidationError(UNREADABLE, code="image_unreadable") from exc
    name = default_storage.save(f"editor/{uuid.uuid4().hex}.{extension}", ContentFile(buffer.getvalue()))
    return default_storage.url(name)
