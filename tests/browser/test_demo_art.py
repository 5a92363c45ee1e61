"""The demo's drawn artwork: a newcomer sees what a full page looks like, at phone and desktop width."""

import io

import pytest

from tests.browser.conftest import take_screenshots

pytestmark = pytest.mark.browser

PAGES = {
    "art-home": "/",
    "art-character": "/shows/soundtrack/characters/nellie/",
    "art-episode": "/shows/soundtrack/season-1/episode-2/",
}


@pytest.fixture
def demo_with_art(transactional_db):
    from django.core.management import call_command

    call_command("load_demo", stdout=io.StringIO())


@pytest.mark.parametrize("name", PAGES)
def test_demo_pages_show_their_drawn_pictures(page, demo_with_art, name):
    page.goto(PAGES[name])
    images = page.locator("main img")
    assert images.count() >= 1
    for i in range(images.count()):
        image = images.nth(i)
        image.scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete", arg=image.element_handle())
        assert image.evaluate("img => img.naturalWidth") > 0, image.get_attribute("src")
        assert "Illustrat" in (image.get_attribute("alt") or "") or image.get_attribute("alt") == ""
    take_screenshots(page, name)
