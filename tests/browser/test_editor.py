"""An editor logs in to the admin in a real browser, writes a recap with the
live Markdown preview, adds a scene with a song cue and a character through
the autocomplete widgets, and sees both on the site."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import take_screenshots
from tests.factories import make_editor

pytestmark = pytest.mark.browser

BODY = "Joanna's audition goes nowhere, but [[Nellie]] finds her sketchbook again.\n\nA *good* night."


@pytest.fixture
def editors_group(transactional_db):
    """The Editors group, made by data migrations and so gone after the flush
    that ends each transactional test: made again by those migrations' code."""
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    nodes = [("wiki", "0002_editors_group"), ("recaps", "0002_editors_group")]
    loader = MigrationLoader(connection)
    apps = loader.project_state(nodes).apps
    for node in nodes:
        for operation in loader.graph.nodes[node].operations:
            operation.code(apps, None)  # RunPython(create_editors), RunPython(grant)


@pytest.fixture
def editor_page(page, demo_site, editors_group):
    """The ``page`` of an editor who has logged in through the admin's form."""
    make_editor()
    page.goto("/admin/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("pw")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Catalogue and recaps")).to_be_visible()
    return page


def autocomplete(page, field, typed, choice):
    """Open the select2 widget of the select ``field``, type, pick ``choice``."""
    page.locator(f"#{field} + .select2").click()
    page.locator(".select2-container--open .select2-search__field").fill(typed)
    page.locator(".select2-results").get_by_role("option", name=choice, exact=True).click()
    expect(page.locator(f"#select2-{field}-container")).to_contain_text(choice)


def test_editor_writes_a_recap_with_the_live_preview(editor_page):
    page = editor_page
    page.goto("/admin/recaps/recap/add/")
    page.get_by_label("Title").fill("Sketchbooks and mash-ups")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Slug")).to_have_value("sketchbooks-and-mash-ups")  # the admin's prepopulate
    autocomplete(page, "id_episode", "Track 2", "Soundtrack S1E2: Track 2: Joanna and Nellie")
    with page.expect_response(lambda r: "/editors/markdownx/markdownify/" in r.url) as preview:
        page.get_by_label("Body").fill(BODY)
    assert preview.value.request.method == "POST" and preview.value.ok
    link = page.locator(".markdownx-preview a.wikilink", has_text="Nellie")
    expect(link).to_have_attribute("href", "/shows/soundtrack/characters/nellie/")
    expect(page.locator(".markdownx-preview em")).to_have_text("good")
    take_screenshots(page, "admin-recap-editor", sizes=["desktop"])

    page.get_by_label("Status").select_option(label="Published")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    page.goto("/recaps/soundtrack/sketchbooks-and-mash-ups/")
    expect(page.locator("h1")).to_have_text("Sketchbooks and mash-ups")
    body = page.locator(".recap-body")
    expect(body.get_by_role("link", name="Nellie")).to_have_attribute(
        "href", "/shows/soundtrack/characters/nellie/"
    )
    take_screenshots(page, "recap")


def test_editor_adds_a_scene_with_a_song_and_a_character_through_autocomplete(editor_page):
    page = editor_page
    page.goto("/admin/wiki/scene/add/")
    autocomplete(page, "id_episode", "Track 3", "Soundtrack S1E3: Track 3")
    page.get_by_label("Position").first.fill("1")
    page.get_by_label("Title").fill("Nellie sings at the open mic")
    autocomplete(page, "id_appearances-0-character", "Nel", "Nellie — Soundtrack")
    autocomplete(page, "id_cues-0-song", "Hea", "Heat")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    page.goto("/shows/soundtrack/season-1/episode-3/")
    scene = page.locator("#scene-1")
    expect(scene.locator(".scene-title")).to_contain_text("Nellie sings at the open mic")
    expect(scene.locator(".scene-characters").get_by_role("link", name="Nellie")).to_be_visible()
    expect(scene.locator(".scene-cues")).to_contain_text("Heat")
