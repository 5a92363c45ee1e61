"""The read-only JSON API: links, pagination, errors, rate limit, fixed query counts."""

import pytest
from django.core.cache import cache
from django.db import OperationalError, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests import factories as f
from wiki.models import Episode, Song


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()


@pytest.mark.django_db
def test_api_index_links_every_collection(client):
    data = client.get("/api/").json()
    assert set(data) == {"shows", "characters", "songs", "artists", "schema", "docs"}
    assert data["songs"] == "http://testserver/api/songs/"


@pytest.mark.django_db
def test_episode_has_its_full_cue_sheet_with_performers(client, demo):
    episode = Episode.objects.get(number=2)
    data = client.get(f"/api/episodes/{episode.pk}/").json()
    assert data["code"] == "S1E2" and data["html_url"].endswith("/shows/soundtrack/season-1/episode-2/")
    sheet = [
        (c["song"]["title"], c["song"]["artist"]["name"], [p["name"] for p in c["performers"]])
        for c in data["cue_sheet"]
    ]
    assert sheet[0] == ("Heat", "Kelly Clarkson", ["Joanna"])
    assert [c["song"]["title"] for c in data["cue_sheet"]] == [
        "Heat", "Never Gonna Happen", "Crash and Burn Girl", "Unconditionally", "Mercy"]  # fmt: skip
    assert len(data["scenes"]) == 12 and data["scenes"][6]["cues"][0]["kind"] == "performed"


@pytest.mark.django_db
def test_links_between_resources_resolve(client, demo):
    song = client.get(f"/api/songs/{Song.objects.get(slug='mercy').pk}/").json()
    artist = client.get(song["artist"]["url"]).json()
    assert artist["name"] == "Duffy" and artist["songs"][0]["title"] == "Mercy"
    performer = client.get(song["uses"][0]["performers"][0]["url"]).json()
    assert performer["name"] == "Joanna" and performer["played_by"]["name"] == "Jenna Dewan"
    show = client.get(f"/api/shows/{performer['show']}/").json()
    assert show["song_count"] == 5 and [e["number"] for e in show["seasons"][0]["episodes"]] == [1, 2, 3]


@pytest.mark.django_db
def test_pagination_walks_every_row_once(client):
    artist = f.make_artist()
    for _ in range(7):
        f.make_song(artist=artist)
    seen, url = [], "/api/songs/?page_size=3"
    while url:
        data = client.get(url).json()
        assert data["count"] == 7
        seen += [row["id"] for row in data["results"]]
        url = data["next"]
    assert sorted(seen) == sorted(Song.objects.values_list("pk", flat=True))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url, status",
    [
        ("/api/songs/?page=0", 400),
        ("/api/songs/?page=-1", 400),
        ("/api/songs/?page=abc", 400),
        ("/api/songs/?page=1000000000000", 400),
        ("/api/songs/?page=99", 404),
        ("/api/songs/?page_size=1000", 400),
        ("/api/songs/999999/", 404),
        ("/api/episodes/99999999999999999999999/", 404),
        ("/api/characters/?show=x", 400),
        ("/api/nothing-here/", 404),
    ],
)
def test_errors_are_json_with_the_right_status(client, url, status):
    response = client.get(url)
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert response.json()["status"] == status


@pytest.mark.django_db
def test_api_is_read_only(client, demo):
    response = client.post("/api/songs/")
    assert response.status_code == 405 and response.json()["error"] == "This API is read-only."


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writes_without_a_csrf_token_get_the_json_405(demo, method, django_user_model):
    anonymous, signed_in = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    signed_in.force_login(django_user_model.objects.create_user("reader"))
    for client in (anonymous, signed_in):
        response = getattr(client, method)("/api/songs/")
        assert response.status_code == 405 and response["Content-Type"] == "application/json"
        assert response.json() == {"error": "This API is read-only.", "status": 405}
        assert response["Allow"] == "GET, HEAD"


@pytest.mark.django_db
def test_a_path_no_api_pattern_takes_is_a_json_404(client):
    response = client.get("/api/x%0Ay/")
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
    assert response.json() == {"error": "Not found.", "status": 404}


@pytest.mark.django_db
def test_with_the_database_down_the_api_answers_a_json_500_and_pages_their_html_one(demo):
    client = Client(raise_request_exception=False)

    def database_down(execute, sql, params, many, context):
        raise OperationalError("connection to server at 127.0.0.1 port 5432 failed")

    with connection.execute_wrapper(database_down):
        api, page = client.get("/api/songs/"), client.get("/songs/heat/")
    assert api.status_code == 500 and api["Content-Type"] == "application/json"
    assert api.json() == {"error": "Something went wrong on our side; try again in a moment.", "status": 500}
    assert page.status_code == 500 and "<h1>Something went wrong</h1>" in page.content.decode()


@pytest.mark.django_db
def test_anonymous_reads_are_rate_limited(client, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 3
    statuses = [client.get("/api/shows/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert client.get("/api/shows/")["Retry-After"] == "60"


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_list_and_detail_query_counts_do_not_grow_with_page_size(client):
    small = f.make_rich_episode(scenes=2)
    large = f.make_rich_episode(scenes=30)
    assert (
        _queries(client, f"/api/episodes/{small.pk}/") == _queries(client, f"/api/episodes/{large.pk}/") <= 10
    )
    assert _queries(client, "/api/songs/?page_size=2") == _queries(client, "/api/songs/?page_size=100") <= 4
    assert (
        _queries(client, "/api/characters/?page_size=2")
        == _queries(client, "/api/characters/?page_size=100")
        <= 4
    )
