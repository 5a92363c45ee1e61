"""Every page runs a fixed number of queries, whatever the size of the data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories as f

MAX_QUERIES = 10


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_episode_page_query_count_is_the_same_for_3_and_40_scenes(client):
    small = f.make_rich_episode(scenes=3)
    large = f.make_rich_episode(scenes=40)
    small_count = count_queries(client, small.get_absolute_url())
    large_count = count_queries(client, large.get_absolute_url())
    # The episode, its neighbours, scenes, who is in them, cues, who sings,
    # characters, texts that mention it and its recaps (wiki.pages.episode).
    assert small_count == large_count == 9


@pytest.mark.django_db
def test_character_page_query_count_is_the_same_for_2_and_50_appearances(client):
    counts = []
    for appearances in (2, 50):
        show = f.make_show()
        character = f.make_character(show, played_by=f.make_person())
        season = f.make_season(show=show)
        for number in range(1, appearances + 1):
            episode = f.make_episode(season=season, number=number)
            scene = f.make_scene(episode, characters=[character])
            f.make_cue(scene, performers=[character])
        counts.append(count_queries(client, character.get_absolute_url()))
    assert counts[0] == counts[1] <= MAX_QUERIES


def _catalogue(size, air_date="2020-01-01"):
    """A show with ``size`` episodes, each with a scene, a character and a cue,
    all sharing one song and one artist, so list pages grow with ``size``.
    Episodes aired days ago are fresh: lists show them under the embargo."""
    show = f.make_show()
    artist = f.make_artist()
    song = f.make_song(artist=artist)
    person = f.make_person()
    season = f.make_season(show=show)
    for number in range(1, size + 1):
        episode = f.make_episode(season=season, number=number, air_date=air_date)
        character = f.make_character(show, played_by=person, is_main=True)
        scene = f.make_scene(episode, characters=[character])
        f.make_cue(scene, song=f.make_song(artist=artist), performers=[character])
        f.make_cue(scene, song=song)
    return show, season, song, artist, person


@pytest.mark.django_db
@pytest.mark.parametrize(
    "page",
    ["home", "show", "season", "characters", "songs", "song_index", "song", "artist", "person"],
)
@pytest.mark.parametrize("aired", ["long ago", "2 days ago"])
def test_list_pages_query_count_does_not_grow_with_the_catalogue(client, page, aired):
    counts = []
    for size in (2, 25):
        air_date = "2020-01-01" if aired == "long ago" else f.days_ago(2)
        show, season, song, artist, person = _catalogue(size, air_date)
        url = {
            "home": "/",
            "show": show.get_absolute_url(),
            "season": season.get_absolute_url(),
            "characters": f"/shows/{show.slug}/characters/",
            "songs": f"/shows/{show.slug}/songs/",
            "song_index": "/songs/",
            "song": song.get_absolute_url(),
            "artist": artist.get_absolute_url(),
            "person": person.get_absolute_url(),
        }[page]
        counts.append(count_queries(client, url))
    assert counts[0] == counts[1] <= MAX_QUERIES, counts


@pytest.mark.django_db
def test_episode_page_links_and_names_run_no_query_once_loaded(django_assert_num_queries):
    from wiki.pages import episode as episode_page

    episode = f.make_rich_episode(scenes=2)
    loaded = episode_page.episode(episode.show.slug, 1, 1)
    loaded.scene_list = episode_page.scenes(loaded)
    with django_assert_num_queries(0):
        loaded.get_absolute_url()
        loaded.season.get_absolute_url()
        for scene in loaded.scene_list:
            scene.get_absolute_url()
            for character in scene.character_list:
                character.get_absolute_url()
                character.played_by.get_absolute_url()
            for cue in scene.cue_list:
                cue.song.get_absolute_url()
                cue.song.artist.get_absolute_url()
                for performer in cue.performer_list:
                    performer.get_absolute_url()
        assert len(loaded.characters_in_order()) == 4
        assert len(loaded.cue_sheet()) == 4
