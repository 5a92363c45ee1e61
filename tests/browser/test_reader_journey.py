"""A reader finds their way through the demo catalogue in a real browser,
by clicking links and with the keyboard."""

import pytest

pytestmark = pytest.mark.browser


def test_reader_goes_from_home_to_a_song_by_clicking(page, demo_site):
    page.goto("/")
    page.get_by_role("link", name="Soundtrack", exact=True).click()
    assert page.locator("h1").inner_text() == "Soundtrack"

    page.get_by_role("link", name="S1E2 Track 2: Joanna and Nellie").click()
    assert page.locator("h1").inner_text() == "Track 2: Joanna and Nellie"
    assert page.locator(".scene").count() == 12

    page.locator("#characters-h + .chips").get_by_role("link", name="Nellie", exact=True).click()
    assert page.locator("h1").inner_text() == "Nellie"
    assert page.locator(".facts").get_by_role("link", name="Callie Hernandez").is_visible()

    page.get_by_role("link", name="“Never Gonna Happen”").first.click()
    assert page.locator("h1").inner_text() == "“Never Gonna Happen”"
    assert page.get_by_role("link", name="Lily Allen").first.is_visible()
    assert page.title().startswith("“Never Gonna Happen” by Lily Allen")


def test_skip_link_is_the_first_stop_and_moves_focus_to_main(page, demo_site):
    page.goto("/shows/soundtrack/season-1/episode-2/")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text() == "Skip to content"
    assert skip.is_visible()  # it appears when focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")  # the next stop is inside main, not back in the header
    assert page.evaluate("document.getElementById('main').contains(document.activeElement)")


def test_focused_links_show_a_visible_outline(page, demo_site):
    page.goto("/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
