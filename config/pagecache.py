"""Whole-page cache for anonymous readers, never stale.

``PageCache`` wraps the WSGI application (``config/wsgi.py``): a hit is
answered before Django builds a request or runs any middleware. Pages are
stored under the current *generation*, a number kept in the shared cache and
bumped (after commit) whenever a row of a watched app is saved or deleted,
so every page is fresh on the request after an edit. Keys also carry the
date (``TIME_ZONE``): what pages show can depend on it (the fresh-episode
embargo, ``Progress.embargoes``), so nothing cached yesterday is served today.

Only what is the same for every anonymous reader at the same spoiler limits
is cached: GET/HEAD, no session, auth or messages cookie (signed-in readers
and editors carry a session), and a 200 response without ``Set-Cookie`` or a
private/no-store ``Cache-Control``. An anonymous reader's shield is a signed
cookie (``wiki.shield_cookie``): its limits are part of the key, so readers at
the same limits share a copy and readers at other limits, or without a
shield, never see it. A shielded page is private for every other cache; this
one stores it only when the page names the very limits of its key
(``shield_cookie.HEADER``). A forged or malformed shield cookie reaches
Django, which ignores and deletes it. Responses carry an ``ETag`` from a
hash of the body; a matching ``If-None-Match`` gets ``304 Not Modified``.

When the shared cache is down (``config.cache.CacheUnavailable``) pages are
served uncached, and a generation bump is owed (``wiki.generation``).
"""

import functools
import hashlib
import zoneinfo
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.http.cookie import parse_cookie
from django.utils import timezone

from config.cache import CacheUnavailable
from wiki import shield_cookie
from wiki.generation import bump_if_owed, current_generation, owe_bump

SHIELD_HEADER = shield_cookie.HEADER.lower()

CACHED_TYPES = (
    "text/html",
    "application/json",
    "application/xml",
    "application/atom+xml",
    "application/rss+xml",
)


def _shield(environ):
    """The limits the reader's pages are built for: "" without a shield, None
    when the request is not for the cache (Django answers it)."""
    if environ.get("REQUEST_METHOD") not in ("GET", "HEAD") or environ.get("HTTP_AUTHORIZATION"):
        return None
    path = environ.get("PATH_INFO", "")
    if path.startswith(tuple(settings.PAGE_CACHE_EXCLUDED_PATHS)):
        return None
    raw = environ.get("HTTP_COOKIE")
    if not raw:
        return ""
    # Read as Django reads ``request.COOKIES``: the standard library's parser gives up at the
    # first cookie it finds odd ('a="b', a space in a name), so it missed the shield or the
    # session after one, and such a reader was served the page for nobody.
    cookies = parse_cookie(raw)
    if any(name in cookies for name in settings.PAGE_CACHE_BYPASS_COOKIES):
        return None
    shield = cookies.get(shield_cookie.name())
    if shield is None:
        return ""
    return shield_cookie.read(shield)


def _storable(status, headers, shield):
    if not status.startswith("200"):
        return False
    names = {name.lower(): value for name, value in headers}
    if "set-cookie" in names:
        return False
    control = names.get("cache-control", "").lower()
    if "no-store" in control or "no-cache" in control:
        return False
    if "private" in control and not (shield and names.get(SHIELD_HEADER) == shield):
        return False
    return names.get("content-type", "").split(";")[0].strip() in CACHED_TYPES


@functools.cache
def _zone():
    """``TIME_ZONE``'s zone, looked up once (Django's current zone costs a context lookup)."""
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def _public(headers):
    return [(name, value) for name, value in headers if name.lower() != SHIELD_HEADER]


def _publicly(start_response):
    """``start_response`` for an answer the page cache passes through: without the
    header that is only for the page cache."""
    return lambda status, headers, exc_info=None: start_response(status, _public(headers), exc_info)


class PageCache:
    """WSGI middleware serving cached anonymous pages (see the module docstring).

    Each process also keeps the last ``LOCAL_ENTRIES`` pages it served in
    memory, under the same generation-bearing keys: with Redis telling each
    worker of a new generation (``config.cache_watch``), a hit then makes no
    round trip at all.
    """

    LOCAL_ENTRIES = 512

    def __init__(self, application):
        self.application = application
        self.local = OrderedDict()

    def _get(self, key):
        hit = self.local.get(key)
        if hit is None:
            hit = cache.get(key)
            if hit is not None:
                self._remember(key, hit)
        return hit

    def _store(self, key, entry):
        try:
            cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
        except CacheUnavailable:
            owe_bump()
            return
        self._remember(key, entry)

    def _remember(self, key, entry):
        self.local[key] = entry
        if len(self.local) > self.LOCAL_ENTRIES:
            self.local.popitem(last=False)

    def __call__(self, environ, start_response):
        bump_if_owed()  # on every kind of request: editors' ones bypass the cache
        shield = _shield(environ) if settings.PAGE_CACHE_SECONDS else None
        if shield is None:
            return self.application(environ, _publicly(start_response))
        try:
            key = "page:{}:{}:{}:{}:{}?{}".format(
                current_generation(),
                timezone.localdate(timezone=_zone()).isoformat(),
                shield,
                environ.get("HTTP_HOST", ""),
                environ.get("PATH_INFO", ""),
                environ.get("QUERY_STRING", ""),
            )
            hit = self._get(key)
        except CacheUnavailable:
            owe_bump()
            return self.application(environ, _publicly(start_response))
        if hit is not None:
            status, headers, body = hit
            return self._answer(environ, start_response, status, headers + [("X-Cache", "hit")], body)

        captured = {}

        def capture(status, headers, exc_info=None):
            captured.update(status=status, headers=list(headers))
            return lambda data: None  # body comes back through the iterable below

        result = self.application(environ, capture)
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        status, headers = captured["status"], captured["headers"]
        storable = _storable(status, headers, shield)
        headers = _public(headers)
        if storable:
            headers = [(n, v) for n, v in headers if n.lower() != "etag"]
            headers.append(("ETag", f'"{hashlib.blake2b(body, digest_size=12).hexdigest()}"'))
            if environ["REQUEST_METHOD"] == "GET":
                self._store(key, (status, headers, body))
            headers = headers + [("X-Cache", "miss")]
        return self._answer(environ, start_response, status, headers, body)

    @staticmethod
    def _answer(environ, start_response, status, headers, body):
        etag = next((v for n, v in headers if n == "ETag"), None)
        if etag and etag in environ.get("HTTP_IF_NONE_MATCH", ""):
            kept = [(n, v) for n, v in headers if n.lower() not in ("content-length", "content-type")]
            start_response("304 Not Modified", kept)
            return []
        start_response(status, headers)
        return [] if environ.get("REQUEST_METHOD") == "HEAD" else [body]
