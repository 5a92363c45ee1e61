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
(``config.pagecache``), rate limits let requests through (``wiki.ratelimit``),
``/healthz`` reports ``"cache": "down"`` (``config.views``).

**One client per server.** Django's ``RedisCacheClient`` builds a new
``redis.Redis`` for every cache operation, and building one (its response
callbacks) costs more CPU than the round trip to Redis: 57 µs against 117 µs
for a ``get`` here. The page cache asks Redis for its generation number on
every hit, so the client is made once per server and reused; ``redis.Redis``
is safe to share between threads.

Settings swap this backend in for ``django.core.cache.backends.redis.RedisCache``.
It is a custom cache backend as Django's cache documentation describes one:
a ``BaseCache`` whose methods make and validate keys and work out timeouts as
Django's Redis backend does, then hand the work to Django's
``RedisCacheClient`` (its serializer, its commands). Our subclass of that
client overrides only ``get_client``, the hook Django leaves for custom
clients, and builds its clients with redis-py's public API. The same
``OPTIONS`` apply (``pool_class``, ``parser_class``, ``serializer``, and
redis-py's connection keywords such as ``db`` or ``max_connections``).
"""

import functools
import logging
import random
import re
import time
from urllib.parse import urlsplit

import redis as redis_py
from django.conf import settings
from django.core.cache.backends import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.utils.module_loading import import_string

logger = logging.getLogger("cuesheet.cache")


class CacheUnavailable(Exception):
    """The shared cache did not answer, or has not answered a moment ago: do without it."""


def _imported(value, default):
    return import_string(value) if isinstance(value, str) else value or default


class RedisCacheClient(redis.RedisCacheClient):
    """Django's client, keeping one ``redis.Redis`` per server. Writes go to
    the first server, reads to one of the others when there are more, as in
    Django's client."""

    def __init__(self, servers, serializer=None, pool_class=None, parser_class=None, **options):
        super().__init__(servers, serializer, pool_class, parser_class, **options)
        self.servers = servers
        self.pool_class = _imported(pool_class, redis_py.ConnectionPool)
        self.pool_options = {"parser_class": _imported(parser_class, redis_py.connection.DefaultParser)}
        self.pool_options |= options
        self.clients = {}

    def get_client(self, key=None, *, write=False):
        index = 0 if write or len(self.servers) == 1 else random.randint(1, len(self.servers) - 1)
        client = self.clients.get(index)
        if client is None:
            pool = self.pool_class.from_url(self.servers[index], **self.pool_options)
            client = self.clients[index] = redis_py.Redis(connection_pool=pool)
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


class RedisCache(BaseCache):
    """Django's Redis cache backend, with one client per server and the
    outage rules of the module docstring."""

    def __init__(self, server, params):
        super().__init__(params)
        self.servers = re.split("[;,]", server) if isinstance(server, str) else server
        options = {
            "socket_connect_timeout": settings.CACHE_TIMEOUT_SECONDS,
            "socket_timeout": settings.CACHE_TIMEOUT_SECONDS,
        } | params.get("OPTIONS", {})
        self.client = RedisCacheClient(self.servers, **options)
        self.outage = Outage(", ".join(_without_password(url) for url in self.servers))
        self.watches = {}

    def get_backend_timeout(self, timeout=DEFAULT_TIMEOUT):
        """Seconds for Redis: None keeps the key, zero or less deletes it."""
        if timeout == DEFAULT_TIMEOUT:
            timeout = self.default_timeout
        return None if timeout is None else max(0, int(timeout))

    def watch(self, key, version=None):
        """The ``config.cache_watch.KeyWatch`` of ``key`` (one per key), on the
        server writes go to."""
        from config.cache_watch import KeyWatch

        watch = self.watches.get((key, version))
        if watch is None:
            options = {k: v for k, v in self.client.pool_options.items() if k != "parser_class"}
            full_name = self.make_and_validate_key(key, version=version)
            watch = self.watches[key, version] = KeyWatch(self.servers[0], full_name, **options)
        return watch

    @_guarded
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        return self.client.add(key, value, self.get_backend_timeout(timeout))

    @_guarded
    def get(self, key, default=None, version=None):
        return self.client.get(self.make_and_validate_key(key, version=version), default)

    @_guarded
    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        self.client.set(key, value, self.get_backend_timeout(timeout))

    @_guarded
    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        return self.client.touch(key, self.get_backend_timeout(timeout))

    @_guarded
    def delete(self, key, version=None):
        return self.client.delete(self.make_and_validate_key(key, version=version))

    @_guarded
    def get_many(self, keys, version=None):
        names = {self.make_and_validate_key(key, version=version): key for key in keys}
        return {names[key]: value for key, value in self.client.get_many(names.keys()).items()}

    @_guarded
    def has_key(self, key, version=None):
        return self.client.has_key(self.make_and_validate_key(key, version=version))

    @_guarded
    def incr(self, key, delta=1, version=None):
        return self.client.incr(self.make_and_validate_key(key, version=version), delta)

    @_guarded
    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        if data:
            data = {self.make_and_validate_key(key, version=version): value for key, value in data.items()}
            self.client.set_many(data, self.get_backend_timeout(timeout))
        return []

    @_guarded
    def delete_many(self, keys, version=None):
        if keys:
            self.client.delete_many([self.make_and_validate_key(key, version=version) for key in keys])

    @_guarded
    def clear(self):
        return self.client.clear()
