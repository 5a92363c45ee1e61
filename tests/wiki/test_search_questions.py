"""Search answers "what was that song?": scenes are results, questions rank by
how many of their words match, and the best few across kinds come first."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories as f
from tests.wiki.test_search import suggest, titles
from tests.wiki.test_spoilers import shield_at_s1e2
from wiki.models import Episode, Scene, SearchEntry

pytestmark = pytest.mark.django_db


def best(client, q):
    """What a reader sees first: the best matches, or the one group there is."""
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    return titles(response, "best") or titles(response), response.content.decode()


def test_a_scene_is_found_by_its_title(client, demo):
    top, _ = best(client, "the girl in the box")
    assert top[0] == "S1E2 · scene 3 — The girl in the box"


def test_a_question_about_who_sings_puts_the_song_first(client, demo):
    top, _ = best(client, "who sings mercy")
    assert top[0] == "Mercy"


def test_a_half_remembered_moment_puts_a_scene_with_her_first(client, demo):
    top, page = best(client, "song when nellie leaves the restaurant")
    assert top[0].startswith("S1E2 · scene ")
    scene = Scene.objects.get(episode__number=2, position=int(top[0].split("scene ")[1].split(" ")[0]))
    assert scene.appearances.filter(character__slug="nellie").exists()


def test_an_artists_exact_name_comes_first_across_kinds(client, demo):
    top, _ = best(client, "kelly clarkson")
    assert top[0] == "Kelly Clarkson"
    assert "Heat" in top


def test_a_scene_result_names_the_songs_that_play_in_it_and_links_to_its_anchor(client, demo):
    response = client.get("/search/", {"q": "inside the box", "kind": "scene"})
    page = response.content.decode()
    assert titles(response)[0] == "S1E2 · scene 8 — Inside the box"
    assert "Crash and Burn Girl" in page
    assert 'href="/shows/soundtrack/season-1/episode-2/#scene-8"' in page


def test_a_misspelt_question_is_still_corrected(client, demo):
    top, page = best(client, "who sings mercyy")
    assert "showing results for" in page and top[0] == "Mercy"


def test_scenes_are_never_suggestions(client, demo):
    assert not [title for title in suggest(client, "the girl") if "scene" in title]


def test_a_renamed_song_renames_its_scenes_entry(client, demo):
    cue = Scene.objects.get(episode__number=2, position=8).cues.get()
    cue.song.title = "Crash and Burn Girl (Live)"
    cue.song.save()
    entry = SearchEntry.objects.get(kind="scene", object_id=cue.scene_id)
    assert "Crash and Burn Girl (Live)" in entry.subtitle


def test_a_later_scene_is_no_result_under_the_shield(client, demo):
    episode3 = Episode.objects.get(show__slug="soundtrack", number=3)
    f.make_scene(episode3, title="Glowworm finale", description="Everything glows.")
    assert titles(client.get("/search/", {"q": "glowworm"}))
    shield_at_s1e2(client)
    assert titles(client.get("/search/", {"q": "glowworm"})) == []
    assert titles(client.get("/search/", {"q": "glowworm finale", "kind": "scene"})) == []


def test_questions_run_a_fixed_number_of_queries(client, demo):
    counts = []
    for scenes in (0, 40):
        episode = Episode.objects.get(show__slug="soundtrack", number=1)
        for _ in range(scenes):
            f.make_scene(episode, title="Nellie at the restaurant again")
        with CaptureQueriesContext(connection) as queries:
            client.get("/search/", {"q": "song when nellie leaves the restaurant"})
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1] <= 5


def test_song_and_scene_results_carry_listen_links(client, demo):
    page = client.get("/search/", {"q": "unconditionally"}).content.decode()
    assert 'aria-label="Listen to Unconditionally on YouTube"' in page
    scene = client.get("/search/", {"q": "inside the box", "kind": "scene"}).content.decode()
    assert 'aria-label="Search Spotify for Crash and Burn Girl by Robyn"' in scene


def test_a_new_listen_link_reaches_the_scene_results(client, demo):
    song = Scene.objects.get(episode__number=2, position=8).cues.get().song
    song.spotify_url = "https://open.spotify.com/track/0000000000000000000000"
    song.save()
    scene = client.get("/search/", {"q": "inside the box", "kind": "scene"}).content.decode()
    assert 'aria-label="Listen to Crash and Burn Girl on Spotify"' in scene
