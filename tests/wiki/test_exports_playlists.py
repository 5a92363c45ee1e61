"""Playlists of an episode's, a season's and a character's songs: XSPF, JSPF, text."""

import json
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories as f
from tests.wiki.test_spoilers import shield_at_s1e2
from wiki.models import Song

NS = "{http://xspf.org/ns/0/}"
EPISODE = "/shows/soundtrack/season-1/episode-2/songs"
SEASON = "/shows/soundtrack/season-1/songs"
NELLIE = "/shows/soundtrack/characters/nellie/songs"
# The elements the XSPF 1 spec allows, in the spec's order.
PLAYLIST_ELEMENTS = [
    "title", "creator", "annotation", "info", "location", "identifier", "image", "date",
    "license", "attribution", "link", "meta", "extension", "trackList",
]  # fmt: skip
TRACK_ELEMENTS = [
    "location", "identifier", "title", "creator", "annotation", "info", "image", "album",
    "trackNum", "duration", "link", "meta", "extension",
]  # fmt: skip


def xspf(client, url):
    response = client.get(url + ".xspf")
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/xspf+xml; charset=utf-8"
    return response, ET.fromstring(response.content)


def in_spec_order(element, allowed):
    names = [child.tag.removeprefix(NS) for child in element]
    assert all(child.tag.startswith(NS) for child in element)
    assert set(names) <= set(allowed), names
    assert names == sorted(names, key=allowed.index), names
    return names


@pytest.mark.django_db
def test_episode_xspf_is_an_xspf_playlist_of_its_songs_with_their_listening_links(client, demo):
    song = Song.objects.get(slug="heat")
    song.spotify_url = "https://open.spotify.com/track/heat"
    song.apple_music_url = "https://music.apple.com/song/heat"
    song.save()
    response, root = xspf(client, EPISODE)

    assert response["Content-Disposition"] == 'attachment; filename="soundtrack-s1e2-songs.xspf"'
    assert root.tag == f"{NS}playlist" and root.get("version") == "1"
    assert in_spec_order(root, PLAYLIST_ELEMENTS)[-1] == "trackList"
    assert root.findtext(f"{NS}info") == "http://testserver/shows/soundtrack/season-1/episode-2/"
    tracks = root.findall(f"{NS}trackList/{NS}track")
    assert len(tracks) == 5
    for track in tracks:
        in_spec_order(track, TRACK_ELEMENTS)
        assert track.findtext(f"{NS}title") and track.findtext(f"{NS}creator")
    heat = tracks[0]
    assert (heat.findtext(f"{NS}title"), heat.findtext(f"{NS}creator")) == ("Heat", "Kelly Clarkson")
    assert heat.findtext(f"{NS}album") == "Meaning of Life"
    assert [e.text for e in heat.findall(f"{NS}location")] == [
        "https://open.spotify.com/track/heat",
        "https://music.apple.com/song/heat",
    ]
    assert heat.findtext(f"{NS}info") == "http://testserver/songs/heat/"
    assert [t.findtext(f"{NS}trackNum") for t in tracks] == ["1", "2", "3", "4", "5"]


@pytest.mark.django_db
def test_jspf_is_the_same_playlist_as_json(client, demo):
    response = client.get(SEASON + ".jspf")
    playlist = json.loads(response.content)["playlist"]
    _, root = xspf(client, SEASON)

    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == 'attachment; filename="soundtrack-season-1-songs.jspf"'
    assert playlist["title"] == root.findtext(f"{NS}title") == "Soundtrack Season 1: the songs"
    assert [t["title"] for t in playlist["track"]] == [
        t.findtext(f"{NS}title") for t in root.iter(f"{NS}track")
    ]
    for track in playlist["track"]:
        assert set(track) <= set(TRACK_ELEMENTS)
        assert isinstance(track["title"], str) and isinstance(track["creator"], str)
        assert isinstance(track.get("location", []), list)
        assert isinstance(track["trackNum"], int)
    youtube = Song.objects.get(slug="unconditionally").youtube_url
    assert [youtube] in [t.get("location") for t in playlist["track"]]


@pytest.mark.django_db
def test_text_playlist_is_one_artist_and_title_line_per_song(client, demo):
    response = client.get(EPISODE + ".txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "Kelly Clarkson – Heat"
    assert len(lines) == len(set(lines)) == 5
    assert all(" – " in line for line in lines)


@pytest.mark.django_db
def test_character_playlist_has_the_songs_of_their_scenes_and_those_they_perform(client, demo):
    from wiki.models import Character, Episode

    nellie = Character.objects.get(slug="nellie")
    episode = Episode.objects.get(show__slug="soundtrack", number=1)
    with_her = f.make_scene(episode, title="A party", characters=[nellie])
    f.make_cue(with_her, song=f.make_song(title="Background Hum", artist=f.make_artist(name="Anon")))
    elsewhere = f.make_scene(episode, title="A stage, offscreen")
    f.make_cue(
        elsewhere,
        song=f.make_song(title="Offstage Aria", artist=f.make_artist(name="Voice")),
        performers=[nellie],
    )
    f.make_cue(f.make_scene(episode), song=f.make_song(title="Not Hers", artist=f.make_artist(name="Other")))

    lines = client.get(NELLIE + ".txt").content.decode().splitlines()

    assert "Anon – Background Hum" in lines and "Voice – Offstage Aria" in lines
    assert "Other – Not Hers" not in lines


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["xspf", "jspf", "txt"])
def test_playlists_follow_the_spoiler_shield(client, later, fmt):
    assert "Marmalade Sky" in client.get(f"{SEASON}.{fmt}").content.decode()
    assert "Marmalade Sky" in client.get(f"/shows/soundtrack/characters/nellie/songs.{fmt}").content.decode()

    shield_at_s1e2(client)

    season = client.get(f"{SEASON}.{fmt}")
    assert season.status_code == 200 and "Heat" in season.content.decode()
    assert "Marmalade Sky" not in season.content.decode()
    assert "Marmalade Sky" not in client.get(f"{NELLIE}.{fmt}").content.decode()
    assert "private" in season["Cache-Control"]
    for hidden in [
        "/shows/soundtrack/season-1/episode-3/songs",
        "/shows/soundtrack/characters/quixotica/songs",
    ]:
        assert client.get(f"{hidden}.{fmt}").status_code == 404


@pytest.mark.django_db
def test_unknown_or_hidden_things_are_a_404_in_the_format_asked_for(client, demo):
    xml = client.get("/shows/soundtrack/season-1/episode-9/songs.xspf")
    assert xml.status_code == 404 and xml["Content-Type"].startswith("application/xml")
    assert ET.fromstring(xml.content).tag == "error"
    assert client.get("/shows/soundtrack/season-7/songs.jspf").json() == {
        "error": "Not found.",
        "status": 404,
    }
    text = client.get("/shows/soundtrack/characters/nobody/songs.txt")
    assert (text.status_code, text.content) == (404, b"Not found.\n")
    assert client.get(EPISODE + ".m3u").status_code == 404


@pytest.mark.django_db
def test_anonymous_playlists_set_no_cookie_and_any_cache_may_keep_them(client, demo):
    response = client.get(EPISODE + ".xspf")
    assert not response.cookies
    assert "public" in response["Cache-Control"] and "Cookie" in response["Vary"]


@pytest.mark.django_db
def test_episode_season_and_character_pages_link_to_their_playlists(client, demo):
    episode = client.get("/shows/soundtrack/season-1/episode-2/").content.decode()
    season = client.get("/shows/soundtrack/season-1/").content.decode()
    character = client.get("/shows/soundtrack/characters/nellie/").content.decode()
    for page, base in [(episode, EPISODE), (season, SEASON), (character, NELLIE)]:
        for fmt, label in [("xspf", "XSPF"), ("jspf", "JSPF"), ("txt", "text")]:
            assert f'<a href="{base}.{fmt}" download>{label}</a>' in page


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["xspf", "jspf", "txt"])
def test_playlist_query_count_does_not_grow_with_the_songs(client, fmt):
    counts = []
    for size in (2, 30):
        show = f.make_show()
        season = f.make_season(show=show)
        character = f.make_character(show)
        episode = None
        for number in range(1, size + 1):
            episode = f.make_episode(season=season, number=number)
            scene = f.make_scene(episode, characters=[character])
            f.make_cue(
                scene, performers=[character], song=f.make_song(spotify_url="https://open.spotify.com/x")
            )
            f.make_cue(scene, position=2)
        urls = [
            f"{season.get_absolute_url()}songs.{fmt}",
            f"{episode.get_absolute_url()}songs.{fmt}",
            f"{character.get_absolute_url()}songs.{fmt}",
        ]
        counts.append([_queries(client, url) for url in urls])
    # What the playlist is of, then its cues with their songs, artists and places.
    assert counts == [[2, 2, 2], [2, 2, 2]]


@pytest.mark.django_db
def test_a_season_that_starts_past_the_shield_is_not_found_and_not_in_the_catalogue(client, later):
    from wiki.models import Show

    season = f.make_season(show=Show.objects.get(slug="soundtrack"), number=2)
    f.make_cue(f.make_scene(f.make_episode(season=season, number=1)))
    f.make_season(show=season.show, number=3)  # no episodes yet: nothing a shielded reader needs
    assert client.get("/shows/soundtrack/season-2/songs.txt").status_code == 200

    shield_at_s1e2(client)

    assert client.get("/shows/soundtrack/season-2/songs.txt").status_code == 404
    seasons = client.get("/shows/soundtrack/catalogue.json").json()["seasons"]
    assert [s["number"] for s in seasons] == [1]
    assert len(client.get("/shows/soundtrack/catalogue.json?reveal=1").json()["seasons"]) == 3
