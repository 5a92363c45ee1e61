"""The fresh-episode embargo: for its show's ``embargo_days`` after airing, an
episode shows in lists with its title and air date but no spoilers, to readers
without a shield for that show; its own page shows everything."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests import factories as f
from wiki.models import Episode

TITLE = "Track 3: The Lighthouse"
SYNOPSIS_MARKERS = ["Glockenspiel", "PERIWINKLE"]
DEK_MARKER = "Ouzelmoor"
SONG = "Quasarwhistle Serenade"
SPOILERS = [*SYNOPSIS_MARKERS, DEK_MARKER, SONG]
NOTE = "no spoilers here; opening it shows everything"
ORIGIN = {"HTTP_ORIGIN": "http://testserver"}

LIST_PAGES = ["/", "/shows/beacon/", "/shows/beacon/season-1/", "/recaps/", "/recaps/beacon/"]
EPISODE_PAGE = "/shows/beacon/season-1/episode-3/"
# What each list shows of an episode once it may: the synopsis excerpt, or the recap's dek.
SHOWN_IN_LIST = {
    "/": SYNOPSIS_MARKERS,
    "/shows/beacon/": SYNOPSIS_MARKERS,
    "/shows/beacon/season-1/": [*SYNOPSIS_MARKERS, "1 scene · 1 song"],
    "/recaps/": [DEK_MARKER],
    "/recaps/beacon/": [DEK_MARKER],
}


def make_beacon(aired_days_ago, embargo_days=7):
    """Show "Beacon": episodes 1 and 2 long aired, episode 3 aired
    ``aired_days_ago`` with marker words in its synopsis, a song with a unique
    title and a recap whose dek holds a marker."""
    show = f.make_show(title="Beacon", slug="beacon", embargo_days=embargo_days)
    season = f.make_season(show=show)
    for number in (1, 2):
        f.make_episode(season=season, number=number, air_date=f.days_ago(100 - number))
    episode = f.make_episode(
        season=season,
        number=3,
        title=TITLE,
        air_date=f.days_ago(aired_days_ago),
        synopsis="The keeper plays the Glockenspiel while the PERIWINKLE boat sinks.",
    )
    scene = f.make_scene(episode, title="At the lamp")
    f.make_cue(scene, song=f.make_song(title=SONG, slug="quasarwhistle-serenade"))
    f.make_recap(episode, title="Beacon S1E3 recap", slug="beacon-s1e3", dek=f"The {DEK_MARKER} affair.")
    return episode


def shield_at(client, number):
    episode = Episode.objects.get(show__slug="beacon", number=number)
    response = client.post("/shows/beacon/shield/", {"action": "set", "episode": episode.pk}, **ORIGIN)
    assert response.status_code == 302


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("url", LIST_PAGES)
def test_list_shows_a_fresh_episode_with_its_title_and_a_note_but_no_spoilers(client, url):
    make_beacon(aired_days_ago=2)
    body = page(client, url)
    assert "S1E3" in body and "Aired 2 days ago — " + NOTE in body
    if not url.startswith("/recaps/"):
        assert TITLE in body
    leaked = [marker for marker in [*SPOILERS, "1 scene · 1 song"] if marker in body]
    assert leaked == [], f"{url} leaks {leaked}"


@pytest.mark.django_db
def test_opening_a_fresh_episode_shows_everything(client):
    make_beacon(aired_days_ago=2)
    body = page(client, EPISODE_PAGE)
    assert all(marker in body for marker in [TITLE, *SYNOPSIS_MARKERS, SONG])
    assert NOTE not in body


@pytest.mark.django_db
@pytest.mark.parametrize("url", LIST_PAGES)
@pytest.mark.parametrize(
    "aired_days_ago, embargo_days", [(10, 7), (2, 0)], ids=["embargo-over", "embargo-off"]
)
def test_list_shows_the_episode_whole_once_the_embargo_is_over_or_off(
    client, url, aired_days_ago, embargo_days
):
    make_beacon(aired_days_ago, embargo_days)
    body = page(client, url)
    missing = [marker for marker in SHOWN_IN_LIST[url] if marker not in body]
    assert missing == [] and NOTE not in body, f"{url} lacks {missing}"
    assert SONG in page(client, EPISODE_PAGE)


@pytest.mark.django_db
@pytest.mark.parametrize("url", LIST_PAGES)
def test_shielded_reader_past_a_fresh_episode_sees_it_as_usual(client, url):
    make_beacon(aired_days_ago=2)
    shield_at(client, 3)
    body = page(client, url)
    missing = [marker for marker in SHOWN_IN_LIST[url] if marker not in body]
    assert missing == [] and NOTE not in body, f"{url} lacks {missing}"


@pytest.mark.django_db
def test_shielded_reader_short_of_a_fresh_episode_gets_the_shield_instead(client):
    make_beacon(aired_days_ago=2)
    shield_at(client, 2)
    body = page(client, "/shows/beacon/season-1/")
    assert "Episode 3 <span" in body and "(not watched yet)" in body
    assert TITLE not in body and NOTE not in body


@pytest.mark.django_db
def test_a_shield_on_another_show_keeps_the_embargo_on_this_one(client):
    make_beacon(aired_days_ago=2)
    other = f.make_episode(season=f.make_season(show=f.make_show(slug="other")), air_date=f.days_ago(300))
    response = client.post("/shows/other/shield/", {"action": "set", "episode": other.pk}, **ORIGIN)
    assert response.status_code == 302
    body = page(client, "/shows/beacon/season-1/")
    assert "Aired 2 days ago" in body and "Glockenspiel" not in body


@pytest.mark.django_db
def test_an_episode_aired_today_says_so(client):
    make_beacon(aired_days_ago=0)
    assert "Aired today — " + NOTE in page(client, "/")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "days, embargo_days, fresh",
    [(0, 7, True), (6, 7, True), (7, 7, False), (-1, 7, False), (0, 0, False), (None, 7, False)],
)
def test_is_fresh_counts_days_from_the_air_date(days, embargo_days, fresh):
    season = f.make_season(show=f.make_show(embargo_days=embargo_days))
    air_date = None if days is None else timezone.localdate() - timedelta(days=days)
    assert f.make_episode(season=season, air_date=air_date).is_fresh is fresh
