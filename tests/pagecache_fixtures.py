"""The page cache's test fixtures: the shared cache (local memory, and the local Redis when one
answers), the app behind the page cache, and ``get`` to call it as a server would. The fixtures
reach every test through ``tests/conftest.py``."""

import io
import socket
import uuid

import pytest
import redis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections

from config.pagecache import PageCache

EPISODE_2 = "/shows/soundtrack/season-1/episode-2/"
# The local Redis, on a database of these tests' own, under a prefix of this run's own:
# the tests delete only the keys they wrote (never FLUSHDB), so other runs are left alone.
REDIS_URL = "redis://127.0.0.1:6379/9"
KEY_PREFIX = f"cuesheet-test-{uuid.uuid4().hex}"


def redis_answers():
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


def own_redis_keys(delete=False):
    """The keys this run wrote to the local Redis (deleted if ``delete``)."""
    with redis.Redis.from_url(REDIS_URL) as client:
        keys = list(client.scan_iter(match=f"{KEY_PREFIX}:*", count=1000))
        if delete and keys:
            client.delete(*keys)
    return keys


@pytest.fixture(params=["locmem", "redis"])
def shared_cache(request, settings):
    """The cache the page cache shares between workers: local memory, and the
    local Redis server when one answers (``RedisCache``, as in production)."""
    if request.param == "locmem":
        cache.clear()
        yield request.param
        return
    if not redis_answers():
        pytest.skip(
            "no Redis server answers on 127.0.0.1:6379 (0.5 s connect): Redis page-cache tests skipped"
        )
    settings.CACHES = {
        "default": {
            "BACKEND": "config.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": KEY_PREFIX,
        }
    }
    own_redis_keys(delete=True)
    yield request.param
    own_redis_keys(delete=True)


@pytest.fixture
def app(shared_cache, settings):
    """The WSGI app behind the page cache: one worker process."""
    settings.PAGE_CACHE_SECONDS = 600
    return PageCache(get_wsgi_application())


def get(app, path, method="GET", **headers):
    """Call the WSGI application as a server would; return (status, headers, body)."""
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path.split("?")[0],
        "QUERY_STRING": path.partition("?")[2],
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": io.StringIO(),
    } | {"HTTP_" + name.upper(): value for name, value in headers.items()}
    answer = {}
    # As Django's test client does: keep the test's database connection open.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        body = b"".join(
            app(environ, lambda status, hdrs, exc=None: answer.update(status=status, headers=dict(hdrs)))
        )
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return answer["status"], answer["headers"], body.decode()
