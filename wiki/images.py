"""Checks for every uploaded image: real type by content, bytes, pixels."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from PIL import Image

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


def validate_image_upload(file):
    """Refuse an upload that is not a JPEG/PNG/WebP/GIF, too heavy or too large.

    Files already stored are not re-read: only new uploads are checked.
    """
    if getattr(file, "_committed", False):
        return
    if file.size > settings.IMAGE_MAX_BYTES:
        raise ValidationError(
            "This image is %(size)s; the limit is %(limit)s.",
            code="image_too_heavy",
            params={
                "size": filesizeformat(file.size),
                "limit": filesizeformat(settings.IMAGE_MAX_BYTES),
            },
        )
    file.seek(0)
    try:
        with Image.open(file) as image:
            fmt, (width, height) = image.format, image.size
    except Image.DecompressionBombError as exc:
        raise ValidationError(
            "This image has far too many pixels; the limit is %(limit)s megapixels.",
            code="image_too_large",
            params={"limit": settings.IMAGE_MAX_PIXELS // 1_000_000},
        ) from exc
    except (OSError, ValueError, SyntaxError) as exc:
        raise ValidationError(
            "This file is not an image we can read (JPEG, PNG, WebP or GIF).",
            code="image_unreadable",
        ) from exc
    finally:
        file.seek(0)
    if fmt not in ALLOWED_FORMATS:
        raise ValidationError(
            "%(format)s images are not accepted; use JPEG, PNG, WebP or GIF.",
            code="image_format",
            params={"format": fmt or "Unknown"},
        )
    if width * height > settings.IMAGE_MAX_PIXELS:
        raise ValidationError(
            "This image is %(width)s×%(height)s pixels; the limit is %(limit)s megapixels.",
            code="image_too_large",
            params={
                "width": width,
                "height": height,
                "limit": settings.IMAGE_MAX_PIXELS // 1_000_000,
            },
        )
