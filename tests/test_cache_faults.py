"""The shared cache is an accelerator: with Redis down or hung, every page is
served uncached, the outage is logged once, /healthz says so, and caching
resumes by itself (never with a page from before an edit made meanwhile)."""

import logging
import os
import shutil
import signal
import socket
import subprocess
import threading
import time

import pytest
import redis
from django.core.wsgi import get_wsgi_application

from config.pagecache import PageCache
from tests import factories as f
from tests.pagecache_fixtures import get
from wiki.models import Episode, Song


def _free_ports(count):
    """Ports nothing listens on now (127.0.0.1), the system's pick: runs side by side never share one."""
    probes = [socket.socket() for _ in range(count)]
    for probe in probes:
        probe.bind(("127.0.0.1", 0))
    ports = [probe.getsockname()[1] for probe in probes]
    for probe in probes:
        probe.close()
    return ports


# Ports of this run's own (127.0.0.1 only): nothing listens on CLOSED_PORT;
# the hung and real Redis servers are started by the tests themselves.
CLOSED_PORT, HUNG_PORT, REDIS_PORT, PAUSED_PORT = _free_ports(4)
RECAP = "/recaps/soundtrack/soundtrack-s1e2-dreams-worth-keeping/"
EPISODE_2 = "/shows/soundtrack/season-1/episode-2/"


def port_is_free(port):
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def use_redis(settings, port, **options):
    settings.CACHES = {
        "default": {
            "BACKEND": "config.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/11",
            "KEY_PREFIX": "wtcache",
            "OPTIONS": options,
        }
    }
    settings.PAGE_CACHE_SECONDS = 600


@pytest.fixture
def app():
    return PageCache(get_wsgi_application())


@pytest.fixture
def redis_down(settings):
    """REDIS_URL names a port where no Redis answers."""
    if not port_is_free(CLOSED_PORT):
        pytest.skip(f"something listens on 127.0.0.1:{CLOSED_PORT}; these tests need it closed")
    use_redis(settings, CLOSED_PORT)


@pytest.fixture
def redis_server():
    """Start a real ``redis-server`` on a port of our own; yield its process."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed: the cache-recovery tests are skipped")

    def start(port):
        process = subprocess.Popen(
            [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        client = redis.Redis(port=port, socket_timeout=0.5)
        for _ in range(100):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        started.append(process)
        return process

    started = []
    yield start
    for process in started:
        os.kill(process.pid, signal.SIGCONT)
        process.terminate()
        process.wait(timeout=5)


def public_pages():
    """Every kind of public page, with a text it must show."""
    episode = Episode.objects.get(show__slug="soundtrack", number=2)
    return {
        "/": "Soundtrack",
        "/shows/soundtrack/": "Season 1",
        "/shows/soundtrack/season-1/": "Track 2: Joanna and Nellie",
        EPISODE_2: "The audition that goes nowhere",
        "/shows/soundtrack/characters/": "Nellie",
        "/shows/soundtrack/characters/nellie/": "Callie Hernandez",
        "/shows/soundtrack/songs/": "Crash and Burn Girl",
        "/songs/heat/": "Kelly Clarkson",
        "/artists/robyn/": "Crash and Burn Girl",
        "/people/paul-james/": "Sam",
        "/search/?q=nellie": "Nellie",
        "/search/suggest/?q=nel": "Nellie",
        "/recaps/": "Dreams worth keeping",
        "/recaps/soundtrack/": "Dreams worth keeping",
        RECAP: 'id="comment-form"',
        "/recaps/feed/rss/": "Dreams worth keeping",
        "/recaps/feed/atom/": "Dreams worth keeping",
        "/sitemap.xml": "sitemap-",
        "/robots.txt": "Sitemap:",
        "/api/": "/api/shows/",
        f"/api/episodes/{episode.pk}/": "Track 2: Joanna and Nellie",
        "/api/songs/": "Heat",
    }


@pytest.mark.django_db
def test_every_public_page_is_served_uncached_while_redis_is_down(redis_down, app, demo):
    wrong = {}
    for path, text in public_pages().items():
        for _ in range(2):  # the second time too: nothing half-stored from the first
            status, headers, body = get(app, path)
            if status != "200 OK" or text not in body or "X-Cache" in headers:
                wrong[path] = (status, headers.get("X-Cache"), body[:200])
    assert wrong == {}


@pytest.mark.django_db
def test_rate_limits_fail_open_while_redis_is_down(redis_down, app, demo, client, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 1
    for _ in range(3):
        assert get(app, "/api/shows/")[0] == "200 OK"
    settings.COMMENT_RATE_LIMIT_PER_ADDRESS = 1
    for n in range(2):
        data = f.comment_form_data(body=f"Posted while the cache is down, {n}.")
        response = client.post(f"{RECAP}comments/", data, HTTP_ORIGIN="http://testserver")
        assert response.status_code == 302, response.content.decode()[:300]
    assert "your comment will appear once a moderator has read it" in client.get(RECAP).content.decode()


@pytest.mark.django_db(databases=["default", "replica"])
def test_healthz_answers_200_and_says_the_cache_is_down(redis_down, client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "databases": {"default": "ok", "replica": "ok"},
        "cache": "down",
    }


@pytest.mark.django_db(databases=["default", "replica"])
def test_healthz_says_the_cache_is_ok_when_it_answers(client):
    assert client.get("/healthz").json()["cache"] == "ok"


@pytest.fixture
def hung_redis():
    """A server that takes connections and never answers (for at most 10 s);
    yields the list of connections it took."""
    if not port_is_free(HUNG_PORT):
        pytest.skip(f"something listens on 127.0.0.1:{HUNG_PORT}")
    server = socket.create_server(("127.0.0.1", HUNG_PORT), backlog=64)
    taken = []

    def take():
        while True:
            try:
                taken.append(server.accept()[0])
            except OSError:  # closed
                return

    threading.Thread(target=take, daemon=True).start()
    closer = threading.Timer(10, server.close)
    closer.start()
    yield taken
    closer.cancel()
    server.close()
    for connection in taken:
        connection.close()


@pytest.mark.django_db
def test_a_hung_redis_costs_one_bounded_wait_not_a_hung_request(settings, hung_redis, app, demo):
    use_redis(settings, HUNG_PORT, socket_timeout=0.3, socket_connect_timeout=0.3)
    started = time.monotonic()
    status, _, body = get(app, EPISODE_2)
    assert status == "200 OK" and "The audition that goes nowhere" in body
    assert time.monotonic() - started < 2.5
    assert len(hung_redis) == 1
    for _ in range(5):  # within the retry interval the cache is not asked again
        assert get(app, EPISODE_2)[0] == "200 OK"
    assert len(hung_redis) == 1


@pytest.mark.django_db
def test_an_outage_is_logged_once_for_many_requests(
    redis_down, app, demo, settings, caplog, django_capture_on_commit_callbacks
):
    settings.CACHE_RETRY_SECONDS = 0  # ask Redis on every request: only the log is held back
    with caplog.at_level(logging.WARNING):
        for _ in range(30):
            assert get(app, EPISODE_2)[0] == "200 OK"
        with django_capture_on_commit_callbacks(execute=True):
            song = Song.objects.get(slug="heat")
            song.title = "Heat (edited while the cache is down)"
            song.save()  # bumping the page generation fails too, quietly
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1, [r.getMessage() for r in warnings]
    message = warnings[0].getMessage()
    assert f"127.0.0.1:{CLOSED_PORT}" in message and "served uncached" in message


@pytest.mark.django_db
def test_caching_resumes_by_itself_when_redis_answers_again(settings, redis_server, app, demo, caplog):
    use_redis(settings, REDIS_PORT)
    settings.CACHE_RETRY_SECONDS = 0
    assert port_is_free(REDIS_PORT)
    status, headers, _ = get(app, EPISODE_2)
    assert status == "200 OK" and "X-Cache" not in headers
    redis_server(REDIS_PORT)
    with caplog.at_level(logging.INFO, logger="cuesheet.cache"):
        assert get(app, EPISODE_2)[1]["X-Cache"] == "miss"
    status, headers, body = get(app, EPISODE_2)
    assert headers["X-Cache"] == "hit" and "The audition that goes nowhere" in body
    assert any("answers again" in r.getMessage() for r in caplog.records)


@pytest.mark.django_db
def test_an_edit_made_while_redis_was_hung_shows_once_it_answers_again(
    settings, redis_server, app, demo, django_capture_on_commit_callbacks
):
    """A Redis that stops answering keeps its data: pages stored before the
    outage must not come back after it, when the edit's signal was lost."""
    use_redis(settings, PAUSED_PORT, socket_timeout=0.2, socket_connect_timeout=0.2)
    settings.CACHE_RETRY_SECONDS = 0.5
    settings.CACHE_WATCH_SECONDS = 0.2
    server = redis_server(PAUSED_PORT)
    get(app, "/songs/heat/")
    assert get(app, "/songs/heat/")[1]["X-Cache"] == "hit"
    os.kill(server.pid, signal.SIGSTOP)
    resume = threading.Timer(5, os.kill, (server.pid, signal.SIGCONT))  # a safety net
    resume.start()
    time.sleep(0.25)  # a paused Redis tells no one anything: a worker trusts what it has this long
    try:
        status, headers, body = get(app, "/songs/heat/")  # times out: the cache is skipped for a while
        assert status == "200 OK" and "X-Cache" not in headers
        with django_capture_on_commit_callbacks(execute=True):
            song = Song.objects.get(slug="heat")
            song.title = "Heat (edited during the outage)"
            song.save()  # its page-generation bump never reaches Redis
        status, headers, body = get(app, "/songs/heat/")
        assert "Heat (edited during the outage)" in body and "X-Cache" not in headers
    finally:
        os.kill(server.pid, signal.SIGCONT)
        resume.cancel()
    time.sleep(0.6)
    status, headers, body = get(app, "/songs/heat/")
    assert headers["X-Cache"] == "miss" and "Heat (edited during the outage)" in body
    assert get(app, "/songs/heat/")[1]["X-Cache"] == "hit"
