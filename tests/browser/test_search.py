"""A reader searches from the header box with the keyboard alone: suggestions
as they type, arrows to choose, Enter to go, Escape to close."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, SCREENSHOTS

pytestmark = pytest.mark.browser


def _focus_search_box_by_tab(page):
    for _ in range(8):  # the skip link, the logo and the site's four sections come first
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "site-search":
            return
    raise AssertionError("Tab never reached the search box")


def test_reader_picks_a_suggestion_with_arrows_and_enter(page, demo_site):
    page.goto("/shows/soundtrack/")
    _focus_search_box_by_tab(page)
    page.keyboard.type("nel")
    box, options = page.locator("#site-search"), page.locator("#site-search-suggestions [role=option]")
    expect(options.first).to_contain_text("Nellie")
    expect(box).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("ArrowDown")
    expect(options.first).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", "site-search-option-0")
    SCREENSHOTS.mkdir(exist_ok=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path=SCREENSHOTS / "search-suggestions-phone.png")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{page.url.split('/shows/')[0]}/shows/soundtrack/characters/nellie/")
    expect(page.locator("h1")).to_have_text("Nellie")


def test_escape_closes_the_suggestions_and_enter_searches(page, demo_site):
    page.goto("/")
    _focus_search_box_by_tab(page)
    page.keyboard.type("Joana")
    listbox = page.locator("#site-search-suggestions")
    expect(listbox.locator("[role=option]").first).to_contain_text("Joanna")
    page.keyboard.press("Escape")
    expect(listbox).to_be_hidden()
    expect(page.locator("#site-search")).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Results for “joanna”")
    expect(page.locator(".notice")).to_contain_text("No results for “Joana”")
    expect(page.locator(".search-result h3").first).to_have_text("Joanna")
