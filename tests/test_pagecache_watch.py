"""With Redis, a cache hit asks Redis nothing while nothing changed, and sees any change at once."""

import threading

import pytest
import redis

from tests.pagecache_fixtures import EPISODE_2, KEY_PREFIX, REDIS_URL, get, redis_answers

GENERATION = f"{KEY_PREFIX}:1:pagecache:generation"

pytestmark = pytest.mark.skipif(not redis_answers(), reason="no Redis server answers on 127.0.0.1:6379")


@pytest.fixture
def redis_app(app, shared_cache, settings):
    if shared_cache != "redis":
        pytest.skip("the watch is Redis's")
    settings.CACHE_WATCH_SECONDS = 60
    return app


class Monitor:
    """Every command Redis runs on this run's keys, as MONITOR shows them."""

    def __init__(self):
        self.seen, self.done = [], threading.Event()
        self.client = redis.Redis.from_url(REDIS_URL)

    def __enter__(self):
        ready = threading.Event()

        def watch():
            with self.client.monitor() as monitor:
                ready.set()
                for command in monitor.listen():
                    if KEY_PREFIX in command["command"]:
                        if command["command"].endswith(":sentinel"):
                            self.done.set()
                            return
                        self.seen.append(command["command"])

        self.thread = threading.Thread(target=watch, daemon=True)
        self.thread.start()
        ready.wait(5)
        return self

    def __exit__(self, *exc):
        redis.Redis.from_url(REDIS_URL).get(f"{KEY_PREFIX}:sentinel")
        self.done.wait(5)
        self.client.close()


@pytest.mark.parametrize("shared_cache", ["redis"], indirect=True)
@pytest.mark.django_db
def test_cache_hits_ask_redis_nothing_while_nothing_changes(redis_app, demo):
    for _ in range(3):  # a miss, then the watch connects and the generation is read once more
        get(redis_app, EPISODE_2)
    with Monitor() as monitor:
        for _ in range(20):
            assert get(redis_app, EPISODE_2)[1]["X-Cache"] == "hit"
    assert monitor.done.is_set() and monitor.seen == []


@pytest.mark.parametrize("shared_cache", ["redis"], indirect=True)
@pytest.mark.django_db
def test_a_change_written_by_another_process_is_seen_on_the_very_next_request(redis_app, demo):
    for _ in range(4):
        get(redis_app, EPISODE_2)
    assert get(redis_app, EPISODE_2)[1]["X-Cache"] == "hit"
    other_process = redis.Redis.from_url(REDIS_URL)
    other_process.incr(GENERATION)
    assert get(redis_app, EPISODE_2)[1]["X-Cache"] == "miss"
    other_process.delete(GENERATION)  # evicted, or flushed
    assert get(redis_app, EPISODE_2)[1]["X-Cache"] == "miss"
    assert get(redis_app, EPISODE_2)[1]["X-Cache"] == "hit"
