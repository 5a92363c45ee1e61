"""Readers' comments on recaps: posting, moderating, the spam rules, spoilers and safe text."""

import html
import re
import time

import pytest
from django.core.cache import cache
from django.core.wsgi import get_wsgi_application

from config.pagecache import PageCache
from recaps.comments import CommentForm
from recaps.models import Comment, TrustedCommenter
from recaps.plaintext import render_comment
from tests import factories as f
from tests.pagecache_fixtures import get
from tests.recaps.test_history import save_recap
from wiki.models import Episode

ORIGIN = {"HTTP_ORIGIN": "http://testserver"}


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


@pytest.fixture
def recap(db):
    season = f.make_season(show=f.make_show(title="Soundtrack", slug="soundtrack"))
    episodes = [f.make_episode(season=season, number=n) for n in (1, 2, 3)]
    return f.make_recap(episodes[1], title="Dreams worth keeping", slug="dreams")


def post(client, recap, **fields):
    return client.post(f"{recap.get_absolute_url()}comments/", f.comment_form_data(**fields), **ORIGIN)


def page_of(client, recap, query=""):
    return client.get(recap.get_absolute_url() + query).content.decode()


def assert_refused_and_kept(response, message, typed="Loved the box scene."):
    """The page comes back with the message, and the reader's text still in the form."""
    page = response.content.decode()
    assert message in html.unescape(page)
    assert f"{html.escape(typed)}</textarea>" in page
    assert "no-store" in response["Cache-Control"]


# Posting


@pytest.mark.django_db
def test_reader_without_a_session_posts_a_comment_that_waits_for_moderation(client, recap):
    assert "sessionid" not in client.cookies
    response = post(client, recap, name="Mina", email="Mina@Example.com", body="Loved the box scene.")
    assert response.status_code == 302 and response["Location"] == f"{recap.get_absolute_url()}#comments"
    comment = Comment.objects.get()
    assert (comment.status, comment.name, comment.email) == (
        Comment.Status.PENDING,
        "Mina",
        "mina@example.com",
    )
    page = client.get(response["Location"]).content.decode()
    assert "your comment will appear once a moderator has read it" in page
    assert "Loved the box scene." not in page


@pytest.mark.django_db
def test_approved_comment_shows_its_name_and_text_but_never_the_email(client, recap):
    f.make_comment(recap, name="Mina", email="mina@example.com", body="Sam's guitar!\n\nBest bit.")
    page = page_of(client, recap)
    assert "1 comment" in page and '<span class="comment-author">Mina</span>' in page
    assert "<p>Sam&#x27;s guitar!</p><p>Best bit.</p>" in page
    assert "mina@example.com" not in page


@pytest.mark.django_db
def test_signed_in_reader_posts_under_their_account_name(client, recap, django_user_model):
    client.force_login(django_user_model.objects.create_user("ana", first_name="Ana", last_name="Lee"))
    form_page = page_of(client, recap)
    assert "Posting as <strong>Ana Lee</strong>" in form_page and 'name="email"' not in form_page
    data = f.comment_form_data(body="Signed in.")
    del data["name"], data["email"]
    response = client.post(f"{recap.get_absolute_url()}comments/", data, **ORIGIN)
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.name == "Ana Lee" and comment.user.username == "ana" and comment.status == "pending"


@pytest.mark.django_db
def test_editors_comments_appear_at_once(editor_client, recap):
    response = post(editor_client, recap, body="From the editors.")
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.APPROVED
    assert response["Location"] == f"{recap.get_absolute_url()}#comment-{comment.pk}"
    assert "From the editors." in editor_client.get(response["Location"]).content.decode()


@pytest.mark.django_db
def test_a_post_from_another_site_is_refused(client, recap):
    data = f.comment_form_data()
    response = client.post(f"{recap.get_absolute_url()}comments/", data, HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403 and not Comment.objects.exists()
    assert client.post(f"{recap.get_absolute_url()}comments/", data).status_code == 403  # no Origin at all


@pytest.mark.django_db
def test_the_page_cache_keeps_the_recap_page_with_its_form_and_a_new_comment_shows_at_once(
    settings, recap, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 600
    app = PageCache(get_wsgi_application())
    path = recap.get_absolute_url()
    get(app, path)
    status, headers, body = get(app, path)
    assert headers["X-Cache"] == "hit" and "Set-Cookie" not in headers
    assert 'id="comment-form"' in body and "csrfmiddlewaretoken" not in body
    with django_capture_on_commit_callbacks(execute=True):
        f.make_comment(recap, body="Fresh from the cache.")
    status, headers, body = get(app, path)
    assert headers["X-Cache"] == "miss" and "Fresh from the cache." in body


# Moderation


def admin_action(client, action, comments):
    return client.post(
        "/admin/recaps/comment/",
        {"action": action, "_selected_action": [c.pk for c in comments]},
        follow=True,
    )


@pytest.mark.django_db
def test_moderation_queue_lists_pending_comments_first(editor_client, recap):
    f.make_comment(recap, body="Old approved one.")
    f.make_comment(recap, body="Waiting here.", status=Comment.Status.PENDING)
    f.make_comment(recap, body="Newest approved one.")
    page = editor_client.get("/admin/recaps/comment/").content.decode()
    assert page.index("Waiting here.") < page.index("Newest approved one.") < page.index("Old approved one.")
    pending = editor_client.get("/admin/recaps/comment/?status__exact=pending").content.decode()
    assert "Waiting here." in pending and "Newest approved one." not in pending


@pytest.mark.django_db
def test_approving_in_bulk_publishes_and_trusts_the_posters(client, editor_client, recap):
    first = f.make_comment(recap, name="Mina", email="mina@example.com", status="pending", body="First one.")
    second = f.make_comment(recap, name="Joe", email="joe@example.com", status="pending", body="Second one.")
    page = admin_action(editor_client, "approve", [first, second]).content.decode()
    assert "2 comment(s) approved." in page
    reader_page = page_of(client, recap)
    assert "First one." in reader_page and "Second one." in reader_page
    assert TrustedCommenter.objects.filter(email="mina@example.com").exists()
    response = post(client, recap, name="Mina", email="MINA@example.com", body="My second comment.")
    comment = Comment.objects.get(body="My second comment.")
    assert comment.status == Comment.Status.APPROVED
    assert "My second comment." in client.get(response["Location"]).content.decode()


@pytest.mark.django_db
def test_marking_as_spam_in_bulk_hides_comments_and_stops_trusting_the_poster(client, editor_client, recap):
    TrustedCommenter.objects.create(email="spam@example.com")
    spam = [f.make_comment(recap, email="spam@example.com", body=f"Buy pills {n}") for n in range(2)]
    assert "Buy pills 0" in page_of(client, recap)
    assert "2 comment(s) marked as spam." in admin_action(editor_client, "mark_spam", spam).content.decode()
    assert "Buy pills" not in page_of(client, recap)
    assert not TrustedCommenter.objects.exists()


@pytest.mark.django_db
def test_deleting_in_bulk_removes_comments(editor_client, recap):
    comments = [f.make_comment(recap, status="pending", body=f"Junk {n}") for n in range(3)]
    data = {"action": "delete_selected", "_selected_action": [c.pk for c in comments], "post": "yes"}
    editor_client.post("/admin/recaps/comment/", data, follow=True)
    assert not Comment.objects.exists()


@pytest.mark.django_db
def test_editor_closes_comments_and_a_late_post_is_refused_with_its_text_kept(client, editor_client, recap):
    save_recap(editor_client, recap, comments_open="")
    assert recap.comments_open is False
    page = page_of(client, recap)
    assert "Comments are closed on this recap." in page and 'id="comment-form"' not in page
    response = post(client, recap)
    assert response.status_code == 403
    assert_refused_and_kept(response, CommentForm.CLOSED)
    assert not Comment.objects.exists()


@pytest.mark.django_db
def test_drafts_have_no_comments_and_take_none(client, editor_client, recap):
    draft = f.make_recap(recap.episode, status="draft")
    assert 'id="comment-form"' not in editor_client.get(draft.get_absolute_url()).content.decode()
    assert post(client, draft).status_code == 404


# The spam rules: each refuses with a clear message and keeps the reader's text.


@pytest.mark.django_db
def test_honeypot_filled_in_is_refused(client, recap):
    response = post(client, recap, website="http://spam.example")
    assert_refused_and_kept(response, CommentForm.HONEYPOT)
    assert 'name="website" id="id_website" value=""' in response.content.decode()
    assert not Comment.objects.exists()


@pytest.mark.django_db
def test_posting_too_soon_after_the_page_opened_is_refused(client, recap, settings):
    settings.COMMENT_MIN_SECONDS = 5
    response = post(client, recap, seconds_ago=1)
    assert_refused_and_kept(response, CommentForm.TOO_QUICK)
    assert not Comment.objects.exists()
    assert post(client, recap, seconds_ago=6).status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize(("started", "message"), [("", "BROKEN"), ("forged:token", "BROKEN")])
def test_a_form_without_its_signed_time_is_refused(client, recap, started, message):
    response = post(client, recap, started=started)
    assert_refused_and_kept(response, getattr(CommentForm, message))


@pytest.mark.django_db
def test_a_form_opened_days_ago_is_refused(client, recap):
    response = post(client, recap, seconds_ago=3 * 24 * 3600)
    assert_refused_and_kept(response, CommentForm.EXPIRED)


def token_in(page):
    return re.search(r'name="started" value="([^"]*)"', page).group(1)


def token_url(recap):
    return f"{recap.get_absolute_url()}comments/token/"


@pytest.mark.django_db
def test_a_token_posts_one_comment_and_is_refused_the_second_time(client, recap):
    token = f.comment_form_data()["started"]
    assert post(client, recap, started=token, body="First comment.").status_code == 302
    response = post(client, recap, started=token, body="Loved the box scene.")
    assert response.status_code == 400
    assert_refused_and_kept(response, CommentForm.REUSED)
    assert list(Comment.objects.values_list("body", flat=True)) == ["First comment."]
    assert token_in(response.content.decode()) not in ("", token)  # a fresh one, to send again


@pytest.mark.django_db
def test_a_post_right_after_fetching_an_old_cached_recap_page_is_refused(
    client, recap, settings, monkeypatch
):
    """The cached page is the same for every reader and carries no token; the
    minimum time counts from the token the reader's script fetches."""
    settings.PAGE_CACHE_SECONDS, settings.COMMENT_MIN_SECONDS = 600, 5
    app, path, now = PageCache(get_wsgi_application()), recap.get_absolute_url(), time.time()
    monkeypatch.setattr(time, "time", lambda: now - 60)
    get(app, path)  # stored a minute ago
    monkeypatch.setattr(time, "time", lambda: now)
    status, headers, page = get(app, path)
    assert headers["X-Cache"] == "hit"
    assert_refused_and_kept(post(client, recap, started=token_in(page)), CommentForm.BROKEN)
    token = client.get(token_url(recap)).json()["token"]
    assert_refused_and_kept(post(client, recap, started=token), CommentForm.TOO_QUICK)
    monkeypatch.setattr(time, "time", lambda: now + 6)
    assert post(client, recap, started=token).status_code == 302
    assert Comment.objects.count() == 1


@pytest.mark.django_db
def test_the_recap_page_stays_cached_and_its_tokens_never_are(recap, settings):
    settings.PAGE_CACHE_SECONDS = 600
    app, path = PageCache(get_wsgi_application()), recap.get_absolute_url()
    get(app, path)
    status, headers, page = get(app, path)
    assert headers["X-Cache"] == "hit" and token_in(page) == ""
    assert f'data-token-url="{token_url(recap)}"' in page and "js/comments.js" in page
    answers = [get(app, token_url(recap)) for _ in range(2)]
    for status, headers, _body in answers:
        assert status == "200 OK" and "X-Cache" not in headers and "no-store" in headers["Cache-Control"]
    assert answers[0][2] != answers[1][2]


@pytest.mark.django_db
def test_without_javascript_the_second_send_posts_the_comment(client, recap, settings, monkeypatch):
    settings.COMMENT_MIN_SECONDS = 5
    assert "Without JavaScript, the first “Post comment” comes back" in page_of(client, recap)
    response = post(client, recap, started="")
    assert_refused_and_kept(response, CommentForm.BROKEN)
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 6)
    assert post(client, recap, started=token_in(response.content.decode())).status_code == 302


@pytest.mark.django_db
def test_too_many_links_are_refused(client, recap, settings):
    settings.COMMENT_MAX_LINKS = 2
    body = "See https://a.example and http://b.example and www.c.example"
    response = post(client, recap, body=body)
    assert_refused_and_kept(response, "A comment may have at most 2 links; this one has 3.", typed=body)
    assert post(client, recap, body="Only https://a.example and https://b.example").status_code == 302


@pytest.mark.django_db
def test_the_same_comment_twice_is_refused(client, recap):
    assert post(client, recap, name="Mina").status_code == 302
    response = post(client, recap, name="Mina")
    assert_refused_and_kept(response, CommentForm.DUPLICATE)
    assert Comment.objects.count() == 1
    assert post(client, f.make_recap(recap.episode), name="Mina").status_code == 302  # another recap is fine


@pytest.mark.django_db
def test_too_many_comments_from_one_address_are_refused(client, recap, settings):
    settings.COMMENT_RATE_LIMIT_PER_ADDRESS = 2
    for n in range(2):
        assert post(client, recap, body=f"Comment {n}").status_code == 302
    response = post(client, recap)
    assert response.status_code == 429
    assert_refused_and_kept(response, CommentForm.RATE_LIMITED.format(minutes=10))
    assert Comment.objects.count() == 2
    other = client.post(
        f"{recap.get_absolute_url()}comments/", f.comment_form_data(), REMOTE_ADDR="10.0.0.9", **ORIGIN
    )
    assert other.status_code == 302  # another address is not held back


@pytest.mark.django_db
def test_too_many_comments_from_one_session_are_refused_whatever_the_address(client, recap, settings):
    settings.COMMENT_RATE_LIMIT_PER_SESSION = 2
    session = client.session
    session["something"] = 1
    session.save()
    url = f"{recap.get_absolute_url()}comments/"
    for n in range(2):
        data = f.comment_form_data(body=f"Comment {n}")
        assert client.post(url, data, REMOTE_ADDR=f"10.0.0.{n + 1}", **ORIGIN).status_code == 302
    response = client.post(url, f.comment_form_data(), REMOTE_ADDR="10.0.0.3", **ORIGIN)
    assert response.status_code == 429
    assert_refused_and_kept(response, CommentForm.RATE_LIMITED.format(minutes=10))


@pytest.mark.django_db
def test_the_form_has_labels_and_a_honeypot_hidden_from_people(client, recap):
    page = page_of(client, recap)
    for field in ("id_name", "id_email", "id_body", "id_spoils"):
        assert f'<label for="{field}">' in page
    assert '<div class="field hp" aria-hidden="true">' in page
    assert 'tabindex="-1" autocomplete="off"' in page
    assert "style=" not in page


# Safe text


XSS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "javascript:alert(1)",
    'https://example.com/"><script>alert(1)</script>',
    '<a href="javascript:alert(1)">click</a>',
    '"><svg onload=alert(1)>',
]


@pytest.mark.django_db
@pytest.mark.parametrize("attack", XSS)
def test_comment_xss_attempts_are_rendered_inert(client, recap, attack):
    f.make_comment(recap, body=f"Hello {attack}", name='<b onmouseover="x">Mal</b>')
    page = page_of(client, recap)
    section = page[page.index('id="comments"') : page.index('id="comment-form"')]
    assert "<script" not in section and "<img" not in section and "<svg" not in section
    assert "onerror=" not in section.replace("onerror=&quot;", "") and "<b " not in section
    assert 'href="javascript' not in section
    assert "&lt;" in section


def test_comment_text_becomes_paragraphs_and_http_links_only():
    text = "Hi <b>\nthere\n\nsee https://example.com/a?b=1&c=2. Or ftp://x.example or www.y.example"
    assert render_comment(text) == (
        "<p>Hi &lt;b&gt;<br>there</p>"
        '<p>see <a href="https://example.com/a?b=1&amp;c=2" rel="nofollow ugc noopener">'
        "https://example.com/a?b=1&amp;c=2</a>. Or ftp://x.example or www.y.example</p>"
    )
    wiki = render_comment("(https://en.wikipedia.org/wiki/Soundtrack_(TV_series))")
    assert 'href="https://en.wikipedia.org/wiki/Soundtrack_(TV_series)"' in wiki and wiki.endswith(
        "</a>)</p>"
    )


# Spoilers


@pytest.fixture
def spoiler(recap):
    s1e3 = Episode.objects.get(show=recap.episode.show, number=3)
    return f.make_comment(recap, body="QUIXOTIC twist ahead.", spoils=s1e3)


def shield_at(client, recap, number):
    episode = Episode.objects.get(show=recap.episode.show, number=number)
    client.post(
        f"/shows/{recap.episode.show.slug}/shield/", {"action": "set", "episode": episode.pk}, **ORIGIN
    )


@pytest.mark.django_db
def test_a_spoiler_comment_is_behind_a_click_for_readers_without_a_shield(client, spoiler):
    page = page_of(client, spoiler.recap)
    details = page[page.index('<details class="comment-spoiler">') :]
    assert "<summary>Spoiler for S1E3: show the comment</summary>" in details
    assert details.index("QUIXOTIC") < details.index("</details>")


@pytest.mark.django_db
def test_a_spoiler_comment_is_left_out_for_readers_shielded_before_its_episode(client, spoiler):
    f.make_comment(spoiler.recap, body="Harmless remark.")
    shield_at(client, spoiler.recap, 2)
    page = page_of(client, spoiler.recap)
    assert "QUIXOTIC" not in page and "Harmless remark." in page
    assert "This comment has spoilers for S1E3, which you have not watched yet." in page
    assert "QUIXOTIC" in page_of(client, spoiler.recap, "?reveal=1")


@pytest.mark.django_db
def test_a_spoiler_comment_shows_plainly_to_readers_who_have_watched_its_episode(client, spoiler):
    shield_at(client, spoiler.recap, 3)
    page = page_of(client, spoiler.recap)
    assert "<details" not in page and "Spoiler for S1E3</p>" in page and "QUIXOTIC" in page


@pytest.mark.django_db
def test_comments_of_a_recap_past_the_shield_do_not_show(client, recap):
    later = f.make_recap(Episode.objects.get(show=recap.episode.show, number=3))
    f.make_comment(later, body="ZANZIBAR reveal.")
    shield_at(client, recap, 2)
    assert "ZANZIBAR" not in page_of(client, later)
    assert Comment.objects.visible_to(client.get("/").wsgi_request.progress).count() == 0


@pytest.mark.django_db
def test_a_commenter_marks_a_later_episode_of_the_show_only(client, recap):
    f.make_episode(season=f.make_season(), number=9)  # another show's episode
    page = page_of(client, recap)
    select = page[page.index('<select name="spoils"') : page.index("</select>")]
    assert ">S1E3</option>" in select and "S1E1" not in select and "S1E9" not in select
    s1e1 = Episode.objects.get(show=recap.episode.show, number=1)
    response = post(client, recap, spoils=s1e1.pk)
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    s1e3 = Episode.objects.get(show=recap.episode.show, number=3)
    assert post(client, recap, spoils=s1e3.pk).status_code == 302
    assert Comment.objects.get().spoils == s1e3
