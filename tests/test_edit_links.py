"""An editor on a reader page gets "Edit" to that object's change form, and
"Save" brings them back; readers never see the link, not even through the page cache."""

import re
from urllib.parse import quote

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.wsgi import get_wsgi_application
from django.db import connection
from django.test.utils import CaptureQueriesContext

from config.pagecache import PageCache
from recaps.models import Recap
from tests import factories as f
from tests.admin_pages import open_change_form
from tests.pagecache_fixtures import get
from wiki.models import Artist, Character, Episode, Person, Season, Show, Song

PAGES = {
    "show": ("/shows/soundtrack/", lambda: Show.objects.get(slug="soundtrack")),
    "season": ("/shows/soundtrack/season-1/", lambda: Season.objects.get(show__slug="soundtrack", number=1)),
    "episode": (
        "/shows/soundtrack/season-1/episode-2/",
        lambda: Episode.objects.get(title__startswith="Track 2"),
    ),
    "character": ("/shows/soundtrack/characters/nellie/", lambda: Character.objects.get(slug="nellie")),
    "person": ("/people/callie-hernandez/", lambda: Person.objects.get(slug="callie-hernandez")),
    "song": ("/songs/heat/", lambda: Song.objects.get(slug="heat")),
    "artist": ("/artists/robyn/", lambda: Artist.objects.get(slug="robyn")),
    "recap": (None, lambda: Recap.objects.get()),
}
EDIT = re.compile(r'<a href="([^"]*)">Edit(?:<span class="visually-hidden"> this ([^<]*)</span>)?</a>')


def page_and_object(kind):
    path, load = PAGES[kind]
    obj = load()
    return path or obj.get_absolute_url(), obj


def edit_links(body):
    return EDIT.findall(body)


def change_url(obj):
    return f"/admin/{obj._meta.app_label}/{obj._meta.model_name}/{obj.pk}/change/"


@pytest.mark.django_db
@pytest.mark.parametrize("kind", PAGES)
def test_editor_sees_edit_to_the_objects_change_form_with_next(editor_client, demo, kind):
    path, obj = page_and_object(kind)
    response = editor_client.get(path)
    assert response.status_code == 200
    assert edit_links(response.content.decode()) == [
        (f"{change_url(obj)}?next={quote(path, safe='')}", obj._meta.verbose_name)
    ]
    assert "private" in response["Cache-Control"]
    assert editor_client.get(edit_links(response.content.decode())[0][0]).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("kind", PAGES)
def test_readers_never_see_an_edit_link(client, demo, kind):
    path, _obj = page_and_object(kind)
    anonymous = client.get(path).content.decode()
    reader = User.objects.create_user("reader", password="pw")
    client.force_login(reader)
    signed_in = client.get(path).content.decode()
    for body in (anonymous, signed_in):
        assert edit_links(body) == [] and "/admin/" not in body


@pytest.mark.django_db
def test_staff_who_may_not_change_it_get_the_admin_index(client, demo):
    client.force_login(User.objects.create_user("viewer", password="pw", is_staff=True))
    body = client.get("/shows/soundtrack/").content.decode()
    assert edit_links(body) == [("/admin/", "")]


@pytest.mark.django_db
def test_pages_of_no_one_object_keep_edit_to_the_admin_index(editor_client, demo):
    assert edit_links(editor_client.get("/").content.decode()) == [("/admin/", "")]


@pytest.fixture
def cached_app(settings):
    """The site behind the page cache, as ``config/wsgi.py`` serves it."""
    cache.clear()
    settings.PAGE_CACHE_SECONDS = 600
    return PageCache(get_wsgi_application())


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["show", "episode", "character", "recap"])
def test_the_editors_page_never_reaches_readers_through_the_page_cache(cached_app, demo, editor_client, kind):
    path, obj = page_and_object(kind)
    session = editor_client.cookies["sessionid"].value
    status, headers, body = get(cached_app, path, cookie=f"sessionid={session}")
    assert status == "200 OK" and change_url(obj) in body and "private" in headers["Cache-Control"]
    for expected in ("miss", "hit"):
        status, headers, body = get(cached_app, path)
        assert status == "200 OK" and headers["X-Cache"] == expected
        assert change_url(obj) not in body and edit_links(body) == []
    # And the editor still gets their own page, not the cached one.
    assert change_url(obj) in get(cached_app, path, cookie=f"sessionid={session}")[2]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["show", "episode", "character", "song", "recap"])
def test_save_returns_to_the_page_the_editor_came_from(editor_client, demo, kind):
    path, obj = page_and_object(kind)
    url = f"{change_url(obj)}?next={quote(path, safe='')}"
    response = editor_client.post(url, open_change_form(editor_client, url))
    assert response.status_code == 302 and response["Location"] == path


@pytest.mark.django_db
def test_save_and_continue_keeps_next_and_save_again_returns(editor_client, demo):
    path, show = page_and_object("show")
    url = f"{change_url(show)}?next={quote(path, safe='')}"
    response = editor_client.post(url, open_change_form(editor_client, url) | {"_continue": "1"})
    assert response.status_code == 302 and response["Location"] == url
    response = editor_client.post(url, open_change_form(editor_client, response["Location"]))
    assert response["Location"] == path


@pytest.mark.django_db
def test_save_and_add_another_goes_on_as_usual(editor_client, demo):
    path, character = page_and_object("character")
    url = f"{change_url(character)}?next={quote(path, safe='')}"
    response = editor_client.post(url, open_change_form(editor_client, url) | {"_addanother": "1"})
    assert response.status_code == 302
    assert response["Location"].partition("?")[0] == "/admin/wiki/character/add/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "unsafe",
    [
        "https://evil.example/",
        "//evil.example/",
        "javascript:alert(1)",
        "/\\evil.example/",
        "http://testserver/shows/",
        "shows/soundtrack/",
        "",
    ],
)
def test_an_unsafe_next_is_ignored(editor_client, demo, unsafe):
    _path, show = page_and_object("show")
    url = f"{change_url(show)}?next={quote(unsafe, safe='')}"
    response = editor_client.post(url, open_change_form(editor_client, url))
    assert response.status_code == 302 and response["Location"] == "/admin/wiki/show/"
    response = editor_client.post(url, open_change_form(editor_client, url) | {"_continue": "1"})
    assert response["Location"].partition("?")[0] == change_url(show)


def count_queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries.captured_queries)


@pytest.mark.django_db
def test_the_edit_link_costs_an_editor_two_queries_and_readers_none(client, demo):
    """Readers' counts are pinned in tests/wiki/test_query_counts.py; an editor's page
    costs their session, user and reading progress, plus their permissions (two
    queries, once per page) for the Edit link, however big the page."""
    paths = [page_and_object(kind)[0] for kind in PAGES]
    anonymous = [count_queries(client, path) for path in paths]
    client.force_login(f.make_editor())
    editor = [count_queries(client, path) for path in paths]
    assert [e - a for e, a in zip(editor, anonymous, strict=True)] == [5] * len(paths)
    scene = f.make_scene(Episode.objects.get(title__startswith="Track 2"))
    song = f.make_song()  # one song: a scene's search subtitle lists its distinct songs in 300 characters
    for _ in range(20):
        f.make_cue(scene, song=song, performers=[Character.objects.get(slug="nellie")])
    assert count_queries(client, PAGES["episode"][0]) == editor[2]
