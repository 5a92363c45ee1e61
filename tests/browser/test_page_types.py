"""Every page type, in light and dark, at phone and desktop width: axe-core
finds no violation of any impact, nothing overflows a 360-pixel phone,
and a screenshot lands in ``screenshots/`` for a person to look at."""

import pytest

from tests.browser.conftest import DESKTOP, PHONE, SCREENSHOTS

pytestmark = pytest.mark.browser

PAGES = {
    "home": "/",
    "show-list": "/shows/",
    "show": "/shows/soundtrack/",
    "season": "/shows/soundtrack/season-1/",
    "episode": "/shows/soundtrack/season-1/episode-2/",
    "character-list": "/shows/soundtrack/characters/",
    "character": "/shows/soundtrack/characters/nellie/",
    "show-songs": "/shows/soundtrack/songs/",
    "song-index": "/songs/",
    "shields": "/shields/",
    "unidentified": "/shows/soundtrack/unidentified/",
    "api-docs": "/api/docs/",
    "song": "/songs/heat/",
    "artist": "/artists/robyn/",
    "person": "/people/callie-hernandez/",
    "search": "/search/?q=nellie",
    "search-kind": "/search/?q=nel&kind=character",
    "recap-list": "/recaps/",
    "recap": "/recaps/soundtrack/soundtrack-s1e2-dreams-worth-keeping/",
    "404": "/shows/no-such-show/",
    "admin-login": "/admin/login/",
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", PAGES)
def test_page_type_passes_axe_and_fits_a_phone(page, axe, demo_images, name, scheme):
    page.emulate_media(color_scheme=scheme)
    response = page.goto(PAGES[name])
    assert response.status == (404 if name == "404" else 200)
    assert page.locator("h1").count() == 1
    SCREENSHOTS.mkdir(exist_ok=True)
    for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        assert axe(page) == [], f"{name} ({scheme}, {label})"
        page.screenshot(path=SCREENSHOTS / f"{name}-{label}-{scheme}.png", full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth")
    assert overflow <= PHONE["width"], f"{name} is {overflow}px wide on a {PHONE['width']}px phone"


def test_axe_check_reports_an_image_without_alt_text(page, axe, demo_site):
    page.goto("/")
    page.evaluate("document.querySelector('main').append(document.createElement('img'))")
    assert any(line.startswith("image-alt (critical)") for line in axe(page))
