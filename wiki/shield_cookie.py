"""An anonymous reader's spoiler shield, kept in a signed cookie.

What a shielded page shows depends only on the reader's limits, so the page
cache (``config.pagecache``) keys pages by them and shares each copy between
readers at the same limits, never with readers at other limits or without a
shield. It must tell a reader's limits before Django runs, without a query:
hence a cookie rather than the session. The cookie is signed (``django.core.signing``
with ``SECRET_KEY``), so a reader cannot make the page cache store a page
under limits the page was not built for.

The value is the limits in one canonical form, ``<show id>-<sort_key>``
joined by ``.`` in show order: the same limits give the same cookie and the
same cache key. Signed-in readers keep their shields in ``ReaderProgress``
rows instead (``wiki.spoilers``); their pages are personal and never cached.
"""

import functools
import re

from django.conf import settings
from django.core import signing

SALT = "wiki.shield_cookie"
# On a response built for an anonymous shielded reader: the limits it was built for. The page
# cache stores such a page under those limits only, and takes the header off.
HEADER = "X-Shield-Limits"
VALUE = re.compile(r"\d{1,10}-\d{1,12}(?:\.\d{1,10}-\d{1,12}){0,199}")


def name():
    return settings.SHIELD_COOKIE_NAME


def canonical(limits):
    """``{show id: sort_key}`` as the cookie's (and the cache key's) text: "" for none."""
    return ".".join(f"{show}-{key}" for show, key in sorted(limits.items()))


def parse(text):
    """The limits a canonical text names, or None when it is not one."""
    if not VALUE.fullmatch(text):
        return None
    limits = {}
    for part in text.split("."):
        show, key = part.split("-")
        limits[int(show)] = int(key)
    return limits if canonical(limits) == text else None


def _signer():
    return signing.Signer(salt=SALT)


def read(signed):
    """The canonical limits text a signed cookie value carries; None when the
    value is missing, forged or malformed."""
    if not signed:
        return None
    return _read(signed, settings.SECRET_KEY, tuple(settings.SECRET_KEY_FALLBACKS))


@functools.lru_cache(maxsize=1024)
def _read(signed, key, fallback_keys):
    """``read``, remembered per value and keys: the page cache reads the cookie on every
    shielded reader's hit, and checking the signature was most of such a hit's own work."""
    try:
        text = signing.Signer(key=key, fallback_keys=fallback_keys, salt=SALT).unsign(signed)
    except signing.BadSignature:
        return None
    return text if parse(text) is not None else None


def store(response, limits):
    """Set the cookie to ``limits`` on ``response`` (delete it when there are none)."""
    if not limits:
        response.delete_cookie(name(), samesite="Lax")
        return
    response.set_cookie(
        name(),
        _signer().sign(canonical(limits)),
        max_age=settings.SHIELD_COOKIE_SECONDS,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
