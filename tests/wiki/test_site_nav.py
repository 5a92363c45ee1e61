"""Shows, recaps, songs and the reader's own shields are one tap away on every page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories as f
from wiki.models import Episode, ReaderProgress

ORIGIN = {"HTTP_ORIGIN": "http://testserver"}
SECTIONS = {"/shows/": "Shows", "/recaps/": "Recaps", "/songs/": "Songs", "/shields/": "Shields"}


@pytest.mark.parametrize(
    "url", ["/", "/shows/soundtrack/", "/shows/soundtrack/season-1/episode-2/", "/search/?q=x"]
)
def test_every_page_links_the_sites_sections(client, demo, url):
    html = client.get(url).content.decode()
    assert '<nav class="site-nav" aria-label="Site">' in html
    for href, label in SECTIONS.items():
        assert f'<a href="{href}"' in html and f">{label}</a>" in html


def test_the_section_a_reader_is_in_is_marked_current(client, demo):
    html = client.get("/songs/").content.decode()
    assert '<a href="/songs/" aria-current="page">Songs</a>' in html
    assert '<a href="/shows/" aria-current' not in html


def test_song_index_lists_every_song_a_to_z_with_its_artist_and_uses(client, demo):
    html = client.get("/songs/").content.decode()
    assert "<h1>Songs A–Z</h1>" in html
    assert html.index("“Crash and Burn Girl”") < html.index("“Heat”") < html.index("“Unconditionally”")
    assert "used 1 time" in html


def test_song_index_pages_past_the_end_show_the_last_page(client, db):
    artist = f.make_artist()
    for n in range(60):
        f.make_song(artist=artist, title=f"Song {n:02}")
    html = client.get("/songs/?page=99").content.decode()
    assert "Song 59" in html and "Song 00" not in html


def test_shields_page_without_a_shield_says_how_to_set_one_and_sets_no_cookie(client, demo):
    response = client.get("/shields/")
    assert response.status_code == 200
    assert "No shields yet" in response.content.decode()
    assert not response.cookies


def test_shields_page_lists_each_shield_with_a_way_to_turn_it_off(client, demo):
    episode = Episode.objects.get(show__slug="soundtrack", number=2)
    client.post("/shows/soundtrack/shield/", {"action": "set", "episode": episode.pk, "next": "/"}, **ORIGIN)
    html = client.get("/shields/").content.decode()
    assert "watched up to <strong>S1E2</strong>" in html
    assert 'action="/shows/soundtrack/shield/"' in html and 'value="off"' in html
    client.post("/shows/soundtrack/shield/", {"action": "off", "next": "/shields/"}, **ORIGIN)
    assert "No shields yet" in client.get("/shields/").content.decode()


@pytest.mark.django_db
def test_shields_page_query_count_does_not_grow_with_the_readers_shields(client):
    user = f.make_editor("fan")
    user.is_staff = False
    user.save()
    client.force_login(user)
    counts = []
    for shows in (1, 12):
        for _ in range(shows):
            episode = f.make_episode(season=f.make_season(show=f.make_show()))
            ReaderProgress.objects.create(user=user, show=episode.show, sort_key=episode.sort_key)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/shields/").status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
