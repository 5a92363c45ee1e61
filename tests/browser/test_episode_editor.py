"""An editor edits the demo's S1E2 on one screen: adds a scene, drags it to first place,
moves another with the keyboard, adds a cue with a performer, and saves and continues."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import take_screenshots
from tests.browser.test_editor import autocomplete, editor_page, editors_group  # noqa: F401 — fixtures

pytestmark = pytest.mark.browser


def test_editor_adds_drags_and_moves_scenes_and_adds_a_cue_on_one_screen(editor_page, axe):  # noqa: F811
    from wiki.models import Episode

    page = editor_page
    episode = Episode.objects.get(show__slug="soundtrack", number=2)
    before = list(episode.scenes.order_by("position").values_list("title", flat=True))
    page.goto(f"/admin/wiki/episode/{episode.pk}/change/")
    page.get_by_role("link", name="Edit scenes and songs").click()
    expect(page.locator("h1")).to_have_text(f"Scenes and songs of {episode}")
    cards = page.locator("#scene-list > li")
    expect(cards).to_have_count(len(before))
    assert axe(page) == []

    page.get_by_role("button", name="Add a scene", exact=True).click()
    new = cards.nth(len(before))
    expect(new.get_by_label("Title:")).to_be_focused()
    new.get_by_label("Title:").fill("Cold open on the roof")
    new.get_by_label("Nellie", exact=True).check()
    expect(page.locator("#editor-status")).to_contain_text(f"scene {len(before) + 1} of {len(before) + 1}")

    page.set_viewport_size({"width": 1280, "height": 3000})  # both ends of the drag in view
    new.locator("[data-drag-handle]").drag_to(cards.first)
    page.set_viewport_size({"width": 1280, "height": 900})
    expect(cards.first.get_by_label("Title:")).to_have_value("Cold open on the roof")
    expect(cards.first.locator("[data-scene-number]")).to_have_text("1")

    second = cards.nth(1)  # the old first scene: down one with Alt+ArrowDown, from its title
    second.get_by_label("Title:").focus()
    page.keyboard.press("Alt+ArrowDown")
    expect(cards.nth(2).get_by_label("Title:")).to_have_value(before[0])
    expect(cards.nth(2).get_by_label("Title:")).to_be_focused()
    expect(page.locator("#editor-status")).to_contain_text(f"“{before[0]}” is now scene 3")

    first = cards.first
    first.get_by_role("button", name="Add a cue").click()
    cue = first.locator(".cue-row").first
    song = cue.locator("select[name$='-song']").get_attribute("id")
    autocomplete(page, song, "Hea", "Heat")
    cue.get_by_label("Kind:").select_option(label="Performed on screen")
    cue.get_by_label("Starts at:").fill("0:45")
    cue.get_by_role("group", name="Performed by:").get_by_label("Nellie", exact=True).check()
    assert axe(page) == []
    take_screenshots(page, "episode-editor-before-save", sizes=["desktop"])

    page.get_by_label("Edit summary").fill("Cold open")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("were saved. 1 scene added")
    assert page.url.endswith(f"/admin/wiki/episode/{episode.pk}/scenes/")

    titles = list(episode.scenes.order_by("position").values_list("title", flat=True))
    assert titles == ["Cold open on the roof", before[1], before[0], *before[2:]]
    opener = episode.scenes.get(position=1)
    assert [c.name for c in opener.characters.all()] == ["Nellie"]
    saved = opener.cues.get()
    assert (saved.song.title, saved.kind, str(saved.starts_at)) == ("Heat", "performed", "0:00:45")
    assert [c.name for c in saved.performers.all()] == ["Nellie"]

    page.reload()
    expect(cards.first.get_by_label("Title:")).to_have_value("Cold open on the roof")
    expect(cards.nth(2).get_by_label("Title:")).to_have_value(before[0])
    expect(cards.first.locator(".cue-row .select2-selection__rendered")).to_contain_text("Heat")
    assert axe(page) == []
    take_screenshots(page, "episode-editor")
