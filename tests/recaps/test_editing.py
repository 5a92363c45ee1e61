"""No lost edits: two editors open the same object; the second save merges or refuses, never overwrites."""

import re

import pytest

from recaps.models import Recap
from tests import factories as f
from wiki.models import Cue, Scene


def base_version(page):
    return re.search(r'name="base_version" value="([^"]+)"', page).group(1)


def open_form(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return base_version(response.content.decode())


def recap_data(recap, base, **changes):
    data = {
        "title": recap.title, "slug": recap.slug, "episode": recap.episode_id, "author": recap.author_id,
        "dek": recap.dek, "body": recap.body, "status": recap.status, "published_at_0": "", "published_at_1": "",
        "lead_image_alt": "", "base_version": base, "edit_summary": "",
        "comments_open": "on" if recap.comments_open else "",
    }  # fmt: skip
    if recap.published_at:
        data |= {
            "published_at_0": recap.published_at.strftime("%Y-%m-%d"),
            "published_at_1": recap.published_at.strftime("%H:%M:%S"),
        }
    return data | changes


@pytest.fixture
def two_editors(client, django_user_model, editor):
    from django.test import Client

    other = Client()
    other.force_login(f.make_editor("second"))
    client.force_login(editor)
    return client, other


def race_on_recap(two_editors, recap, theirs, mine):
    """Both editors open the recap; the second saves ``theirs``, then the first posts ``mine``."""
    first, second = two_editors
    url = f"/admin/recaps/recap/{recap.pk}/change/"
    base_first, base_second = open_form(first, url), open_form(second, url)
    assert second.post(url, recap_data(recap, base_second, **theirs)).status_code == 302
    return first.post(url, recap_data(recap, base_first, **mine))


@pytest.mark.django_db
def test_different_fields_changed_by_two_editors_are_merged(two_editors):
    recap = f.make_recap(dek="Old dek", body="Old body")
    response = race_on_recap(two_editors, recap, {"dek": "Their dek"}, {"body": "My body"})
    assert response.status_code == 302
    recap.refresh_from_db()
    assert (recap.dek, recap.body) == ("Their dek", "My body")


@pytest.mark.django_db
def test_same_field_changed_by_two_editors_is_refused_showing_both_versions(two_editors):
    recap = f.make_recap(body="The original paragraph.")
    mine = {"body": "My long new paragraph."}
    response = race_on_recap(two_editors, recap, {"body": "Their careful rewrite."}, mine)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved this recap while you were editing" in page
    assert '<td class="theirs">Their careful rewrite.</td>' in page
    assert '<td class="mine">My long new paragraph.</td>' in page
    assert re.search(r"<textarea[^>]*name=\"body\"[^>]*>\s*My long new paragraph.</textarea>", page)  # kept
    recap.refresh_from_db()
    assert recap.body == "Their careful rewrite."
    # Having seen theirs, the first editor saves again and keeps their own text.
    again = two_editors[0].post(
        f"/admin/recaps/recap/{recap.pk}/change/", recap_data(recap, base_version(page), **mine)
    )
    assert again.status_code == 302
    recap.refresh_from_db()
    assert recap.body == "My long new paragraph."


@pytest.mark.django_db
def test_same_change_by_both_editors_is_not_a_conflict(two_editors):
    recap = f.make_recap(title="Typo")
    assert race_on_recap(two_editors, recap, {"title": "Fixed"}, {"title": "Fixed"}).status_code == 302


@pytest.mark.django_db
def test_tampered_base_version_does_not_crash_and_saves(editor_client):
    recap = f.make_recap()
    url = f"/admin/recaps/recap/{recap.pk}/change/"
    response = editor_client.post(url, recap_data(recap, "forged:token", dek="New"))
    assert response.status_code == 302
    assert Recap.objects.get().dek == "New"


def scene_data(scene, base, cues=(), initial_cues=(), **changes):
    data = {
        "episode": scene.episode_id, "position": scene.position, "title": scene.title,
        "description": scene.description, "base_version": base, "edit_summary": "",
        "appearances-TOTAL_FORMS": "0", "appearances-INITIAL_FORMS": "0",
        "cues-TOTAL_FORMS": str(len(initial_cues) + len(cues)), "cues-INITIAL_FORMS": str(len(initial_cues)),
    }  # fmt: skip
    for i, cue in enumerate(initial_cues):
        data |= {f"cues-{i}-id": cue.pk, f"cues-{i}-scene": scene.pk, f"cues-{i}-song": cue.song_id,
                 f"cues-{i}-kind": cue.kind, f"cues-{i}-position": cue.position}  # fmt: skip
    for i, song in enumerate(cues, start=len(initial_cues)):
        data |= {f"cues-{i}-song": song.pk, f"cues-{i}-kind": "background", f"cues-{i}-position": i + 1}
    return data | changes


@pytest.mark.django_db
def test_their_song_list_and_my_description_are_merged(two_editors):
    first, second = two_editors
    scene = f.make_scene(f.make_episode(), description="Before.")
    heat = f.make_song(title="Heat")
    url = f"/admin/wiki/scene/{scene.pk}/change/"
    base_first, base_second = open_form(first, url), open_form(second, url)
    assert second.post(url, scene_data(scene, base_second, cues=[heat])).status_code == 302
    response = first.post(url, scene_data(scene, base_first, description="My new description."))
    assert response.status_code == 302
    scene = Scene.objects.get()
    assert scene.description == "My new description."
    assert [cue.song.title for cue in scene.cues.all()] == ["Heat"]


@pytest.mark.django_db
def test_songs_added_to_one_scene_by_two_editors_are_both_kept(two_editors):
    first, second = two_editors
    scene = f.make_scene(f.make_episode())
    heat, mercy = f.make_song(title="Heat"), f.make_song(title="Mercy")
    url = f"/admin/wiki/scene/{scene.pk}/change/"
    base_first, base_second = open_form(first, url), open_form(second, url)
    assert second.post(url, scene_data(scene, base_second, cues=[heat])).status_code == 302
    assert first.post(url, scene_data(scene, base_first, cues=[mercy])).status_code == 302
    assert sorted(c.song.title for c in Cue.objects.all()) == ["Heat", "Mercy"]


@pytest.mark.django_db
def test_their_performers_and_my_note_on_one_cue_are_merged(two_editors):
    first, second = two_editors
    scene = f.make_scene(f.make_episode())
    nellie = f.make_character(scene.episode.season.show, name="Nellie")
    cue = f.make_cue(scene, f.make_song(title="Heat"), note="")
    url = f"/admin/wiki/scene/{scene.pk}/change/"
    base_first, base_second = open_form(first, url), open_form(second, url)
    theirs = scene_data(scene, base_second, initial_cues=[cue]) | {"cues-0-performers": [nellie.pk]}
    assert second.post(url, theirs).status_code == 302
    mine = scene_data(scene, base_first, initial_cues=[cue]) | {"cues-0-note": "Sung a cappella."}
    assert first.post(url, mine).status_code == 302
    cue.refresh_from_db()
    assert (cue.note, [c.name for c in cue.performers.all()]) == ("Sung a cappella.", ["Nellie"])


@pytest.mark.django_db
def test_episode_synopsis_conflict_is_refused(two_editors):
    first, second = two_editors
    episode = f.make_episode(synopsis="Start.")
    url = f"/admin/wiki/episode/{episode.pk}/change/"
    base_first, base_second = open_form(first, url), open_form(second, url)

    def data(base, synopsis):
        return {"season": episode.season_id, "number": 1, "title": episode.title, "synopsis": synopsis,
                "base_version": base, "scenes-TOTAL_FORMS": "0", "scenes-INITIAL_FORMS": "0"}  # fmt: skip

    assert second.post(url, data(base_second, "Theirs.")).status_code == 302
    response = first.post(url, data(base_first, "Mine."))
    assert response.status_code == 200 and '<td class="theirs">Theirs.</td>' in response.content.decode()


@pytest.mark.django_db
def test_publishing_a_new_recap_in_the_admin_stamps_its_date(editor_client, editor):
    new = Recap(
        title="Fresh", slug="fresh", episode=f.make_episode(), author=editor, body="Hi.", status="published"
    )
    response = editor_client.post("/admin/recaps/recap/add/", recap_data(new, base=""))
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Recap.objects.get(slug="fresh").published_at is not None
