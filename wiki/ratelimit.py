"""Rate limits kept in the shared cache: a counter per key in a fixed window.

The JSON API counts requests per address; comments count posts per address
and per session. Every app server sees the same counters when the cache is
shared (Redis), as it must be for the page cache anyway. While the cache is
down nothing is counted and nothing is refused: a limit fails open (the
cache logs the outage, ``config.cache``), as the pages themselves stay up.
"""

from django.conf import settings
from django.core.cache import cache

from config.cache import CacheUnavailable


def client_address(request):
    """The reader's address: ``REMOTE_ADDR``, or with ``USE_X_FORWARDED_FOR``
    the last address in ``X-Forwarded-For`` (the one our own proxy added)."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "") if settings.USE_X_FORWARDED_FOR else ""
    if forwarded:
        return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def over_limit(key, limit, window):
    """Count one more event under ``key``; True once there have been more
    than ``limit`` in the current window of ``window`` seconds."""
    key = f"rate:{key}"
    try:
        cache.add(key, 0, timeout=window)
        try:
            count = cache.incr(key)
        except ValueError:  # the window expired between add and incr
            cache.set(key, 1, timeout=window)
            count = 1
    except CacheUnavailable:
        return False
    return count > limit
