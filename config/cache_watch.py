"""Knowing, without a round trip, that no one has written a Redis key.

The page cache needs its generation (``wiki.generation``) on every hit, and
asking Redis for it was most of a hit's cost: a round trip, with a switch to
the Redis process and back, on a machine whose cores are busy serving. A
``KeyWatch`` asks Redis once, then trusts its copy until Redis says the key
changed. It uses Redis's client-side caching support (``CLIENT TRACKING``, in
broadcast mode, since Redis 6): one connection per process turns tracking on
for the key's name, redirected to itself, and subscribes to the invalidation
channel. Whoever writes the key (any process, any machine), Redis pushes a
message on that connection before it answers the writer, so the next
request here, which polls the socket without waiting (a few µs), sees it and
reads the key again. A flush of the database sends one too.

Anything unexpected (no connection yet, a dropped or broken one, a fork, an
error) makes ``fresh()`` answer False, so the caller asks Redis as it did
before. A hung Redis sends no messages either, so a copy is trusted for
``CACHE_WATCH_SECONDS`` at most (one round trip a second, by default): a worker
finds out about an outage within that time. The watch connects only after Redis has just answered a read (so a
hung Redis still costs one bounded wait, ``config.cache``), at most once every
``CACHE_RETRY_SECONDS``, and trusts only copies read after it subscribed.
"""

import os
import threading
import time

import redis as redis_py
from django.conf import settings

CHANNEL = "__redis__:invalidate"
FAILURES = (redis_py.ConnectionError, redis_py.TimeoutError, redis_py.ResponseError, OSError)


class KeyWatch:
    """The value of the key named ``key`` (its full name in Redis), read again
    only when someone may have written it."""

    def __init__(self, url, key, **options):
        self.pool = redis_py.ConnectionPool.from_url(url, protocol=2, **options)
        self.key = key
        self.connection = None
        self.pid = None
        self.retry_at = 0.0
        self.lock = threading.Lock()
        self.value = None
        self.trusted_until = 0.0

    def read(self, load):
        """The key's value: ``load()`` when it may have changed, else the copy
        loaded last (``load`` returns None for a missing key: never trusted)."""
        now = time.monotonic()
        if self.fresh() and self.value is not None and now < self.trusted_until:
            return self.value
        self.value = None  # if load() fails, nothing stale is kept
        value = load()
        if self.connection is None:
            # Redis has just answered: watch from now on, and trust only a copy read after that.
            self._connect()
        else:
            self.value, self.trusted_until = value, now + settings.CACHE_WATCH_SECONDS
        return value

    def forget(self):
        """This process has just written the key: read it again next time."""
        self.value = None

    def fresh(self):
        """True when the watch is live and no write came since the last call;
        False means "ask Redis" (and, after a False, a copy read now is the
        one later True answers vouch for)."""
        with self.lock:
            if self.connection is None or self.pid != os.getpid():
                self.connection = None
                return False
            try:
                changed = False
                while self.connection.can_read(timeout=0):
                    self.connection.read_response()
                    changed = True
                return not changed
            except FAILURES:
                self._drop()
                return False

    def _connect(self):
        self.connection = None
        now = time.monotonic()
        if now < self.retry_at:
            return
        self.retry_at = now + settings.CACHE_RETRY_SECONDS
        connection = self.pool.make_connection()
        try:
            connection.connect()
            connection.send_command("CLIENT", "ID")
            own_id = connection.read_response()
            connection.send_command(
                "CLIENT", "TRACKING", "ON", "REDIRECT", own_id, "BCAST", "PREFIX", self.key
            )
            connection.read_response()
            connection.send_command("SUBSCRIBE", CHANNEL)
            connection.read_response()
        except FAILURES:
            connection.disconnect()
            return
        self.connection, self.pid = connection, os.getpid()

    def _drop(self):
        if self.connection is not None:
            self.connection.disconnect()
        self.connection = None
