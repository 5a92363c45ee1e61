"""Hostile input answers 404, 400 or a form error on both engines, never a 500.

PostgreSQL refuses a NUL byte in any query (``DataError``), where SQLite
takes it, so these tests matter most with ``DATABASE_URL`` pointing at
PostgreSQL; nothing here is skipped on either engine.
"""

import pytest

from recaps.models import Comment, Recap
from tests import factories as f
from wiki.models import Episode

pytestmark = pytest.mark.django_db

NUL_VALUES = ["\x00", "nul\x00byte", "1\x00", "\x00" * 300]
RECAP = "/recaps/soundtrack/soundtrack-s1e2-dreams-worth-keeping/"
PAGES = [
    "/", "/shows/", "/shows/soundtrack/", "/shows/soundtrack/season-1/", "/shows/soundtrack/season-1/episode-2/",
    "/shows/soundtrack/characters/", "/shows/soundtrack/characters/nellie/", "/shows/soundtrack/songs/",
    "/songs/heat/", "/artists/robyn/", "/people/paul-james/", "/search/", "/search/suggest/", "/recaps/",
    "/recaps/soundtrack/", RECAP, "/recaps/feed/rss/", "/recaps/soundtrack/feed/atom/", "/sitemap.xml",
    "/accounts/login/", "/accounts/signup/",
]  # fmt: skip
API = ["/api/", "/api/shows/", "/api/shows/1/", "/api/characters/", "/api/songs/", "/api/artists/"]
PARAMETERS = ["q", "page", "show", "kind", "page_size", "reveal", "next"]
STAFF_PAGES = [
    "/admin/wiki/show/", "/admin/wiki/character/", "/admin/wiki/scene/", "/admin/recaps/recap/",
    "/admin/recaps/comment/", "/admin/autocomplete/", "/editors/changes/", "/editors/versions/1/",
]  # fmt: skip
STAFF_PARAMETERS = ["q", "status__exact", "show__id__exact", "o", "p", "term", "show", "kind", "against"]


@pytest.fixture
def reader(client, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 10_000
    client.raise_request_exception = False  # a 500 is a status to assert on, not an exception
    return client


@pytest.fixture
def staff(reader, editor):
    reader.force_login(editor)
    return reader


@pytest.mark.parametrize(
    "path",
    ["/x\x00", "/\x00", "/shows/sound\x00track/", "/shows/soundtrack/characters/nel\x00lie/", "/songs/heat\x00/",
     "/recaps/\x00/", "/accounts/\x00", "/sitemap-\x00.xml", "/media/\x00", "/accents/\x00.css", "/admin/\x00"],
)  # fmt: skip
def test_a_nul_byte_in_an_address_is_the_not_found_page(reader, demo, path):
    response = reader.get(path)
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()


def test_a_nul_byte_in_an_api_address_is_a_json_404(reader, demo):
    for path in ("/api/shows/\x00/", "/api/\x00", "/api/songs/1\x00/"):
        response = reader.get(path)
        assert (response.status_code, response.json()) == (404, {"error": "Not found.", "status": 404})


@pytest.mark.parametrize("page", PAGES)
def test_a_nul_byte_in_any_query_parameter_is_a_400_page(reader, demo, page):
    for parameter in PARAMETERS:
        for value in NUL_VALUES:
            response = reader.get(page, {"q": "nellie", parameter: value})
            assert response.status_code == 400, (parameter, value)
            assert "We could not read that request" in response.content.decode()


@pytest.mark.parametrize("page", API)
def test_a_nul_byte_in_any_api_parameter_is_a_json_400(reader, demo, page):
    for parameter in PARAMETERS:
        response = reader.get(page, {parameter: "1\x00"})
        assert response.status_code == 400, parameter
        assert response.json() == {"error": "A NUL byte cannot be part of a query.", "status": 400}


@pytest.mark.parametrize("page", STAFF_PAGES)
def test_a_nul_byte_in_the_editors_query_parameters_is_a_400(staff, demo, page):
    autocomplete = {"app_label": "wiki", "model_name": "scene", "field_name": "episode"}
    for parameter in STAFF_PARAMETERS:
        assert staff.get(page, {parameter: "a\x00b"} | autocomplete).status_code == 400, parameter


def test_a_session_cookie_holding_a_nul_byte_is_no_session(reader, demo):
    reader.cookies["sessionid"] = "abcdefgh\x00ijklmnop"
    response = reader.get("/shows/soundtrack/")
    assert response.status_code == 200 and "Soundtrack" in response.content.decode()
    reader.cookies["sessionid"] = "abcdefgh\x00ijklmnop"
    response = reader.post(
        f"{RECAP}comments/", f.comment_form_data(body="Still here."), HTTP_ORIGIN="http://testserver"
    )
    assert response.status_code == 302
    assert Comment.objects.filter(body="Still here.").exists()


@pytest.mark.parametrize("field", ["name", "email", "body", "website", "spoils"])
def test_a_nul_byte_in_a_comment_field_is_a_message_on_the_form(reader, demo, field):
    before = Comment.objects.count()
    data = f.comment_form_data(**{field: "Mina\x00" if field != "email" else "mina\x00@example.org"})
    response = reader.post(f"{RECAP}comments/", data, HTTP_ORIGIN="http://testserver")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Loved the box scene." in page or field == "body"  # the reader's text comes back
    assert "Null characters are not allowed." in page or "Select a valid choice" in page or field == "website"
    assert Comment.objects.count() == before


@pytest.mark.parametrize(
    ("data", "message"),
    [({"episode": "\x00"}, "Choose an episode from the list."), ({"episode": "1\x00"}, "Choose an episode from the list."),
     ({"action": "\x00"}, "Soundtrack up to S1E2"), ({"next": "/\x00"}, "Soundtrack up to S1E2")],
)  # fmt: skip
def test_a_nul_byte_in_the_shield_form_is_refused_or_ignored(reader, demo, data, message):
    episode = Episode.objects.get(number=2)
    response = reader.post(
        "/shows/soundtrack/shield/", {"episode": episode.pk} | data, HTTP_ORIGIN="http://testserver"
    )
    assert response.status_code == 302 and "\x00" not in response["Location"]
    assert message in reader.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    "data", [{"username": "editor\x00", "password": "pw"}, {"username": "editor", "password": "\x00"}]
)
def test_a_nul_byte_in_a_log_in_is_a_message_on_the_form(reader, editor, data):
    for url in ("/accounts/login/", "/admin/login/"):
        response = reader.post(url, data)
        assert response.status_code == 200, url
        assert "_auth_user_id" not in reader.session


def test_a_nul_byte_in_the_editors_preview_is_a_replacement_character(staff, demo):
    response = staff.post("/editors/markdownx/markdownify/", {"content": "[[Nel\x00lie]] and \x00 **bold**"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "\x00" not in html and "\ufffd" in html and "<strong>bold</strong>" in html


def test_a_nul_byte_in_an_admin_form_is_a_message_on_the_field(staff, demo):
    from tests.recaps.test_editing import open_form, recap_data

    recap = Recap.objects.get()
    url = f"/admin/recaps/recap/{recap.pk}/change/"
    response = staff.post(url, recap_data(recap, open_form(staff, url), title="Dreams\x00"))
    assert response.status_code == 200
    assert "Null characters are not allowed." in response.content.decode()
    assert Recap.objects.get().title == recap.title
