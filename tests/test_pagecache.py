"""Anonymous pages are cached in front of Django, and never stale or shared wrongly."""

from datetime import timedelta

import pytest
from django.utils import timezone

from config.pagecache import PageCache
from tests import factories as f
from tests.pagecache_fixtures import EPISODE_2, KEY_PREFIX, REDIS_URL, get, own_redis_keys, redis_answers
from wiki.models import Song


@pytest.mark.django_db
def test_second_anonymous_request_is_a_cache_hit_with_the_same_page(app, demo):
    first = get(app, EPISODE_2)
    second = get(app, EPISODE_2)
    assert first[1]["X-Cache"] == "miss" and second[1]["X-Cache"] == "hit"
    assert second[0] == "200 OK" and second[2] == first[2]
    assert "Track 2: Joanna and Nellie" in second[2]


@pytest.mark.django_db
def test_editing_a_song_title_shows_at_once_on_episode_character_and_song_pages(
    app, demo, django_capture_on_commit_callbacks
):
    pages = [EPISODE_2, "/shows/soundtrack/characters/joanna/", "/songs/heat/"]
    for page in pages:
        get(app, page)
        assert get(app, page)[1]["X-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        song = Song.objects.get(slug="heat")
        song.title = "Heatwave Edit"
        song.save()
    for page in pages:
        status, headers, body = get(app, page)
        assert headers["X-Cache"] == "miss", page
        assert "Heatwave Edit" in body, page


@pytest.mark.django_db
def test_changing_performers_only_also_invalidates(app, demo, django_capture_on_commit_callbacks):
    get(app, "/songs/heat/")
    with django_capture_on_commit_callbacks(execute=True):
        song = Song.objects.get(slug="heat")
        cue = song.cues.get()
        cue.performers.add(cue.scene.episode.show.characters.get(slug="nellie"))
    body = get(app, "/songs/heat/")[2]
    assert "/shows/soundtrack/characters/nellie/" in body


@pytest.mark.django_db
def test_a_reader_with_a_session_never_gets_the_shared_page(app, demo):
    get(app, EPISODE_2)
    status, headers, _ = get(app, EPISODE_2, cookie="sessionid=abc123")
    assert "X-Cache" not in headers


@pytest.mark.django_db
def test_logged_in_editor_page_is_never_stored_for_anonymous_readers(app, demo, client):
    user = f.make_editor()
    client.force_login(user)
    session = client.cookies["sessionid"].value
    get(app, EPISODE_2, cookie=f"sessionid={session}")
    assert get(app, EPISODE_2)[1]["X-Cache"] == "miss"


@pytest.mark.django_db
def test_matching_etag_gets_304_not_modified(app, demo):
    _, headers, _ = get(app, EPISODE_2)
    status, _, body = get(app, EPISODE_2, if_none_match=headers["ETag"])
    assert status == "304 Not Modified" and body == ""
    assert get(app, EPISODE_2, if_none_match='"other"')[0] == "200 OK"


@pytest.mark.django_db
def test_uncached_pages_also_answer_conditional_requests(client, demo):
    etag = client.get(EPISODE_2).headers["ETag"]
    assert client.get(EPISODE_2, headers={"If-None-Match": etag}).status_code == 304


@pytest.mark.django_db
def test_admin_404_and_head_are_handled_safely(app, demo):
    assert get(app, "/admin/login/")[1].get("X-Cache") is None
    get(app, "/shows/nope/")
    assert get(app, "/shows/nope/")[1].get("X-Cache") is None
    get(app, EPISODE_2)
    status, headers, body = get(app, EPISODE_2, method="HEAD")
    assert status == "200 OK" and headers["X-Cache"] == "hit" and body == ""


@pytest.mark.django_db
def test_page_cache_can_be_turned_off(app, demo, settings):
    settings.PAGE_CACHE_SECONDS = 0
    get(app, EPISODE_2)
    assert "X-Cache" not in get(app, EPISODE_2)[1]


@pytest.mark.django_db
def test_a_page_one_worker_stored_is_a_hit_for_another_until_an_edit(
    app, shared_cache, demo, django_capture_on_commit_callbacks
):
    other_worker = PageCache(app.application)  # its own process memory: only the shared cache is common
    get(app, EPISODE_2)
    assert get(other_worker, EPISODE_2)[1]["X-Cache"] == "hit"
    if shared_cache == "redis":
        assert any(EPISODE_2.encode() in key for key in own_redis_keys())
    with django_capture_on_commit_callbacks(execute=True):
        song = Song.objects.get(slug="heat")
        song.title = "Heat (Other Worker)"
        song.save()
    status, headers, body = get(other_worker, EPISODE_2)
    assert headers["X-Cache"] == "miss" and "Heat (Other Worker)" in body
    assert get(app, EPISODE_2)[1]["X-Cache"] == "hit"


@pytest.mark.django_db
def test_a_page_cached_yesterday_is_not_served_today(app, monkeypatch):
    """What a page shows can depend on the date (the fresh-episode embargo ends
    at midnight), so the date is part of every page's key."""
    season = f.make_season(show=f.make_show(embargo_days=7))
    f.make_episode(season=season, air_date=f.days_ago(6), synopsis="The Harpsichord returns.")
    first, second = get(app, "/"), get(app, "/")
    assert second[1]["X-Cache"] == "hit" and "Aired 6 days ago" in second[2]
    assert "Harpsichord" not in second[2]
    today = timezone.localdate()
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: today + timedelta(days=1))
    status, headers, body = get(app, "/", if_none_match=first[1]["ETag"])
    assert status == "200 OK" and headers["X-Cache"] == "miss"
    assert "Harpsichord" in body and "Aired" not in body


def test_redis_cache_reuses_one_client_per_connection_pool():
    """Django's backend builds a Redis client for every operation (more CPU
    than the round trip); ours keeps one, and still reads what it writes."""
    if not redis_answers():
        pytest.skip("no Redis server answers on 127.0.0.1:6379 (0.5 s connect)")
    from config.cache import RedisCache

    backend = RedisCache(REDIS_URL, {"KEY_PREFIX": KEY_PREFIX})
    try:
        backend.set("reused", 41)
        assert backend.incr("reused") == 42 and backend.get("reused") == 42
        assert backend.client.get_client() is backend.client.get_client(write=True)
    finally:
        own_redis_keys(delete=True)


@pytest.mark.django_db
def test_rebuilding_the_search_index_bumps_the_generation_once(demo, django_capture_on_commit_callbacks):
    """The rebuild deleted the index's rows through the ORM: a post_delete signal, and so an
    on_commit bump, per row (267,000 cache writes after the commit at 100,000 scenes)."""
    import io

    from django.core.cache import cache
    from django.core.management import call_command

    from wiki.generation import GENERATION_KEY, bump_generation, current_generation
    from wiki.models import SearchEntry

    before = current_generation()
    assert SearchEntry.objects.count() > 20
    with django_capture_on_commit_callbacks(execute=True) as hooks:
        call_command("rebuild_search_index", stdout=io.StringIO(), stderr=io.StringIO())
    assert hooks.count(bump_generation) == 1 and cache.get(GENERATION_KEY) == before + 1
    assert len(hooks) <= 2  # and, on PostgreSQL, the vacuum (wiki.search.index._vacuum)
