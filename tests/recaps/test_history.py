"""History: every admin save is kept with who, when and a comment; diffs; one-step revert; recovery; recent changes."""

import re
from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import Group
from reversion.models import Version

from recaps.models import Recap
from tests import factories as f
from tests.recaps.test_editing import open_form, recap_data


def save_recap(client, recap, **changes):
    url = f"/admin/recaps/recap/{recap.pk}/change/"
    response = client.post(url, recap_data(recap, open_form(client, url), **changes))
    assert response.status_code == 302, response.content.decode()[:2000]
    recap.refresh_from_db()
    return recap


@pytest.mark.django_db
def test_admin_saves_are_kept_with_editor_and_comment(editor_client, editor):
    recap = save_recap(
        editor_client, f.make_recap(body="First draft."), body="Second draft.", edit_summary="Tightened"
    )
    version = Version.objects.get_for_object(recap).get()
    assert version.revision.user == editor
    assert version.revision.get_comment().startswith("Tightened — Changed")
    page = editor_client.get(f"/admin/recaps/recap/{recap.pk}/history/").content.decode()
    assert "Tightened" in page and f"/editors/versions/{version.pk}/" in page


@pytest.mark.django_db
def test_diff_shows_removed_and_added_words(editor_client):
    recap = f.make_recap()
    save_recap(editor_client, recap, body="Nellie sings quietly.")
    save_recap(editor_client, recap, body="Nellie sings loudly.")
    newest = Version.objects.get_for_object(recap).first()
    page = editor_client.get(f"/editors/versions/{newest.pk}/").content.decode()
    assert "Nellie sings <del>quietly</del><ins>loudly</ins>." in page
    assert "Revert to this version" in page


@pytest.mark.django_db
def test_revert_restores_the_old_text_in_one_step(editor_client, editor):
    recap = f.make_recap()
    f.make_character(recap.episode.show, name="Nellie", slug="nellie")
    save_recap(editor_client, recap, body="The good version with [[Nellie]].")
    save_recap(editor_client, recap, body="Vandalised.")
    good = Version.objects.get_for_object(recap).last()
    response = editor_client.post(f"/editors/versions/{good.pk}/revert/")
    assert response.status_code == 302
    recap.refresh_from_db()
    assert recap.body == "The good version with [[Nellie]]."
    assert (
        "/characters/nellie/" in recap.body_html
        and recap.links_from.filter(character__slug="nellie").exists()
    )
    latest = Version.objects.get_for_object(recap).first()
    assert latest.revision.get_comment().startswith("Reverted to the version of")
    assert latest.revision.user == editor


@pytest.mark.django_db
def test_deleted_recap_can_be_recovered(editor_client):
    recap = save_recap(editor_client, f.make_recap(title="Lost and found"), dek="Saved once")
    response = editor_client.post(f"/admin/recaps/recap/{recap.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not Recap.objects.exists()
    assert "Lost and found" in editor_client.get("/admin/recaps/recap/recover/").content.decode()
    version = Version.objects.get_deleted(Recap).get()
    editor_client.post(f"/editors/versions/{version.pk}/revert/")
    assert Recap.objects.get().dek == "Saved once"


@pytest.mark.django_db
def test_reverting_an_episode_brings_back_its_scenes(editor_client):
    episode = f.make_episode(title="Pilot")
    url = f"/admin/wiki/episode/{episode.pk}/change/"
    data = {"season": episode.season_id, "number": 1, "title": "Pilot", "synopsis": "",
            "scenes-TOTAL_FORMS": "1", "scenes-INITIAL_FORMS": "0",
            "scenes-0-position": "1", "scenes-0-title": "Cold open"}  # fmt: skip
    assert editor_client.post(url, data | {"base_version": open_form(editor_client, url)}).status_code == 302
    first = Version.objects.get_for_object(episode).get()
    episode.scenes.update(title="Renamed")
    editor_client.post(f"/editors/versions/{first.pk}/revert/")
    assert list(episode.scenes.values_list("title", flat=True)) == ["Cold open"]


@pytest.mark.django_db
def test_recent_changes_lists_edits_and_filters_by_show_and_kind(editor_client):
    recap = save_recap(editor_client, f.make_recap(title="Recap edit"), dek="x", edit_summary="Dek added")
    song = f.make_song(title="Heat", slug="heat")
    url = f"/admin/wiki/song/{song.pk}/change/"
    data = {"title": "Heat", "slug": "heat", "artist": song.artist_id, "base_version": open_form(editor_client, url),
            "edit_summary": "Year fixed", "year": "2017"}  # fmt: skip
    assert editor_client.post(url, data).status_code == 302
    page = editor_client.get("/editors/changes/").content.decode()
    assert "Recap edit" in page and "Heat" in page and "Dek added" in page and "editor" in page
    assert re.search(r'href="/editors/versions/\d+/">diff</a>', page)
    songs_only = editor_client.get("/editors/changes/?kind=song").content.decode()
    assert "Heat" in songs_only and "Recap edit" not in songs_only
    show_only = editor_client.get(f"/editors/changes/?show={recap.episode.show.slug}").content.decode()
    assert "Recap edit" in show_only and "Year fixed" not in show_only


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/editors/changes/", "/editors/versions/1/"])
def test_editor_pages_are_closed_to_readers(client, django_user_model, url):
    assert client.get(url).status_code == 302
    client.force_login(django_user_model.objects.create_user("reader", password="pw"))
    response = client.get(url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.django_db
def test_staff_without_change_permission_cannot_see_or_revert_a_version(
    client, editor_client, django_user_model
):
    recap = save_recap(editor_client, f.make_recap(), dek="x")
    version = Version.objects.get_for_object(recap).get()
    client.force_login(django_user_model.objects.create_user("intern", password="pw", is_staff=True))
    assert client.get(f"/editors/versions/{version.pk}/").status_code == 403
    assert client.post(f"/editors/versions/{version.pk}/revert/").status_code == 403


@pytest.mark.django_db
def test_editors_group_can_write_recaps():
    codenames = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
    assert {"add_recap", "change_recap", "view_recap", "delete_recap", "view_version"} <= codenames


@pytest.mark.django_db
def test_comment_names_only_the_fields_really_changed(editor_client):
    recap = f.make_recap(body="Line one.\nLine two.", published_at=datetime(2024, 1, 1, 9, tzinfo=UTC))
    save_recap(editor_client, recap, body="Line one.\r\nLine two.", dek="New dek")
    comment = Version.objects.get_for_object(recap).get().revision.get_comment()
    assert comment == "Changed One-line summary."


@pytest.mark.django_db
def test_recent_changes_leave_out_edits_past_the_editors_spoiler_shield(editor_client):
    show = f.make_show(title="Shielded Show", slug="shielded-show")
    season = f.make_season(show, number=1)
    f.make_episode(season, number=1, title="Pilot")
    second = f.make_episode(season, number=2, title="Track 2: PLOTTWISTWORD")
    url = f"/admin/wiki/episode/{second.pk}/change/"
    form = editor_client.get(url).context["adminform"].form
    data = {name: ("" if value is None else value) for name, value in form.initial.items() if name != "still"}
    data.update(
        {
            "base_version": open_form(editor_client, url),
            "edit_summary": "Renamed",
            "scenes-TOTAL_FORMS": 0,
            "scenes-INITIAL_FORMS": 0,
            "season": season.pk,
        }  # fmt: skip
    )
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert "PLOTTWISTWORD" in editor_client.get("/editors/changes/").content.decode()
    first = show.episodes.get(number=1)
    assert (
        editor_client.post(
            f"/shows/{show.slug}/shield/",
            {"action": "set", "episode": first.pk, "next": "/"},
            HTTP_ORIGIN="http://testserver",
        ).status_code
        == 302
    )
    assert "PLOTTWISTWORD" not in editor_client.get("/editors/changes/").content.decode()
