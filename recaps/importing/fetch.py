"""Fetching a source's files over the network, where there is one: a short
timeout, at most ``MAX_BYTES``, and ``Unreachable`` (a sentence, not a
traceback) when the machine is offline or the source says no."""

import urllib.error
import urllib.request

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from .base import MAX_BYTES

USER_AGENT = "Cuesheet importer (https://github.com/cuesheet)"


class Unreachable(Exception):
    """The source could not be reached (``offline``), or did not answer with the file."""

    def __init__(self, message, *, offline=False):
        super().__init__(message)
        self.offline = offline


def fetch(url, *, timeout=10):
    """The bytes at ``url`` (http or https only), cut at ``MAX_BYTES`` + 1 so
    ``read_text`` refuses an oversized answer with its usual message."""
    if not url.lower().startswith(("http://", "https://")):
        raise Unreachable(f"{url}: not an http(s) address")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 — scheme checked above
            return response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise Unreachable(f"{url} answered {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise Unreachable(
            f"cannot reach {url} ({getattr(exc.reason, 'strerror', None) or exc.reason})", offline=True
        ) from None
    except (TimeoutError, OSError) as exc:
        raise Unreachable(
            f"cannot reach {url} ({exc.strerror or exc.__class__.__name__})", offline=True
        ) from None


def store_images(images, *, timeout=10):
    """Fetch and store each offered image (``tvmaze.Image``) on a row that still has
    none; returns what was stored and skipped, as report lines. Never required:
    offline, the rest are skipped at once."""
    lines, stored = [], 0
    for image in images:
        try:
            content = fetch(image.url, timeout=timeout)
        except Unreachable as exc:
            if exc.offline:
                lines.append(f"images skipped: offline ({exc})")
                break
            lines.append(f"image skipped: {exc}")
            continue
        obj = type(image.obj).objects.get(pk=image.obj.pk)
        if getattr(obj, image.field):
            continue  # an editor added one meanwhile
        setattr(obj, image.field, ContentFile(content, name=image.url.rsplit("/", 1)[-1] or "image"))
        setattr(obj, f"{image.field}_alt", image.alt)
        try:
            obj.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            lines.append(f"image skipped: {image.url}: {' '.join(exc.messages)}")
            continue
        with transaction.atomic():
            obj.save()
        stored += 1
    return [f"images stored: {stored}", *lines]
