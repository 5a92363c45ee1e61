"""Editors keep the catalogue in the admin: add/change flows and clear errors."""

import pytest
from django.contrib.auth.models import Group

from tests import factories as f
from wiki.models import Cue, Episode, Scene

SCENE_FORMSETS = {
    "appearances-TOTAL_FORMS": "0", "appearances-INITIAL_FORMS": "0",
    "cues-TOTAL_FORMS": "0", "cues-INITIAL_FORMS": "0",
}  # fmt: skip


def episode_form(season, number, title="Pilot", scenes=()):
    data = {"season": season.pk, "number": number, "title": title, "synopsis": "",
            "scenes-TOTAL_FORMS": str(len(scenes)), "scenes-INITIAL_FORMS": "0"}  # fmt: skip
    for i, (position, scene_title) in enumerate(scenes):
        data |= {f"scenes-{i}-position": position, f"scenes-{i}-title": scene_title}
    return data


@pytest.mark.django_db
def test_editor_adds_an_episode_with_scenes_inline(editor_client):
    season = f.make_season()
    response = editor_client.post(
        "/admin/wiki/episode/add/", episode_form(season, 1, scenes=[(1, "Cold open"), (2, "Duet")])
    )
    assert response.status_code == 302
    episode = Episode.objects.get()
    assert list(episode.scenes.values_list("title", flat=True)) == ["Cold open", "Duet"]
    page = editor_client.get(episode.get_absolute_url()).content.decode()
    assert "Cold open" in page


@pytest.mark.django_db
def test_duplicate_episode_number_is_a_form_error_not_a_500(editor_client):
    episode = f.make_episode(number=1)
    response = editor_client.post("/admin/wiki/episode/add/", episode_form(episode.season, 1))
    assert response.status_code == 200
    assert "This season already has an episode with this number." in response.content.decode()
    assert Episode.objects.count() == 1


@pytest.mark.django_db
def test_duplicate_scene_positions_in_the_inline_are_a_form_error(editor_client):
    season = f.make_season()
    response = editor_client.post(
        "/admin/wiki/episode/add/", episode_form(season, 1, scenes=[(1, "A"), (1, "B")])
    )
    assert response.status_code == 200
    assert "Please correct the duplicate data" in response.content.decode()
    assert not Scene.objects.exists()


@pytest.mark.django_db
def test_negative_episode_number_and_scene_time_are_form_errors(editor_client):
    season = f.make_season()
    data = episode_form(season, -1, scenes=[(1, "A")]) | {"scenes-0-starts_at": "-0:10"}
    response = editor_client.post("/admin/wiki/episode/add/", data)
    assert response.status_code == 200
    assert response.content.decode().count("Ensure this value is greater than or equal to") == 2


@pytest.mark.django_db
def test_duplicate_slug_is_a_form_error(editor_client):
    f.make_artist(name="Robyn", slug="robyn")
    response = editor_client.post("/admin/wiki/artist/add/", {"name": "Robyn", "slug": "robyn"})
    assert response.status_code == 200
    assert "Artist with this Slug already exists." in response.content.decode()


@pytest.mark.django_db
def test_cue_performer_from_another_show_is_refused(editor_client):
    scene = f.make_scene(f.make_episode())
    stranger = f.make_character(f.make_show(), name="Stranger")
    song = f.make_song()
    data = SCENE_FORMSETS | {
        "episode": scene.episode.pk, "position": 1, "title": "Duet",
        "cues-TOTAL_FORMS": "1", "cues-0-song": song.pk, "cues-0-kind": "performed",
        "cues-0-position": "1", "cues-0-performers": [stranger.pk],
    }  # fmt: skip
    response = editor_client.post(f"/admin/wiki/scene/{scene.pk}/change/", data)
    assert response.status_code == 200
    message = f"Stranger ({stranger.show.title}) belongs to another show: choose a character of {scene.episode.show.title}."
    assert message in response.content.decode()
    assert not Cue.objects.exists()


@pytest.mark.django_db
def test_scene_with_cue_and_appearance_saves_through_the_admin(editor_client):
    scene = f.make_scene(f.make_episode())
    singer = f.make_character(scene.episode.show, name="Singer")
    song = f.make_song(title="Heat")
    data = SCENE_FORMSETS | {
        "episode": scene.episode.pk, "position": 1, "title": "Duet",
        "appearances-TOTAL_FORMS": "1", "appearances-0-character": singer.pk,
        "cues-TOTAL_FORMS": "1", "cues-0-song": song.pk, "cues-0-kind": "performed",
        "cues-0-position": "1", "cues-0-performers": [singer.pk], "cues-0-starts_at": "12:34",
    }  # fmt: skip
    response = editor_client.post(f"/admin/wiki/scene/{scene.pk}/change/", data)
    assert response.status_code == 302
    cue = Cue.objects.get()
    assert list(cue.performers.all()) == [singer]
    assert cue.starts_at.total_seconds() == 12 * 60 + 34
    page = editor_client.get(scene.episode.get_absolute_url()).content.decode()
    assert "12:34" in page and "sung by" in page


@pytest.mark.django_db
def test_autocomplete_finds_characters_for_editors(editor_client):
    show = f.make_show()
    f.make_character(show, name="Nellie")
    response = editor_client.get(
        "/admin/autocomplete/",
        {"term": "Nel", "app_label": "wiki", "model_name": "appearance", "field_name": "character"},
    )
    assert [r["text"] for r in response.json()["results"]] == [f"Nellie — {show.title}"]


@pytest.mark.django_db
def test_editors_group_can_edit_but_not_delete_shows(editor_client):
    show = f.make_show()
    assert editor_client.get(f"/admin/wiki/show/{show.pk}/change/").status_code == 200
    assert editor_client.get(f"/admin/wiki/show/{show.pk}/delete/").status_code == 403
    scene = f.make_scene(f.make_episode(season=f.make_season(show=show)))
    assert editor_client.get(f"/admin/wiki/scene/{scene.pk}/delete/").status_code == 200


@pytest.mark.django_db
def test_editors_group_has_exactly_the_catalogue_permissions():
    codenames = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
    assert "add_episode" in codenames and "change_song" in codenames and "delete_cue" in codenames
    assert "delete_show" not in codenames and "delete_song" not in codenames
    assert not any("user" in c or "group" in c for c in codenames)


@pytest.mark.django_db
def test_admin_is_closed_to_anonymous_readers(client):
    response = client.get("/admin/wiki/episode/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.django_db
def test_admin_has_view_on_site_link(editor_client):
    episode = f.make_episode()
    page = editor_client.get(f"/admin/wiki/episode/{episode.pk}/change/").content.decode()
    assert "View on site" in page


@pytest.mark.django_db
def test_editor_swaps_two_scenes_in_one_save(editor_client):
    episode = f.make_episode()
    first, second = f.make_scene(episode, title="First"), f.make_scene(episode, title="Second")
    data = episode_form(episode.season, episode.number, title=episode.title) | {
        "scenes-TOTAL_FORMS": "2", "scenes-INITIAL_FORMS": "2",
        "scenes-0-id": first.pk, "scenes-0-episode": episode.pk, "scenes-0-position": 2, "scenes-0-title": "First",
        "scenes-1-id": second.pk, "scenes-1-episode": episode.pk, "scenes-1-position": 1, "scenes-1-title": "Second",
    }  # fmt: skip
    response = editor_client.post(f"/admin/wiki/episode/{episode.pk}/change/", data)
    assert response.status_code == 302
    assert dict(Scene.objects.values_list("title", "position")) == {"First": 2, "Second": 1}
