"""A reader sets the spoiler shield and clears it again, with the keyboard
alone: "I've watched up to here" on an episode page, the banner's "Turn off",
and the show page's picker. Nothing from S1E3 shows while the shield is on."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import take_screenshots
from tests.factories import make_character, make_scene

pytestmark = pytest.mark.browser

SHOW = "/shows/soundtrack/"
EPISODE_2 = "/shows/soundtrack/season-1/episode-2/"
EPISODE_3 = "/shows/soundtrack/season-1/episode-3/"
CHARACTERS = "/shows/soundtrack/characters/"
NELLIE = "/shows/soundtrack/characters/nellie/"
MARKER = "Quillfeather"  # only in S1E3: a character first seen there, and her scene


@pytest.fixture
def newcomer(demo_site):
    """Wren Quillfeather, first seen in S1E3, in a scene with Nellie."""
    from wiki.models import Character, Episode

    episode = Episode.objects.get(show__slug="soundtrack", number=3)
    wren = make_character(episode.show, name=f"Wren {MARKER}", slug="wren")
    make_scene(episode, title=f"{MARKER} moves in", characters=[wren, Character.objects.get(slug="nellie")])
    return wren


def tab_to(page, target, limit=100):
    """Press Tab until ``target`` has the focus: it is reachable without a mouse."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    pytest.fail(f"{target} not reached in {limit} presses of Tab")


def banner(page):
    return page.get_by_role("complementary", name="Spoiler shield")


def episode_3_link(page):
    return page.get_by_role("link", name="S1E3", exact=False).first


def test_reader_sets_the_shield_and_turns_it_off_with_the_keyboard(page, newcomer):
    page.goto(CHARACTERS)
    expect(page.locator("main")).to_contain_text(newcomer.name)
    page.goto(EPISODE_2)
    expect(episode_3_link(page)).to_have_text("S1E3 Track 3 →")
    tab_to(page, page.get_by_role("button", name="I've watched up to here"))
    page.keyboard.press("Enter")

    expect(banner(page)).to_contain_text("Spoiler shield: Soundtrack up to S1E2.")
    expect(page.get_by_role("button", name="I've watched up to here")).to_have_count(0)
    expect(episode_3_link(page)).to_have_text("S1E3 Episode 3 (not watched yet) →")

    for path in (SHOW, EPISODE_3, CHARACTERS, NELLIE):
        page.goto(path)
        expect(banner(page)).to_contain_text("up to S1E2")
        expect(page.locator("body")).not_to_contain_text(MARKER)
    page.goto(SHOW)
    expect(episode_3_link(page)).to_have_text("S1E3 Episode 3 (not watched yet)")
    page.goto(newcomer.get_absolute_url())
    expect(page.locator("h1")).to_have_text("You have not met this character yet")

    page.goto(NELLIE)
    take_screenshots(page, "character-shielded")

    tab_to(page, banner(page).get_by_role("button", name="Turn off"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Spoiler shield off for Soundtrack")
    expect(banner(page)).to_have_count(0)
    expect(page.locator("main")).to_contain_text(f"Scene 1: {MARKER} moves in")
    page.goto(SHOW)
    expect(episode_3_link(page)).to_have_text("S1E3 Track 3")


def test_show_page_picker_sets_and_clears_the_shield_with_the_keyboard(page, newcomer):
    page.goto(SHOW)
    picker = page.get_by_label("I have watched up to")
    tab_to(page, picker)
    page.keyboard.press("ArrowDown")  # from "Everything (no shield)" to S1E1, then S1E2
    page.keyboard.press("ArrowDown")
    expect(picker.locator("option:checked")).to_have_text("S1E2: Track 2: Joanna and Nellie")
    page.keyboard.press("Tab")  # to Save
    page.keyboard.press("Enter")

    expect(banner(page)).to_contain_text("Spoiler shield: Soundtrack up to S1E2.")
    expect(picker.locator("option:checked")).to_have_text("S1E2: Track 2: Joanna and Nellie")
    expect(picker.locator("option", has_text="S1E3")).to_have_text("S1E3")  # no title past the shield
    expect(episode_3_link(page)).to_have_text("S1E3 Episode 3 (not watched yet)")

    tab_to(page, picker)
    page.keyboard.press("Home")  # back to "Everything (no shield)"
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(banner(page)).to_have_count(0)
    expect(episode_3_link(page)).to_have_text("S1E3 Track 3")
