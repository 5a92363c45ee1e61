"""The page cache's *generation*: one number in the shared cache, part of every cached
page's key (``config.pagecache``), bumped after every commit that changes a watched row,
so every page is fresh on the request after an edit. With Redis, a process
reads the number again only when Redis says someone wrote it
(``config.cache_watch``), so a cache hit costs no round trip.

When the shared cache is down (``config.cache.CacheUnavailable``) a bump that could not be
stored, or a request that found the cache down, leaves a bump *owed*: it is made as soon as
the cache answers again, so no page stored before an edit made during the outage is served
after it.
"""

import time

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.db import transaction

from config.cache import CacheUnavailable

GENERATION_KEY = "pagecache:generation"

_bump_owed = False  # this process could not bump the generation, or saw the cache down


def bump_if_owed():
    """Make a bump this process owes, now that the cache may answer."""
    if _bump_owed:
        bump_generation()


def current_generation():
    bump_if_owed()
    if _bump_owed:  # an edit this process made is not in the cache yet: no cached page is fresh
        raise CacheUnavailable("a generation bump is owed")
    backend = caches[DEFAULT_CACHE_ALIAS]
    if hasattr(backend, "watch"):
        return backend.watch(GENERATION_KEY).read(_stored_generation)
    return _stored_generation()


def _stored_generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def bump_generation():
    """Make every cached page obsolete (or, with the cache down, as soon as it answers)."""
    global _bump_owed
    backend = caches[DEFAULT_CACHE_ALIAS]
    if hasattr(backend, "watch"):
        backend.watch(GENERATION_KEY).forget()
    try:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:  # not set yet, or evicted
            cache.set(GENERATION_KEY, time.time_ns(), timeout=None)
    except CacheUnavailable:
        owe_bump()
    else:
        _bump_owed = False


def owe_bump():
    """Remember that a bump is owed: the cache was down when pages may have gone stale."""
    global _bump_owed
    _bump_owed = True


def invalidate_on_commit(sender, **kwargs):
    """Signal receiver: a watched model changed, so pages are stale once it commits."""
    meta = sender._meta
    if meta.app_label in settings.PAGE_CACHE_WATCHED_APPS and (
        meta.label_lower not in settings.PAGE_CACHE_UNWATCHED_MODELS
    ):
        bump_on_commit()


def bump_on_commit():
    """Make every cached page obsolete once the transaction commits."""
    transaction.on_commit(bump_generation, robust=True)
