"""An episode on one screen in the admin ("Scenes and songs"): its scenes with their
characters and cues, saved together, merging with another editor's save.

Each editor GETs the screen and posts back what it holds with their own changes, as a
browser would (``tests.admin_pages``).
"""

import html
import re

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from reversion.models import Version

from tests import factories as f
from tests.admin_pages import form_data
from wiki.models import Appearance, Cue, Episode, Scene


@pytest.fixture
def cast(db):
    """An episode of a show with three characters: two scenes, the first with a performed cue."""
    season = f.make_season(show=f.make_show(title="Soundtrack"))
    episode = f.make_episode(season=season, number=2, title="Joanna and Nellie")
    nellie, joanna, sam = (f.make_character(season.show, name=name) for name in ("Nellie", "Joanna", "Sam"))
    audition = f.make_scene(episode, title="The audition", description="Joanna sings.", characters=[joanna])
    f.make_cue(audition, song=f.make_song(title="Heat"), performers=[joanna], note="a cappella")
    f.make_scene(episode, title="The bar", characters=[nellie, sam])
    return {"episode": episode, "Nellie": nellie, "Joanna": joanna, "Sam": sam}


def url_of(episode):
    return f"/admin/wiki/episode/{episode.pk}/scenes/"


def open_screen(client, episode):
    response = client.get(url_of(episode))
    assert response.status_code == 200
    return form_data(response.content.decode())


def row_of(form, title):
    """The prefix (``scenes-0``) of the scene titled ``title`` in a form's data."""
    return next(
        k.removesuffix("-title")
        for k, v in form.items()
        if re.fullmatch(r"scenes-\d+-title", k) and v == title
    )


def add_scene(form, title, position, **fields):
    """Add a scene as "Add a scene" does; returns its prefix."""
    index = int(form["scenes-TOTAL_FORMS"])
    prefix = f"scenes-{index}"
    form |= {
        "scenes-TOTAL_FORMS": str(index + 1),
        f"{prefix}-title": title,
        f"{prefix}-position": str(position),
        f"{prefix}-cues-TOTAL_FORMS": "0",
        f"{prefix}-cues-INITIAL_FORMS": "0",
        **{f"{prefix}-{name}": value for name, value in fields.items()},
    }
    return prefix


def add_cue(form, scene, song, **fields):
    """Add a cue to the scene of prefix ``scene`` as "Add a cue" does."""
    index = int(form[f"{scene}-cues-TOTAL_FORMS"])
    prefix = f"{scene}-cues-{index}"
    form |= {
        f"{scene}-cues-TOTAL_FORMS": str(index + 1),
        f"{prefix}-song": str(song.pk),
        f"{prefix}-kind": "background",
    }
    form |= {f"{prefix}-{name}": value for name, value in fields.items()}
    return prefix


def saved(response):
    assert response.status_code == 302, html.unescape(response.content.decode())[:4000]
    return response


def refusal(response):
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def scenes(episode):
    return [(s.position, s.title) for s in Scene.objects.filter(episode=episode).order_by("position")]


def names(manager):
    return sorted(c.name for c in manager.all())


@pytest.mark.django_db
def test_screen_shows_every_scene_in_order_with_its_characters_and_cues(editor_client, cast):
    other_show = f.make_character(f.make_show(title="Other show"), name="Stranger")
    page = html.unescape(editor_client.get(url_of(cast["episode"])).content.decode())
    assert "<h1>Scenes and songs of S1E2: Joanna and Nellie</h1>" in page
    assert page.index('value="The audition"') < page.index('value="The bar"')
    form = form_data(page)
    first, second = row_of(form, "The audition"), row_of(form, "The bar")
    assert form[f"{first}-characters"] == str(cast["Joanna"].pk)
    assert sorted(form[f"{second}-characters"]) == sorted([str(cast["Nellie"].pk), str(cast["Sam"].pk)])
    assert re.search(r'<option value="\d+" selected>Heat</option>', page)
    assert form[f"{first}-cues-0-performers"] == str(cast["Joanna"].pk)
    assert form[f"{first}-cues-0-note"] == "a cappella"
    assert "Stranger" not in page and other_show.pk  # only this show's characters are offered
    assert 'id="scene-template"' in page and 'id="cue-template"' in page


@pytest.mark.django_db
def test_episode_form_and_list_link_to_the_screen(editor_client, cast):
    episode = cast["episode"]
    link = f'<a href="{url_of(episode)}"'
    assert link in editor_client.get(f"/admin/wiki/episode/{episode.pk}/change/").content.decode()
    assert link in editor_client.get("/admin/wiki/episode/").content.decode()


@pytest.mark.django_db
def test_one_save_keeps_an_edited_title_a_new_scene_a_new_cue_with_a_performer_and_a_deleted_cue(
    editor_client, cast
):
    episode, joanna, nellie = cast["episode"], cast["Joanna"], cast["Nellie"]
    form = open_screen(editor_client, episode)
    first, second = row_of(form, "The audition"), row_of(form, "The bar")
    form[f"{first}-title"] = "The audition, again"
    form[f"{first}-cues-0-DELETE"] = "on"
    roof = add_scene(form, "The roof", 3, starts_at="31:05", characters=[str(nellie.pk)])
    mercy = f.make_song(title="Mercy")
    add_cue(
        form, roof, mercy, performers=[str(nellie.pk), str(joanna.pk)], kind="performed", starts_at="32:00"
    )
    add_cue(form, second, f.make_song(title="Dancing"), note="jukebox")
    form["edit_summary"] = "The roof scene"
    response = saved(editor_client.post(url_of(episode), form))
    assert response["Location"] == f"/admin/wiki/episode/{episode.pk}/change/"

    assert scenes(episode) == [(1, "The audition, again"), (2, "The bar"), (3, "The roof")]
    assert not Cue.objects.filter(scene__position=1, scene__episode=episode).exists()
    roof_scene = Scene.objects.get(episode=episode, title="The roof")
    assert str(roof_scene.starts_at) == "0:31:05" and names(roof_scene.characters) == ["Nellie"]
    cue = roof_scene.cues.get()
    assert (cue.song, cue.kind, str(cue.starts_at), names(cue.performers)) == (
        mercy,
        "performed",
        "0:32:00",
        ["Joanna", "Nellie"],
    )
    assert Scene.objects.get(title="The bar").cues.get().note == "jukebox"

    history = editor_client.get(f"/admin/wiki/episode/{episode.pk}/history/").content.decode()
    assert (
        "The roof scene — Scenes and songs: 1 scene added, 1 scene changed, 2 cues added, 1 cue deleted."
        in (html.unescape(history))
    )
    version = Version.objects.get_for_object(episode).first()
    assert version.revision.user.username == "editor"
    assert version.revision.info.object_repr == str(episode)  # listed in "Recent changes"


@pytest.mark.django_db
def test_swapped_positions_and_changed_characters_are_saved(editor_client, cast):
    episode, nellie = cast["episode"], cast["Nellie"]
    form = open_screen(editor_client, episode)
    first, second = row_of(form, "The audition"), row_of(form, "The bar")
    form |= {f"{first}-position": "2", f"{second}-position": "1", f"{first}-characters": [str(nellie.pk)]}
    saved(editor_client.post(url_of(episode), form))
    assert scenes(episode) == [(1, "The bar"), (2, "The audition")]
    assert names(Scene.objects.get(title="The audition").characters) == ["Nellie"]


@pytest.mark.django_db
def test_save_and_continue_stays_on_the_screen_saying_what_was_saved(editor_client, cast):
    episode = cast["episode"]
    form = open_screen(editor_client, episode)
    form[f"{row_of(form, 'The bar')}-description"] = "Nellie draws."
    response = saved(editor_client.post(url_of(episode), {**form, "_continue": "Save and continue editing"}))
    assert response["Location"] == url_of(episode)
    page = html.unescape(editor_client.get(url_of(episode)).content.decode())
    assert "The scenes and songs of “S1E2: Joanna and Nellie” were saved. 1 scene changed." in page
    assert "Nellie draws." in page


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["characters", "performers"])
def test_a_character_of_another_show_is_refused_naming_both_shows(editor_client, cast, field):
    episode = cast["episode"]
    stranger = f.make_character(f.make_show(title="Other show"), name="Stranger")
    form = open_screen(editor_client, episode)
    first = row_of(form, "The audition")
    form[f"{first}-title"] = "Renamed"
    form[f"{first}-characters" if field == "characters" else f"{first}-cues-0-performers"] = str(stranger.pk)
    page = refusal(editor_client.post(url_of(episode), form))
    assert "Stranger is a character of Other show, not of Soundtrack." in page
    assert "Please correct the errors below." in page
    assert scenes(episode)[0] == (1, "The audition")  # nothing saved


@pytest.mark.django_db
def test_an_invalid_time_is_shown_on_its_field_keeping_what_was_typed(editor_client, cast):
    episode = cast["episode"]
    form = open_screen(editor_client, episode)
    roof = add_scene(form, "The roof", 3, starts_at="half past", description="Up high.")
    add_cue(form, roof, f.make_song(title="Mercy"), note="the bridge")
    form[f"{row_of(form, 'The bar')}-starts_at"] = "soon"
    page = refusal(editor_client.post(url_of(episode), form))
    assert page.count("Enter a valid duration.") == 2
    for typed in (
        'value="half past"',
        'value="soon"',
        'value="The roof"',
        "Up high.</textarea>",
        'value="the bridge"',
    ):
        assert typed in page
    assert re.search(r'<option value="\d+" selected>Mercy</option>', page)  # the chosen song too
    assert len(scenes(episode)) == 2


@pytest.mark.django_db
def test_a_new_scene_holding_cues_needs_a_title(editor_client, cast):
    episode = cast["episode"]
    form = open_screen(editor_client, episode)
    roof = add_scene(form, "", 3)
    add_cue(form, roof, f.make_song(title="Mercy"))
    page = refusal(editor_client.post(url_of(episode), form))
    assert "This field is required." in page
    assert not Cue.objects.filter(song__title="Mercy").exists()


def race(editors, episode, theirs, mine):
    """Both editors open the screen; the first saves after ``theirs(form)``, then the second
    posts after ``mine(form)``."""
    first, second = editors
    first_form, second_form = open_screen(first, episode), open_screen(second, episode)
    theirs(first_form)
    saved(first.post(url_of(episode), first_form))
    mine(second_form)
    return second.post(url_of(episode), second_form)


def setting(title, field, value):
    def change(form):
        form[f"{row_of(form, title)}-{field}"] = value

    return change


@pytest.mark.django_db
def test_another_editors_change_to_another_field_of_the_same_scene_is_merged(editors, cast):
    episode = cast["episode"]
    theirs, mine = (
        setting("The audition", "title", "Their audition"),
        setting("The audition", "description", "Mine."),
    )
    saved(race(editors, episode, theirs, mine))
    scene = Scene.objects.get(episode=episode, position=1)
    assert (scene.title, scene.description) == ("Their audition", "Mine.")


@pytest.mark.django_db
def test_the_same_field_changed_by_both_is_refused_showing_theirs(editors, cast):
    episode = cast["episode"]
    theirs = setting("The audition", "title", "Their audition")
    mine = setting("The audition", "title", "My audition")
    page = refusal(race(editors, episode, theirs, mine))
    assert "Someone else saved this episode’s scenes while you were editing" in page
    assert '<td class="theirs">Their audition</td><td class="mine">My audition</td>' in page
    assert 'value="My audition"' in page  # mine is still in the form
    assert scenes(episode)[0] == (1, "Their audition")
    saved(editors[1].post(url_of(episode), form_data(page)))  # seen theirs: saving again keeps mine
    assert scenes(episode)[0] == (1, "My audition")


@pytest.mark.django_db
def test_characters_ticked_by_two_editors_in_one_scene_are_both_kept(editors, cast):
    episode, nellie, sam = cast["episode"], cast["Nellie"], cast["Sam"]
    joanna = str(cast["Joanna"].pk)

    def theirs(form):
        form[f"{row_of(form, 'The audition')}-characters"] = [joanna, str(nellie.pk)]
        form[f"{row_of(form, 'The audition')}-cues-0-note"] = "their note"

    def mine(form):
        form[f"{row_of(form, 'The audition')}-characters"] = [joanna, str(sam.pk)]
        form[f"{row_of(form, 'The audition')}-cues-0-performers"] = [joanna, str(sam.pk)]

    saved(race(editors, episode, theirs, mine))
    scene = Scene.objects.get(episode=episode, position=1)
    assert names(scene.characters) == ["Joanna", "Nellie", "Sam"]
    cue = scene.cues.get()
    assert (cue.note, names(cue.performers)) == ("their note", ["Joanna", "Sam"])


@pytest.mark.django_db
def test_scenes_and_cues_the_other_editor_added_stay_and_deleted_ones_are_reported(editors, cast):
    episode = cast["episode"]

    def theirs(form):
        add_scene(form, "Their roof", 3)
        add_cue(form, row_of(form, "The bar"), f.make_song(title="Their song"))
        form[f"{row_of(form, 'The audition')}-cues-0-DELETE"] = "on"

    def mine(form):
        add_scene(form, "My street", 3)  # the same place as theirs: theirs moves after it
        form[f"{row_of(form, 'The bar')}-title"] = "The bar, later"

    first, second = editors
    saved(race(editors, episode, theirs, mine))
    assert scenes(episode) == [
        (1, "The audition"),
        (2, "The bar, later"),
        (3, "My street"),
        (4, "Their roof"),
    ]
    assert Scene.objects.get(title="The bar, later").cues.get().song.title == "Their song"
    assert not Cue.objects.filter(scene__title="The audition").exists()
    page = html.unescape(second.get(url_of(episode)).content.decode())
    assert "Another editor deleted 1 cue meanwhile: left deleted." in page


@pytest.mark.django_db
def test_changing_a_cue_the_other_editor_deleted_is_refused_saying_so(editors, cast):
    episode = cast["episode"]

    def theirs(form):
        form[f"{row_of(form, 'The audition')}-cues-0-DELETE"] = "on"

    page = refusal(race(editors, episode, theirs, setting("The audition", "cues-0-note", "my note")))
    assert "Another editor deleted this cue since you opened the page" in page
    assert '<td class="theirs">(deleted)</td><td class="mine">my note</td>' in page


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_screen_query_count_is_the_same_for_3_and_15_scenes(editor_client):
    small, large = f.make_rich_episode(scenes=3), f.make_rich_episode(scenes=15)
    count_queries(editor_client, url_of(small))  # the session and permissions, cached from here on
    counts = [count_queries(editor_client, url_of(small)), count_queries(editor_client, url_of(large))]
    assert counts[0] == counts[1] <= 12, counts


@pytest.mark.django_db
def test_readers_are_sent_to_log_in_and_staff_without_permission_are_refused(client, cast):
    episode = cast["episode"]
    response = client.get(url_of(episode))
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    client.force_login(User.objects.create_user("reader", password="pw"))
    assert client.get(url_of(episode)).status_code == 302
    client.force_login(User.objects.create_user("intern", password="pw", is_staff=True))
    assert client.get(url_of(episode)).status_code == 403
    assert client.post(url_of(episode), {}).status_code == 403
    assert Episode.objects.get().title == "Joanna and Nellie"
    assert Appearance.objects.count() == 3
