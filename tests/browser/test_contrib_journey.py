"""The whole way of a fan's suggestion, in a real browser: a reader suggests a song
for a scene, an editor accepts it from the queue, the song is on the episode page
with the reader's notification in the header."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, take_screenshots
from tests.factories import make_editor

pytestmark = pytest.mark.browser

EPISODE_2 = "/shows/soundtrack/season-1/episode-2/"


def log_in(page, url, username, password):
    page.goto(f"/accounts/login/?next={url}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def test_a_readers_suggestion_accepted_by_an_editor_is_on_the_page_with_a_notification(
    page, browser, live_server, demo_site, reviewers_group
):
    from django.contrib.auth.models import User

    User.objects.create_user(username="mina", password="a long passphrase")
    make_editor()

    # The reader: scene 3 of S1E2, a song not in the catalogue, typed in.
    page.goto(EPISODE_2)
    page.get_by_role("link", name="Suggest a song for scene 3", exact=True).click()
    log_in(page, page.url.split("next=")[-1], "mina", "a long passphrase")
    page.get_by_role("combobox", name="Song title").fill("Dancing On My Own")
    page.get_by_label("Artist").fill("Robyn")
    page.get_by_label("Roughly when?").fill("14:05")
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".messages")).to_contain_text("It waits for an editor's review")
    page.goto(EPISODE_2)
    expect(page.locator("#songs")).not_to_contain_text("Dancing On My Own")  # not before review

    # The editor, in a browser of their own: the queue, then Accept.
    editor = browser.new_context(viewport=DESKTOP, base_url=live_server.url).new_page()
    log_in(editor, "/editors/contributions/", "editor", "pw")
    item = editor.locator(".review-item", has_text="Dancing On My Own")
    expect(item).to_contain_text("mina")
    take_screenshots(editor, "contrib-journey-queue", sizes=("desktop",))
    item.get_by_role("button", name="Accept").click()
    expect(editor.locator(".messages")).to_contain_text("Accepted")
    editor.context.close()

    # The reader again: the song is on the page, and the header says so.
    page.goto(EPISODE_2)
    expect(page.locator("#songs")).to_contain_text("Dancing On My Own")
    notifications = page.get_by_role("link", name="Notifications: 1 unread")
    expect(notifications).to_be_visible()
    notifications.click()
    expect(page.locator("main")).to_contain_text("was accepted")
    take_screenshots(page, "contrib-journey-notified")
