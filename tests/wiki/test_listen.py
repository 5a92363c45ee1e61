"""Where to hear each song, wherever it appears, and the episode page that
answers "what was that song?" first."""

import html
import json
import re
from datetime import timedelta

import pytest

from tests import factories as f

SPOTIFY = "https://open.spotify.com/track/0000000000000000000000"
YOUTUBE = "https://www.youtube.com/watch?v=aaaaaaaaaaa"


def section(page, start, end):
    begin = page.index(start)
    return page[begin : page.index(end, begin)]


def linked_song(**fields):
    artist = f.make_artist(name="The Testers")
    return f.make_song(artist=artist, title="Heatwave", spotify_url=SPOTIFY, youtube_url=YOUTUBE, **fields)


def episode_with(song, *, cue_at=None, scene_at=None, scene_title="The wrong restaurant", performers=()):
    show = f.make_show()
    episode = f.make_episode(season=f.make_season(show=show))
    singers = [f.make_character(show, name=name) for name in performers]
    scene = f.make_scene(
        episode, characters=singers, title=scene_title, description="Nellie storms out.", starts_at=scene_at
    )
    f.make_cue(scene, song=song, performers=singers, starts_at=cue_at)
    return episode, singers


def listen_link(page, service, url):
    return (
        f'<a href="{url}" rel="noopener noreferrer external" aria-label="Listen to Heatwave on {service}">'
        in page
    )


@pytest.mark.django_db
def test_episode_cue_sheet_links_each_song_to_listen_with_the_cue_time(client):
    episode, _ = episode_with(linked_song(), cue_at=timedelta(minutes=12, seconds=34))
    page = client.get(episode.get_absolute_url()).content.decode()
    sheet = section(page, 'class="cue-sheet"', "</table>")
    assert listen_link(sheet, "Spotify", SPOTIFY) and listen_link(sheet, "YouTube", YOUTUBE)
    assert "Apple Music" not in sheet.split("<tbody>")[1]  # no link, no empty service
    assert '<td class="time">12:34</td>' in sheet


@pytest.mark.django_db
def test_episode_scene_cards_carry_listen_links(client):
    episode, _ = episode_with(linked_song())
    page = client.get(episode.get_absolute_url()).content.decode()
    card = section(page, 'class="scene-cues"', "</ul>")
    assert listen_link(card, "Spotify", SPOTIFY) and listen_link(card, "YouTube", YOUTUBE)


@pytest.mark.django_db
def test_character_page_performances_carry_listen_links(client):
    _, (singer,) = episode_with(linked_song(), performers=["Nellie"])
    page = client.get(singer.get_absolute_url()).content.decode()
    performances = section(page, 'class="performances"', "</ul>")
    assert "Heatwave" in performances
    assert listen_link(performances, "Spotify", SPOTIFY) and listen_link(performances, "YouTube", YOUTUBE)


@pytest.mark.django_db
def test_song_without_links_gets_search_links_labelled_as_searches(client):
    song = f.make_song(artist=f.make_artist(name="Simon & Garfunkel"), title="Mrs. Robinson's 1968")
    episode, _ = episode_with(song)
    page = client.get(episode.get_absolute_url()).content.decode()
    sheet = html.unescape(section(page, 'class="cue-sheet"', "</table>"))
    assert "Search:" in sheet and "Listen to" not in sheet
    assert (
        'href="https://open.spotify.com/search/Mrs.%20Robinson%27s%201968%20Simon%20%26%20Garfunkel"' in sheet
    )
    assert 'href="https://music.apple.com/search?term=Mrs.+Robinson%27s+1968+Simon+%26+Garfunkel"' in sheet
    query = "search_query=Mrs.+Robinson%27s+1968+Simon+%26+Garfunkel"
    assert f'href="https://www.youtube.com/results?{query}"' in sheet
    assert 'aria-label="Search Spotify for Mrs. Robinson\'s 1968 by Simon & Garfunkel"' in sheet
    song_page = html.unescape(client.get(song.get_absolute_url()).content.decode())
    assert 'aria-label="Search YouTube for Mrs. Robinson\'s 1968 by Simon & Garfunkel"' in song_page


@pytest.mark.django_db
def test_cue_sheet_scene_column_names_the_scene_and_its_time_and_links_its_anchor(client):
    episode, _ = episode_with(linked_song(), scene_at=timedelta(minutes=31, seconds=5))
    page = client.get(episode.get_absolute_url()).content.decode()
    sheet = section(page, 'class="cue-sheet"', "</table>")
    assert (
        '<a href="#scene-1">Scene 1: The wrong restaurant</a> <span class="scene-time">at 31:05</span>'
        in sheet
    )


@pytest.mark.django_db
def test_episode_page_songs_come_before_its_scenes(client, demo):
    page = client.get("/shows/soundtrack/season-1/episode-2/").content.decode()
    assert page.index("Songs in this episode") < page.index('id="scenes-h"')
    assert '<dt>Songs</dt><dd><a href="#songs">5</a></dd>' in page


@pytest.mark.django_db
def test_episode_page_json_ld_lists_its_songs_as_music_recordings(client):
    episode, _ = episode_with(linked_song())
    page = client.get(episode.get_absolute_url()).content.decode()
    (block,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    data = json.loads(block)
    assert data["@type"] == "TVEpisode"
    (recording,) = data["audio"]
    assert recording["@type"] == "MusicRecording" and recording["name"] == "Heatwave"
    assert recording["byArtist"]["name"] == "The Testers"
    assert recording["sameAs"] == [SPOTIFY, YOUTUBE]


@pytest.mark.django_db
def test_song_page_where_it_plays_shows_scene_title_excerpt_time_and_singers(client):
    song = linked_song()
    episode_with(song, cue_at=timedelta(minutes=4, seconds=2), performers=["Joanna"])
    page = client.get(song.get_absolute_url()).content.decode()
    uses = section(page, 'class="uses"', "</ul>")
    assert "scene 1: The wrong restaurant" in uses
    assert '<p class="use-scene">Nellie storms out.</p>' in uses
    assert "at 4:02" in uses
    assert re.search(r'sung by <a href="[^"]+">Joanna</a>', uses)


@pytest.mark.django_db
def test_demo_song_with_a_known_video_links_it_and_the_others_offer_searches(client, demo):
    page = client.get("/songs/unconditionally/").content.decode()
    assert 'href="https://www.youtube.com/watch?v=XjwZAa2EjKA"' in page
    assert "Search:" in client.get("/songs/heat/").content.decode()
