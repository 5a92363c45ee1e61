"""Readers with a spoiler shield get cached pages too: each copy only for readers at the same limits."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from tests import factories as f
from tests.pagecache_fixtures import get
from wiki.models import Episode, ReaderProgress

EPISODE_2 = "/shows/soundtrack/season-1/episode-2/"
EPISODE_3 = "/shows/soundtrack/season-1/episode-3/"
HIDDEN = "so this episode's title, synopsis"


def shield_post(client, number):
    episode = Episode.objects.get(show__slug="soundtrack", number=number)
    return client.post(
        "/shows/soundtrack/shield/", {"action": "set", "episode": episode.pk}, HTTP_ORIGIN="http://testserver"
    )


def shield_cookie(number):
    """The Cookie header of a new anonymous reader who has watched up to S1E<number>."""
    client = Client()
    shield_post(client, number)
    return f"shield={client.cookies['shield'].value}"


@pytest.mark.django_db
def test_an_anonymous_reader_s_shield_is_a_signed_cookie_not_a_session(client, demo):
    response = shield_post(client, 2)
    assert response.status_code == 302
    cookie = response.cookies["shield"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and cookie["max-age"]
    assert "sessionid" not in response.cookies and Session.objects.count() == 0
    assert HIDDEN in client.get(EPISODE_3).content.decode()
    client.post("/shows/soundtrack/shield/", {"action": "off"}, HTTP_ORIGIN="http://testserver")
    assert client.cookies["shield"].value == ""
    assert HIDDEN not in client.get(EPISODE_3).content.decode()


@pytest.mark.django_db
def test_two_readers_at_the_same_limit_share_one_cached_copy(app, demo):
    first = get(app, EPISODE_3, cookie=shield_cookie(2))
    second = get(app, EPISODE_3, cookie=shield_cookie(2))
    assert first[1]["X-Cache"] == "miss" and second[1]["X-Cache"] == "hit"
    assert HIDDEN in second[2] and second[2] == first[2]
    assert "private" in second[1]["Cache-Control"] and "Cookie" in second[1]["Vary"]


@pytest.mark.django_db
def test_readers_at_different_limits_never_see_each_others_copy(app, demo):
    after_one, after_two = shield_cookie(1), shield_cookie(2)
    for _ in range(2):  # the second round is served from the cache, each from its own copy
        status, headers, one = get(app, EPISODE_2, cookie=after_one)
        assert HIDDEN in one and "Joanna and Nellie" not in one
        status, headers, two = get(app, EPISODE_2, cookie=after_two)
        assert HIDDEN not in two and "Joanna and Nellie" in two
    assert headers["X-Cache"] == "hit"


@pytest.mark.django_db
def test_a_shielded_copy_never_reaches_a_reader_without_a_shield_or_back(app, demo):
    shielded = shield_cookie(2)
    assert HIDDEN in get(app, EPISODE_3, cookie=shielded)[2]
    status, headers, plain = get(app, EPISODE_3)
    assert headers["X-Cache"] == "miss" and "Track 3" in plain and HIDDEN not in plain
    assert HIDDEN not in get(app, EPISODE_3)[2]
    status, headers, again = get(app, EPISODE_3, cookie=shielded)
    assert headers["X-Cache"] == "hit" and HIDDEN in again


@pytest.mark.django_db
def test_a_forged_shield_cookie_gets_no_cached_copy_and_is_dropped(app, demo):
    real = shield_cookie(2)
    value, signature = real.removeprefix("shield=").rsplit(":", 1)
    three = Episode.objects.get(show__slug="soundtrack", number=3).sort_key
    forgeries = [
        f"shield={value.split('-')[0]}-{three}:{signature}",
        "shield=1-1",
        f"shield={value}:{'A' * 27}",
    ]
    assert HIDDEN in get(app, EPISODE_3, cookie=real)[2]  # cached for the real limit
    for forged in forgeries:
        status, headers, body = get(app, EPISODE_3, cookie=forged)
        assert status == "200 OK" and "X-Cache" not in headers
        assert "shield=;" in headers["Set-Cookie"] or 'shield="";' in headers["Set-Cookie"]
    assert HIDDEN in get(app, EPISODE_3, cookie=real)[2]


@pytest.mark.django_db
def test_an_edit_reaches_shielded_copies_at_once(app, demo, django_capture_on_commit_callbacks):
    shielded = shield_cookie(2)
    get(app, EPISODE_2, cookie=shielded)
    assert get(app, EPISODE_2, cookie=shielded)[1]["X-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        episode = Episode.objects.get(show__slug="soundtrack", number=2)
        episode.title = "Track 2: Renamed While Cached"
        episode.save()
    status, headers, body = get(app, EPISODE_2, cookie=shielded)
    assert headers["X-Cache"] == "miss" and "Renamed While Cached" in body


@pytest.mark.django_db
def test_a_shielded_copy_cached_yesterday_is_not_served_today(app, demo, monkeypatch):
    """The fresh-episode embargo of a show the reader has no limit for ends at midnight."""
    season = f.make_season(show=f.make_show(title="Harpsichord Nights", embargo_days=7))
    f.make_episode(season=season, air_date=f.days_ago(6), synopsis="The Harpsichord returns.")
    shielded = shield_cookie(2)
    get(app, "/", cookie=shielded)
    status, headers, body = get(app, "/", cookie=shielded)
    assert headers["X-Cache"] == "hit" and "Aired 6 days ago" in body and "Harpsichord returns" not in body
    today = timezone.localdate()
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: today + timedelta(days=1))
    status, headers, body = get(app, "/", cookie=shielded)
    assert headers["X-Cache"] == "miss" and "Harpsichord returns" in body


@pytest.mark.django_db
def test_the_page_cache_s_shield_header_never_reaches_a_reader(app, demo, settings):
    shielded = shield_cookie(2)
    for _ in range(2):
        assert not any(name.lower() == "x-shield-limits" for name in get(app, EPISODE_3, cookie=shielded)[1])
    settings.PAGE_CACHE_SECONDS = 0
    assert not any(name.lower() == "x-shield-limits" for name in get(app, EPISODE_3, cookie=shielded)[1])


@pytest.mark.django_db
def test_signing_in_moves_the_cookie_s_shield_to_the_account_and_drops_the_cookie(client, demo):
    User.objects.create_user("nellie", password="a long enough password 1")
    shield_post(client, 2)
    response = client.post("/accounts/login/", {"username": "nellie", "password": "a long enough password 1"})
    assert response.status_code == 302 and client.cookies["shield"].value == ""
    two = Episode.objects.get(show__slug="soundtrack", number=2)
    assert list(ReaderProgress.objects.values_list("user__username", "sort_key")) == [
        ("nellie", two.sort_key)
    ]
    assert HIDDEN in client.get(EPISODE_3).content.decode()


# Cookies other sites or scripts on the domain may set, which the standard library's parser
# gives up at (it then saw no cookie after them), while browsers send them and Django reads past.
ODD_COOKIES = ['tracker="unterminated', "odd name=1", "a@b=1"]


@pytest.mark.django_db
@pytest.mark.parametrize("odd", ODD_COOKIES)
def test_an_odd_cookie_before_the_shield_never_gets_the_unshielded_copy(app, demo, odd):
    assert HIDDEN not in get(app, EPISODE_3)[2]  # the copy for readers without a shield
    cookie = f"{odd}; {shield_cookie(2)}"
    for _ in range(2):
        status, headers, body = get(app, EPISODE_3, cookie=cookie)
        assert status == "200 OK" and HIDDEN in body and "Track 3" not in body
    assert headers["X-Cache"] == "hit", "readers at the same limit still share a copy"


@pytest.mark.django_db
@pytest.mark.parametrize("odd", ODD_COOKIES)
def test_an_odd_cookie_before_the_session_never_gets_the_anonymous_copy(app, demo, client, odd):
    client.force_login(User.objects.create_user("joanna"))
    get(app, EPISODE_2)
    get(app, EPISODE_2)  # cached for anonymous readers
    status, headers, body = get(
        app, EPISODE_2, cookie=f"{odd}; sessionid={client.cookies['sessionid'].value}"
    )
    assert "X-Cache" not in headers and "joanna" in body and "Log out" in body


@pytest.mark.django_db
def test_a_new_secret_key_drops_shields_signed_with_the_old_one_unless_it_is_a_fallback(app, demo, settings):
    cookie = shield_cookie(2)
    assert HIDDEN in get(app, EPISODE_3, cookie=cookie)[2]
    old, settings.SECRET_KEY = settings.SECRET_KEY, "a-new-secret-key-" + "x" * 40
    status, headers, body = get(app, EPISODE_3, cookie=cookie)
    assert HIDDEN not in body and "X-Cache" not in headers and "shield=" in headers["Set-Cookie"]
    settings.SECRET_KEY_FALLBACKS = [old]
    assert HIDDEN in get(app, EPISODE_3, cookie=cookie)[2]
