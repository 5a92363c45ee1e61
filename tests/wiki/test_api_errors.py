"""Every error under /api/ is JSON: writes without a CSRF token (the README's 405, never
Django's HTML 403), and a 500 with the database down, on every endpoint."""

import pytest
from django.db import OperationalError, connection
from django.http import HttpResponse
from django.test import Client
from django.urls import include, path

from wiki.models import Artist, Character, Episode, Season, Show, Song


def _writes_without_a_guard(request):
    return HttpResponse("written")


# For the CSRF failure test: an /api/ view nobody marked CSRF-exempt, beside the real site.
urlpatterns = [path("api/unguarded/", _writes_without_a_guard), path("", include("config.urls"))]

READ_ONLY = {"error": "This API is read-only.", "status": 405}


def api_urls():
    """Every API address on the demo, documented or not."""
    return [
        "/api/",
        "/api/shows/",
        f"/api/shows/{Show.objects.get().pk}/",
        f"/api/seasons/{Season.objects.get().pk}/",
        f"/api/episodes/{Episode.objects.get(number=2).pk}/",
        "/api/characters/?show=1",
        f"/api/characters/{Character.objects.get(slug='nellie').pk}/",
        "/api/songs/",
        f"/api/songs/{Song.objects.get(slug='mercy').pk}/",
        "/api/artists/",
        f"/api/artists/{Artist.objects.get(slug='duffy').pk}/",
        "/api/schema/",
        "/api/docs/",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_every_api_address_answers_writes_without_a_csrf_token_with_json(demo, method, django_user_model):
    anonymous, signed_in = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    signed_in.force_login(django_user_model.objects.create_user("reader"))
    for client in (anonymous, signed_in):
        for url in api_urls():
            response = getattr(client, method)(url)
            assert (response.status_code, response.json()) == (405, READ_ONLY), url
            assert response["Allow"] == "GET, HEAD"
        for url in ["/api/nothing-here/", "/api/songs", "/api/x%0Ay/"]:
            response = getattr(client, method)(url)
            assert response.status_code == 404 and response["Content-Type"] == "application/json", url
            assert response.json() == {"error": "Not found.", "status": 404}


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_a_failed_csrf_check_is_the_json_405_under_api_and_the_html_403_elsewhere():
    client = Client(enforce_csrf_checks=True)
    api = client.post("/api/unguarded/")
    assert (api.status_code, api["Content-Type"], api.json()) == (405, "application/json", READ_ONLY)
    page = client.post("/accounts/login/", {"username": "a", "password": "b"})
    assert page.status_code == 403 and page["Content-Type"].startswith("text/html")
    assert "CSRF verification failed" in page.content.decode()


@pytest.mark.django_db
def test_with_the_database_down_every_api_address_answers_a_json_500(demo):
    urls = api_urls()
    client = Client(raise_request_exception=False)

    def database_down(execute, sql, params, many, context):
        raise OperationalError("connection to server at 127.0.0.1, port 1 failed: Connection refused")

    with connection.execute_wrapper(database_down):
        answers = {url: client.get(url) for url in urls}
    without_rows = [answers.pop(url).status_code for url in ["/api/", "/api/schema/", "/api/docs/"]]
    assert without_rows == [200, 200, 200], "the index, the document and its page read no row"
    for url, response in answers.items():
        assert response.status_code == 500 and response["Content-Type"] == "application/json", url
        assert response.json() == {
            "error": "Something went wrong on our side; try again in a moment.",
            "status": 500,
        }


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["page=²", "page_size=²", "show=²", "page=١", "page_size=٣", "show=١"])
def test_numbers_in_the_query_are_ascii_digits_or_a_json_400(query):
    response = Client(raise_request_exception=False).get(f"/api/characters/?{query}")
    assert response.status_code == 400 and response["Content-Type"] == "application/json"
    assert response.json()["error"].startswith(query.split("=")[0])


@pytest.mark.django_db
def test_a_nul_byte_in_a_detail_query_is_the_documented_json_400(client, demo):
    response = client.get(f"/api/songs/{Song.objects.get(slug='mercy').pk}/?x=%00")
    assert response.status_code == 400 and response.json()["status"] == 400
    assert "400" in client.get("/api/schema/").json()["paths"]["/api/songs/{id}/"]["get"]["responses"]
