"""Django's Redis cache, made an accelerator the site can lose.

**Down is not an error page.** Every operation has a bounded wait (connect
and socket timeouts, ``CACHE_TIMEOUT_SECONDS``). When Redis does not answer,
the operation raises ``CacheUnavailable`` and the cache is not asked again
for ``CACHE_RETRY_SECONDS`` (it fails at once meanwhile), so a hung Redis
costs one bounded wait per interval, not one per request; after that the
next operation tries again, and caching resumes by itself. The outage is
logged once, then at most once every ``CACHE_LOG_SECONDS`` while it lasts,
and once more when Redis answers again. What each caller does without the
cache is the caller's to say: the page cache serves pages uncached
(``wiki.pagecache``), rate limits let requests through (``wiki.ratelimit``),
``/healthz`` reports ``"cache": "down"`` (``config.views``).

**One client per pool.** Django's ``RedisCacheClient`` builds a new
``redis.Redis`` for every cache operation, and building one (its response
callbacks) costs more CPU than the round trip to Redis: 57 µs against 117 µs
for a ``get`` here. The page cache asks Redis for its generation number on
every hit, so the client is made once per pool and reused; ``redis.Redis``
is safe to share between threads.

Settings swap this backend in for ``django.core.cache.backends.redis.RedisCache``.
"""

import functools
import logging
import time
from urllib.parse import urlsplit

import redis as redis_py
from django.conf import settings
from django.core.cache.backends import redis

logger = logging.getLogger("cuesheet.cache")


class CacheUnavailable(Exception):
    """The shared cache did not answer, or has not answered a moment ago: do without it."""


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class Outage:
    """Whether a cache server is answering, as this process last saw it."""

    def __init__(self, server):
        self.server = server
        self.down = False
        self.retry_at = self.logged_at = 0.0

    def check(self):
        if self.down and time.monotonic() < self.retry_at:
            raise CacheUnavailable(f"cache at {self.server} is down; next try in a moment")

    def failed(self, exc):
        now = time.monotonic()
        self.retry_at = now + settings.CACHE_RETRY_SECONDS
        if not self.down or now - self.logged_at >= settings.CACHE_LOG_SECONDS:
            self.logged_at = now
            logger.warning(
                "Cache at %s is unavailable (%s: %s): pages are served uncached and rate limits "
                "are not counted until it answers; trying again every %s s, logged every %s s.",
                self.server,
                exc.__class__.__name__,
                exc,
                settings.CACHE_RETRY_SECONDS,
                settings.CACHE_LOG_SECONDS,
            )
        self.down = True

    def answered(self):
        if self.down:
            self.down = False
            logger.warning("Cache at %s answers again: caching resumes.", self.server)


def _without_password(url):
    parts = urlsplit(url)
    return parts.netloc.rpartition("@")[2] or parts.path


def _guarded(operation):
    """``operation`` with the outage rules of the module docstring."""

    @functools.wraps(operation)
    def guarded(self, *args, **kwargs):
        self.outage.check()
        try:
            result = operation(self, *args, **kwargs)
        except (redis_py.ConnectionError, redis_py.TimeoutError) as exc:
            self.outage.failed(exc)
            raise CacheUnavailable(str(exc)) from exc
        self.outage.answered()
        return result

    return guarded


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        options = params.setdefault("OPTIONS", {})
        options.setdefault("socket_connect_timeout", settings.CACHE_TIMEOUT_SECONDS)
        options.setdefault("socket_timeout", settings.CACHE_TIMEOUT_SECONDS)
        super().__init__(server, params)
        self._class = RedisCacheClient
        self.outage = Outage(", ".join(_without_password(url) for url in self._servers))

    add = _guarded(redis.RedisCache.add)
    get = _guarded(redis.RedisCache.get)
    set = _guarded(redis.RedisCache.set)
    touch = _guarded(redis.RedisCache.touch)
    delete = _guarded(redis.RedisCache.delete)
    get_many = _guarded(redis.RedisCache.get_many)
    has_key = _guarded(redis.RedisCache.has_key)
    incr = _guarded(redis.RedisCache.incr)
    set_many = _guarded(redis.RedisCache.set_many)
    delete_many = _guarded(redis.RedisCache.delete_many)
    clear = _guarded(redis.RedisCache.clear)
