"""The admin's character choices know the show: a scene's or cue's autocomplete offers
only the show's characters, labels carry the show, and a stranger is refused by name."""

import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories as f
from tests.admin_pages import open_change_form
from wiki.models import Appearance, Cue

AUTOCOMPLETE = "/admin/autocomplete/"


@pytest.fixture
def two_sams(db):
    """Two shows that each have a "Sam", and a scene of the second one."""
    other = f.make_show(title="Other Show")
    soundtrack = f.make_show(title="Soundtrack")
    their_sam = f.make_character(other, name="Sam")
    our_sam = f.make_character(soundtrack, name="Sam")
    episode = f.make_episode(season=f.make_season(show=soundtrack), number=2, title="Track 2")
    scene = f.make_scene(episode, title="The girl in the box")
    return soundtrack, other, our_sam, their_sam, scene


def search(client, term, field=("appearance", "character"), show=None, **extra):
    params = {"term": term, "app_label": "wiki", "model_name": field[0], "field_name": field[1], **extra}
    if show is not None:
        params["show"] = show
    response = client.get(AUTOCOMPLETE, params)
    assert response.status_code == 200
    return response.json()["results"]


def widget_url(page, field_id):
    """The ``data-ajax--url`` of the select ``field_id`` on an admin page."""
    tag = re.search(rf'<select[^>]*id="{field_id}"[^>]*>', page)[0]
    return html.unescape(re.search(r'data-ajax--url="([^"]*)"', tag)[1])


def test_scene_form_searches_the_scenes_show_for_appearances_and_performers(editor_client, two_sams):
    soundtrack, *_, scene = two_sams
    page = editor_client.get(f"/admin/wiki/scene/{scene.pk}/change/").content.decode()
    assert widget_url(page, "id_appearances-0-character") == f"{AUTOCOMPLETE}?show={soundtrack.pk}"
    assert widget_url(page, "id_cues-0-performers") == f"{AUTOCOMPLETE}?show={soundtrack.pk}"
    assert widget_url(page, "id_cues-0-song") == AUTOCOMPLETE  # songs belong to no show


def test_autocomplete_from_an_appearance_offers_only_the_shows_sam(editor_client, two_sams):
    soundtrack, _other, our_sam, _their_sam, _scene = two_sams
    assert search(editor_client, "Sam", show=soundtrack.pk) == [
        {"id": str(our_sam.pk), "text": "Sam — Soundtrack"}
    ]
    performers = search(editor_client, "Sam", field=("cue", "performers"), show=soundtrack.pk)
    assert performers == [{"id": str(our_sam.pk), "text": "Sam — Soundtrack"}]


def test_autocomplete_without_a_show_lists_every_sam_by_show_title(editor_client, two_sams):
    assert [r["text"] for r in search(editor_client, "Sam")] == ["Sam — Other Show", "Sam — Soundtrack"]


@pytest.mark.parametrize("bad", ["abc", "-1", "0", "1.5", "9" * 40, "１２", "1; DROP TABLE", ""])
def test_a_bad_show_parameter_is_ignored_not_a_500(editor_client, two_sams, bad):
    assert len(search(editor_client, "Sam", show=bad)) == 2


def test_an_unknown_show_finds_no_character(editor_client, two_sams):
    assert search(editor_client, "Sam", show=987654) == []


def test_episode_and_scene_results_carry_the_shows_title(editor_client, two_sams):
    episodes = search(editor_client, "Track", field=("scene", "episode"))
    assert [r["text"] for r in episodes] == ["Soundtrack S1E2: Track 2"]
    scenes = search(editor_client, "girl", field=("cue", "scene"))
    assert [r["text"] for r in scenes] == ["Soundtrack S1E2 scene 1: The girl in the box"]


def test_selected_choices_carry_the_show_on_the_change_form(editor_client, two_sams):
    soundtrack, _other, our_sam, _their_sam, scene = two_sams
    Appearance.objects.create(scene=scene, character=our_sam)
    page = editor_client.get(f"/admin/wiki/scene/{scene.pk}/change/").content.decode()
    assert f'<option value="{our_sam.pk}" selected>Sam — Soundtrack</option>' in page
    assert f'<option value="{scene.episode.pk}" selected>Soundtrack S1E2: Track 2</option>' in page


def test_autocomplete_query_count_does_not_grow_with_the_results(editor_client, two_sams):
    soundtrack, other, *_ = two_sams
    counts = []
    for extra in (0, 15):
        for n in range(extra):
            f.make_character(soundtrack if n % 2 else other, name=f"Sam {n}")
        with CaptureQueriesContext(connection) as queries:
            results = search(editor_client, "Sam")
        assert len(results) == 2 + extra
        counts.append(len(queries.captured_queries))
    # Session, user, the editor's two permission queries, the count and the page.
    assert counts == [6, 6]


def test_a_character_of_another_show_is_refused_naming_both_shows(editor_client, two_sams):
    _soundtrack, _other, _our_sam, their_sam, scene = two_sams
    data = open_change_form(editor_client, f"/admin/wiki/scene/{scene.pk}/change/")
    data |= {"appearances-0-character": str(their_sam.pk)}
    response = editor_client.post(f"/admin/wiki/scene/{scene.pk}/change/", data)
    assert response.status_code == 200
    assert "Sam (Other Show) belongs to another show: choose a character of Soundtrack." in (
        html.unescape(response.content.decode())
    )
    assert not Appearance.objects.exists()


def test_a_new_scenes_stranger_is_refused_by_the_chosen_episodes_show(editor_client, two_sams):
    _soundtrack, _other, _our_sam, their_sam, scene = two_sams
    data = open_change_form(editor_client, "/admin/wiki/scene/add/")
    data |= {
        "episode": str(scene.episode.pk),
        "position": "2",
        "title": "Open mic",
        "appearances-0-character": str(their_sam.pk),
    }
    response = editor_client.post("/admin/wiki/scene/add/", data)
    assert response.status_code == 200
    assert "Sam (Other Show) belongs to another show: choose a character of Soundtrack." in (
        html.unescape(response.content.decode())
    )
    assert scene.episode.scenes.count() == 1


def test_cue_admin_refuses_performers_of_another_show_by_name(editor_client, two_sams):
    _soundtrack, other, our_sam, their_sam, scene = two_sams
    cue = f.make_cue(scene, performers=[our_sam])
    page = editor_client.get(f"/admin/wiki/cue/{cue.pk}/change/").content.decode()
    assert widget_url(page, "id_performers") == f"{AUTOCOMPLETE}?show={scene.episode.show_id}"
    kim = f.make_character(other, name="Kim")
    data = open_change_form(editor_client, f"/admin/wiki/cue/{cue.pk}/change/")
    data |= {"performers": [str(their_sam.pk), str(kim.pk)]}
    response = editor_client.post(f"/admin/wiki/cue/{cue.pk}/change/", data)
    assert response.status_code == 200
    assert (
        "Kim (Other Show) and Sam (Other Show) belong to another show: choose characters of Soundtrack."
        in html.unescape(response.content.decode())
    )
    assert list(Cue.objects.get().performers.all()) == [our_sam]


def test_a_new_scene_of_a_chosen_episode_searches_that_show(editor_client, two_sams):
    soundtrack, *_, scene = two_sams
    page = editor_client.get(f"/admin/wiki/scene/add/?episode={scene.episode.pk}").content.decode()
    assert widget_url(page, "id_appearances-0-character") == f"{AUTOCOMPLETE}?show={soundtrack.pk}"
    for unknown in ("", "abc", "987654", "9" * 40):
        page = editor_client.get(f"/admin/wiki/scene/add/?episode={unknown}").content.decode()
        assert widget_url(page, "id_appearances-0-character") == AUTOCOMPLETE


@pytest.mark.parametrize("bad", ["abc", "9" * 40, "1,abc"])
def test_an_add_form_given_a_relation_that_is_no_id_opens_without_it(editor_client, two_sams, bad):
    for url, select in (
        (f"/admin/wiki/scene/add/?episode={bad}", "id_episode"),
        (f"/admin/wiki/cue/add/?performers={bad}", "id_performers"),
    ):
        response = editor_client.get(url)
        assert response.status_code == 200
        options = re.search(
            rf'<select[^>]*id="{select}"[^>]*>(.*?)</select>', response.content.decode(), re.S
        )
        assert "selected" not in options[1]
