"""The episode reads as a timeline on a phone and as a table on a desktop;
images come as the right rendition; a show's accent colour reaches its pages."""

import pytest

from tests.browser.conftest import PHONE

pytestmark = pytest.mark.browser

EPISODE = "/shows/soundtrack/season-1/episode-2/"


def style(page, selector, prop, pseudo=None):
    return page.evaluate(
        "([s, p, pseudo]) => getComputedStyle(document.querySelector(s), pseudo).getPropertyValue(p)",
        [selector, prop, pseudo],
    )


def test_episode_scenes_and_cue_sheet_are_tables_on_a_desktop(page, demo_site):
    page.goto(EPISODE)
    assert style(page, ".cue-sheet thead", "display") == "table-header-group"
    assert style(page, ".cue-sheet td[data-label]", "content", "::before") == "none"
    assert style(page, ".scene", "display") == "grid"
    first = page.locator("#scene-1")
    song_box = first.locator(".scene-cues").bounding_box()
    title_box = first.locator(".scene-title").bounding_box()
    assert song_box["x"] > title_box["x"] + title_box["width"] / 2  # songs in a column beside the scene
    assert abs(song_box["y"] - title_box["y"]) < 20


def test_episode_scenes_and_cue_sheet_are_a_timeline_on_a_phone(page, demo_site):
    page.set_viewport_size(PHONE)
    page.goto(EPISODE)
    assert style(page, ".cue-sheet thead", "display") == "none"
    assert style(page, ".cue-sheet td[data-label]", "content", "::before") == '"sung by "'
    row = page.locator(".cue-sheet tbody tr").first  # time, song — artist, who sings; scene; listen
    song, scene, listen = (
        row.locator(f"td.{c}").bounding_box() for c in ("song", "scene-cell", "listen-cell")
    )
    assert song["y"] < scene["y"] < listen["y"] and song["height"] < 30  # the song on one line
    assert row.bounding_box()["height"] < 100  # three short lines, not five
    assert style(page, ".scene", "display") == "list-item"
    assert style(page, ".scene", "background-color", "::before") != "rgba(0, 0, 0, 0)"  # the timeline dot
    first = page.locator("#scene-1")
    assert (
        first.locator(".scene-cues").bounding_box()["y"] > first.locator(".scene-title").bounding_box()["y"]
    )


def test_phone_gets_a_small_webp_rendition_with_its_size(page, demo_images):
    page.set_viewport_size(PHONE)
    page.goto("/shows/soundtrack/characters/nellie/")
    portrait = page.locator("img.portrait")
    portrait.evaluate("img => img.decode()")
    assert portrait.evaluate("img => img.currentSrc").endswith("-160.webp")  # 8rem at 1x: 128 px
    assert (portrait.get_attribute("width"), portrait.get_attribute("height")) == ("800", "800")
    assert portrait.get_attribute("alt") == "Nellie smiling"


def test_show_accent_colour_reaches_its_pages_but_not_others(page, demo_site):
    page.goto("/shows/soundtrack/")
    assert style(page, ":root", "--accent").strip() == "#c2410c"
    page.emulate_media(color_scheme="dark")
    assert style(page, ":root", "--accent-text").strip() != "#c9a2f5"  # the show's, not the site's
    page.goto("/songs/heat/")
    assert style(page, ":root", "--accent").strip() == "#b784f0"  # the site's own, dark
