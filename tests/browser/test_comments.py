"""A reader comments on the demo recap in a real browser: no session, no CSRF
cookie, the browser's own Origin header; the page passes axe-core."""

import pytest

pytestmark = pytest.mark.browser

RECAP = "/recaps/soundtrack/soundtrack-s1e2-dreams-worth-keeping/"


def test_reader_posts_a_comment_from_the_cached_recap_page(page, demo_site, settings):
    settings.COMMENT_MIN_SECONDS = 0
    page.goto(RECAP)
    assert page.context.cookies() == []
    page.get_by_label("Your name").fill("Mina")
    page.get_by_role("textbox", name="Comment").fill("The mash-up at the end is the best thing in it.")
    page.get_by_label("Spoilers for a later episode?").select_option("S1E3")
    page.get_by_role("button", name="Post comment").click()
    assert page.url.endswith(f"{RECAP}#comments")
    assert "your comment will appear once a moderator has read it" in page.locator(".messages").inner_text()

    from recaps.models import Comment

    comment = Comment.objects.get(name="Mina")
    assert comment.status == Comment.Status.PENDING and comment.spoils.code == "S1E3"


def test_a_refused_comment_comes_back_with_its_text(page, demo_site, settings):
    settings.COMMENT_MAX_LINKS = 0
    page.goto(RECAP)
    page.get_by_label("Your name").fill("Mina")
    page.get_by_role("textbox", name="Comment").fill("See https://example.com")
    page.get_by_role("button", name="Post comment").click()
    assert "at most 0 links" in page.get_by_role("alert").first.inner_text()
    assert page.get_by_role("textbox", name="Comment").input_value() == "See https://example.com"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_recap_page_with_comments_passes_axe(page, axe, demo_site, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(RECAP)
    assert page.locator("h1").count() == 1
    page.locator(".comment-spoiler summary").click()
    assert page.locator(".comment-spoiler").get_by_text("sketchbook").is_visible()
    assert axe(page) == [], scheme
    assert page.locator("#id_website").bounding_box()["x"] < 0  # the honeypot is off-screen
