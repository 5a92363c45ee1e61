"""No lost edits in inline rows: two editors on one episode's scenes, through the real admin forms.

Each editor GETs the change form, and posts back what it holds with their own change,
as a browser would (``tests.admin_pages``).
"""

import html

import pytest

from tests import factories as f
from tests.admin_pages import form_data, open_change_form
from wiki.models import Scene


@pytest.fixture
def episode(db):
    episode = f.make_episode(title="Pilot")
    f.make_scene(episode, title="The audition", description="Joanna sings.")
    f.make_scene(episode, title="The bar", description="Nellie draws.")
    return episode


def url_of(episode):
    return f"/admin/wiki/episode/{episode.pk}/change/"


def row_of(form, title):
    """The inline prefix (``scenes-0``) of the scene row titled ``title`` in a form's data."""
    return next(
        key.removesuffix("-title") for key, value in form.items() if key.endswith("-title") and value == title
    )


def changed(form, changes):
    """The form with ``{(scene title, field): value}`` changed; field ``DELETE`` ticks "Delete"."""
    for (title, field), value in changes.items():
        form[f"{row_of(form, title)}-{field}"] = value
    return form


def race(editors, episode, theirs, mine):
    """Both editors open the episode's change form; the first saves ``theirs``,
    then the second posts ``mine`` (as ``changed`` takes them)."""
    first, second = editors
    first_form, second_form = (
        open_change_form(first, url_of(episode)),
        open_change_form(second, url_of(episode)),
    )
    assert saved(first.post(url_of(episode), changed(first_form, theirs)))
    return second.post(url_of(episode), changed(second_form, mine))


def scenes():
    return {scene.position: (scene.title, scene.description) for scene in Scene.objects.order_by("position")}


def saved(response):
    assert response.status_code == 302, response.content.decode()[:3000]
    return True


def refusal(response):
    assert response.status_code == 200
    return html.unescape(response.content.decode())


@pytest.mark.django_db
def test_edits_to_different_scenes_by_two_editors_are_both_kept(editors, episode):
    theirs, mine = (
        {("The audition", "title"): "The audition, again"},
        {("The bar", "description"): "Nellie draws Joanna."},
    )
    assert saved(race(editors, episode, theirs, mine))
    assert scenes() == {1: ("The audition, again", "Joanna sings."), 2: ("The bar", "Nellie draws Joanna.")}


@pytest.mark.django_db
def test_edits_to_different_fields_of_one_scene_are_both_kept(editors, episode):
    theirs, mine = (
        {("The audition", "title"): "The audition, again"},
        {("The audition", "description"): "Heat."},
    )
    assert saved(race(editors, episode, theirs, mine))
    assert scenes()[1] == ("The audition, again", "Heat.")


@pytest.mark.django_db
def test_same_scene_field_changed_by_both_is_refused_showing_both_values(editors, episode):
    theirs = {("The audition", "title"): "Their audition", ("The bar", "title"): "Their bar"}
    mine = {("The audition", "title"): "My audition", ("The bar", "description"): "My bar description."}
    page = refusal(race(editors, episode, theirs, mine))
    assert "Someone else saved this episode while you were editing" in page
    assert 'scene 1: Their audition — Title</th><td class="theirs">Their audition</td>' in page
    assert '<td class="mine">My audition</td>' in page
    assert "Their bar" not in page.split("</table>")[0]  # only the conflicting field is listed
    assert scenes() == {1: ("Their audition", "Joanna sings."), 2: ("Their bar", "Nellie draws.")}


@pytest.mark.django_db
def test_saving_again_after_a_refusal_replaces_only_the_conflict_that_was_shown(editors, episode):
    theirs = {("The audition", "title"): "Their audition", ("The bar", "title"): "Their bar"}
    page = refusal(race(editors, episode, theirs, {("The audition", "title"): "My audition"}))
    # As the refusal says: save again. Their other edit (scene 2's title) was not in the table.
    assert saved(editors[1].post(url_of(episode), form_data(page)))
    assert scenes() == {1: ("My audition", "Joanna sings."), 2: ("Their bar", "Nellie draws.")}


@pytest.mark.django_db
def test_a_change_made_after_the_refusal_was_shown_is_refused_again(editors, episode):
    first, second = editors
    page = refusal(
        race(
            editors,
            episode,
            {("The audition", "title"): "Their audition"},
            {("The audition", "title"): "My audition"},
        )
    )
    again = {
        ("Their audition", "description"): "Their new one.",
        ("Their audition", "title"): "Their second thought",
    }
    assert saved(first.post(url_of(episode), changed(open_change_form(first, url_of(episode)), again)))
    page = refusal(second.post(url_of(episode), form_data(page)))
    assert '<td class="theirs">Their second thought</td><td class="mine">My audition</td>' in page
    assert scenes()[1] == ("Their second thought", "Their new one.")
    assert saved(second.post(url_of(episode), form_data(page)))
    assert scenes()[1] == ("My audition", "Their new one.")


@pytest.mark.django_db
def test_scenes_the_other_editor_added_or_deleted_stay_so(editors, episode):
    first, second = editors
    first_form, second_form = (
        open_change_form(first, url_of(episode)),
        open_change_form(second, url_of(episode)),
    )
    new = f"scenes-{first_form['scenes-INITIAL_FORMS']}"  # the empty row below the scenes
    first_form |= {f"{new}-position": "3", f"{new}-title": "The roof"}
    assert saved(first.post(url_of(episode), changed(first_form, {("The bar", "DELETE"): "on"})))
    mine = {("The audition", "description"): "My description."}
    assert saved(second.post(url_of(episode), changed(second_form, mine)))
    assert scenes() == {1: ("The audition", "My description."), 3: ("The roof", "")}


@pytest.mark.django_db
def test_changing_a_scene_the_other_editor_deleted_is_refused_saying_so(editors, episode):
    mine = {("The bar", "description"): "My bar description."}
    page = refusal(race(editors, episode, {("The bar", "DELETE"): "on"}, mine))
    assert '<td class="theirs">(deleted)</td><td class="mine">My bar description.</td>' in page
    assert "Another editor deleted this scene" in page
    assert list(scenes()) == [1]
    assert saved(editors[1].post(url_of(episode), form_data(page)))  # as the refusal says: it stays deleted
    assert list(scenes()) == [1]


@pytest.mark.django_db
def test_deleting_a_scene_the_other_editor_changed_is_refused_showing_their_change(editors, episode):
    theirs = {("The bar", "description"): "Their bar description."}
    page = refusal(race(editors, episode, theirs, {("The bar", "DELETE"): "on"}))
    assert '<td class="theirs">Their bar description.</td><td class="mine">(deleted)</td>' in page
    assert scenes()[2] == ("The bar", "Their bar description.")
    assert saved(editors[1].post(url_of(episode), form_data(page)))  # seen: now it may go
    assert list(scenes()) == [1]


@pytest.mark.django_db
def test_scenes_the_other_editor_reordered_keep_their_order(editors, episode):
    theirs = {("The audition", "position"): "2", ("The bar", "position"): "1"}
    assert saved(race(editors, episode, theirs, {("The audition", "description"): "My description."}))
    assert scenes() == {1: ("The bar", "Nellie draws."), 2: ("The audition", "My description.")}
