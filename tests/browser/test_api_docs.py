"""A fan tool's author reads the API docs page and tries an endpoint in place: the page
keeps the site's CSP (no script error, no blocked resource) and passes axe."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import take_screenshots

pytestmark = pytest.mark.browser


def test_reader_tries_the_episode_endpoint_from_the_docs(page, demo_site, axe):
    from wiki.models import Episode

    page.goto("/api/docs/")
    expect(page.locator("h1")).to_have_text("Cuesheet API")
    form = page.locator("#op-episode form.try-it")
    form.get_by_label("id").fill(str(Episode.objects.get(number=2).pk))
    form.get_by_role("button", name="GET").click()
    answer = form.locator(".try-it-answer")
    expect(answer).to_contain_text("200 OK")
    expect(answer.locator("pre")).to_contain_text('"cue_sheet"')
    listing = page.locator("#op-songs form.try-it")
    listing.get_by_label("page_size").fill("2")
    listing.get_by_role("button", name="GET").click()
    expect(listing.locator(".try-it-answer a")).to_have_text("GET /api/songs/?page_size=2")
    expect(listing.locator(".try-it-answer pre")).to_contain_text('"next": "http')
    assert axe(page) == []
    take_screenshots(page, "api-docs")
