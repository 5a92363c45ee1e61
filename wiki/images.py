"""Uploaded images, in one place: the checks every upload passes (type by
content, bytes, pixels), alt text, and the resized renditions pages serve."""

import io
import re
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.template.defaultfilters import filesizeformat
from PIL import Image, ImageCms, ImageOps

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


UNREADABLE = "This file is not an image we can read (JPEG, PNG, WebP or GIF)."
DAMAGED = (
    "This image is cut short or damaged, so it is not an image we can read: upload the whole file again."
)


def validate_image_upload(file):
    """Refuse an upload that is not a whole JPEG/PNG/WebP/GIF, too heavy or too large.

    Files already stored are not re-read: only new uploads are checked.
    """
    if not getattr(file, "_committed", False):
        read_upload(file)


def read_upload(file):
    """Check an upload (bytes, type by content, pixels, then every pixel decoded)
    and return ``(format, image)``: its first frame, upright, in sRGB, RGB or
    RGBA, with no metadata left (EXIF, XMP, ICC, comments, text chunks).
    Raises ``ValidationError`` with a message for the editor."""
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
            _check_format_and_pixels(image.format, *image.size)
            try:
                image.seek(0)  # the first frame of an animation
                image.load()
                return image.format, _upright_srgb(image)
            except (OSError, ValueError, SyntaxError, EOFError) as exc:
                raise ValidationError(DAMAGED, code="image_damaged") from exc
    except Image.DecompressionBombError as exc:
        raise ValidationError(
            "This image has far too many pixels; the limit is %(limit)s megapixels.",
            code="image_too_large",
            params={"limit": settings.IMAGE_MAX_PIXELS // 1_000_000},
        ) from exc
    except (OSError, ValueError, SyntaxError) as exc:
        raise ValidationError(UNREADABLE, code="image_unreadable") from exc
    finally:
        file.seek(0)


def _check_format_and_pixels(fmt, width, height):
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


# Renditions. An image field ``<name>`` comes with ``<name>_alt``, ``<name>_width``
# and ``<name>_height`` on its model. On save a new upload is re-encoded without
# metadata as ``<folder>/<16 hex>.jpg`` (``.png`` when it has transparency), and
# beside it go ``<16 hex>-<width>.webp`` and ``-<width>.jpg|png`` for each width
# below. Pages build srcset from the name and the stored size alone: no file is
# read while rendering.
RENDITION_WIDTHS = (160, 320, 640, 1280)
OUR_NAME = re.compile(r"[\w/]*/[0-9a-f]{16}\.(jpg|png)")
ENCODINGS = {
    "jpg": ("JPEG", {"quality": 85, "optimize": True, "progressive": True}),
    "png": ("PNG", {"optimize": True}),
    "webp": ("WEBP", {"quality": 80, "method": 5}),
}


def rendition_widths(width):
    """The widths made for an image ``width`` pixels wide; never upscaled."""
    widths = [w for w in RENDITION_WIDTHS if w < width]
    return widths + [width] if width <= RENDITION_WIDTHS[-1] else widths


def rendition_name(name, width, ext):
    return f"{name.rsplit('.', 1)[0]}-{width}.{ext}"


def require_alt_text(instance, field):
    """Model ``clean()`` helper: an image needs alt text."""
    if getattr(instance, field) and not getattr(instance, f"{field}_alt").strip():
        raise ValidationError(
            {f"{field}_alt": "Describe this image for readers who cannot see it (alt text)."},
            code="image_alt_missing",
        )


def store_upload(instance, field):
    """Model ``save()`` helper: re-encode a new upload under a name we choose,
    without metadata, upright and in sRGB, and write its renditions. Stored
    files are left alone."""
    fieldfile = getattr(instance, field)
    if not fieldfile:
        setattr(instance, f"{field}_width", None)
        setattr(instance, f"{field}_height", None)
    if not fieldfile or fieldfile._committed:
        return
    _, image = read_upload(fieldfile)
    ext = "png" if image.mode == "RGBA" else "jpg"
    fieldfile.save(f"{secrets.token_hex(8)}.{ext}", ContentFile(encode(image, ext)), save=False)
    setattr(instance, f"{field}_width", image.width)
    setattr(instance, f"{field}_height", image.height)
    for width in rendition_widths(image.width):
        height = max(1, round(image.height * width / image.width))
        resized = image if width == image.width else image.resize((width, height), Image.Resampling.LANCZOS)
        for rendition_ext in ("webp", ext):
            fieldfile.storage.save(
                rendition_name(fieldfile.name, width, rendition_ext),
                ContentFile(encode(resized, rendition_ext)),
            )


def _upright_srgb(image):
    icc = image.info.get("icc_profile")
    image = ImageOps.exif_transpose(image)
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    image = image.convert("RGBA" if has_alpha else "RGB")
    if icc:
        try:
            srgb = ImageCms.createProfile("sRGB")
            image = ImageCms.profileToProfile(image, io.BytesIO(icc), srgb, outputMode=image.mode)
        except ImageCms.PyCMSError:
            pass  # a broken profile: keep the pixels as they are
    image.info = {}  # Pillow writes some of it back (comments, ICC profiles) when saving
    return image


def encode(image, ext):
    """``image`` as ``ext`` (jpg, png or webp) bytes; images from ``read_upload``
    carry no metadata, and Pillow writes none unless asked to."""
    buffer = io.BytesIO()
    fmt, options = ENCODINGS[ext]
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


@dataclass(frozen=True)
class Picture:
    """What ``<picture>`` needs: URLs, srcsets and the intrinsic size."""

    src: str
    width: int | None
    height: int | None
    srcset: str = ""
    webp_srcset: str = ""


def picture_of(instance, field):
    """The ``Picture`` of ``instance.<field>``, or None when there is no image.

    Built from the stored name and size only: no query, no file read. Images
    stored before renditions existed are served as they are."""
    fieldfile = getattr(instance, field)
    if not fieldfile:
        return None
    name, storage = fieldfile.name, fieldfile.storage
    width, height = getattr(instance, f"{field}_width"), getattr(instance, f"{field}_height")
    match = OUR_NAME.fullmatch(name)
    if not (match and width and height):
        return Picture(src=storage.url(name), width=width, height=height)

    url = _rendition_urls(storage, name)

    def srcset(ext):
        return ", ".join(f"{url(w, ext)} {w}w" for w in rendition_widths(width))

    fallback_width = max(w for w in rendition_widths(width) if w <= 640)
    return Picture(
        src=url(fallback_width, match[1]),
        width=width,
        height=height,
        srcset=srcset(match[1]),
        webp_srcset=srcset("webp"),
    )


def _rendition_urls(storage, name):
    """``storage.url()`` of each rendition of ``name``: on the file system, one call and a
    string join per width (a rendition's name adds only ``-<width>.<ext>``, which URL
    quoting keeps as it is); a picture has a dozen renditions."""
    stem = name.rsplit(".", 1)[0]
    if isinstance(storage, FileSystemStorage) and stem.isascii():
        base = storage.url(stem)
        return lambda width, ext: f"{base}-{width}.{ext}"
    return lambda width, ext: storage.url(rendition_name(name, width, ext))
