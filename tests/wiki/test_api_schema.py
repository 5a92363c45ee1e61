"""The OpenAPI document (/api/schema/) and its page (/api/docs/): a valid document that
lists every API URL, and every real answer on the demo data, with and without a spoiler
shield, errors included, holds to it."""

import re

import pytest
from django.test import Client
from django.urls import URLPattern
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate as validate_openapi

from wiki.api import urls as api_urls
from wiki.api.schema import UNDOCUMENTED
from wiki.models import Artist, Character, Episode, Season, Show, Song

COLLECTIONS = {"shows": Show, "seasons": Season, "episodes": Episode, "characters": Character}
COLLECTIONS |= {"songs": Song, "artists": Artist}


@pytest.fixture
def schema(client):
    return client.get("/api/schema/").json()


def check(schema, template, response):
    """``response`` is one the document lists for GET ``template``, and its body matches."""
    answers = schema["paths"][template]["get"]["responses"]
    status = str(response.status_code)
    assert status in answers, f"{status} is not documented for {template}"
    answer = answers[status]
    if "$ref" in answer:
        answer = schema["components"]["responses"][answer["$ref"].rsplit("/", 1)[1]]
    assert response["Content-Type"] in answer["content"]
    body = {"components": schema["components"]} | answer["content"]["application/json"]["schema"]
    validator = Draft202012Validator(body, format_checker=Draft202012Validator.FORMAT_CHECKER)
    errors = [_reason(e) for e in validator.iter_errors(response.json())]
    assert not errors, f"{response.request['PATH_INFO']}: {errors[:5]}"


def _reason(error):
    """The deepest cause, where a ``oneOf`` says only that nothing matched."""
    while error.context:
        error = max(error.context, key=lambda e: len(e.absolute_path))
    return f"{'/'.join(map(str, error.absolute_path))}: {error.message[:300]}"


def urls_for(template):
    """Every URL of ``template`` on the demo: each row's id, a missing id, pages and filters."""
    collection = template.split("/")[2]
    if "{id}" in template:
        ids = list(COLLECTIONS[collection].objects.values_list("pk", flat=True)) + [999_999]
        return [template.replace("{id}", str(pk)) for pk in ids]
    if template == "/api/":
        return [template]
    urls = [template, f"{template}?page_size=1", f"{template}?page_size=2&page=2", f"{template}?page=99"]
    urls += [f"{template}?page_size=101", f"{template}?page=0"]
    if collection == "characters":
        urls += [f"{template}?show={Show.objects.get().pk}", f"{template}?show=999", f"{template}?show=x"]
    return urls


@pytest.mark.django_db
def test_schema_is_a_valid_openapi_31_document_served_as_json(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    document = response.json()
    validate_openapi(document)
    assert document["openapi"] == "3.1.0" and document["servers"] == [{"url": "http://testserver"}]
    for name in ["Show", "Season", "Episode", "Scene", "Character", "Song", "Artist", "Cue", "Error"]:
        assert name in document["components"]["schemas"]
    assert document["components"]["schemas"]["SongPage"]["required"] == [
        "count",
        "next",
        "previous",
        "results",
    ]


@pytest.mark.django_db
def test_every_api_url_is_documented_with_its_parameters(schema):
    routes = [p for p in api_urls.urlpatterns if isinstance(p, URLPattern) and p.name]
    documented = {
        re.sub(r"<[^>]+>", "{id}", f"/api/{p.pattern}") for p in routes if p.name not in UNDOCUMENTED
    }
    assert set(schema["paths"]) == documented and len(documented) == 11
    characters = schema["paths"]["/api/characters/"]["get"]
    assert {p["name"]: p["schema"].get("maximum") for p in characters["parameters"]} == {
        "show": 999_999_999_999, "page": 999_999_999, "page_size": 100}  # fmt: skip
    episode = schema["paths"]["/api/episodes/{id}/"]["get"]
    assert [(p["name"], p["in"], p["required"]) for p in episode["parameters"]] == [("id", "path", True)]
    assert set(episode["responses"]) == {"200", "400", "404", "429", "500"}


@pytest.mark.django_db
@pytest.mark.parametrize("shielded", [False, True], ids=["no shield", "shield at S1E1"])
def test_every_answer_on_the_demo_holds_to_the_schema(client, demo, schema, shielded):
    if shielded:
        episode = Episode.objects.get(number=1)
        set_shield = {"action": "set", "episode": episode.pk, "next": "/"}
        client.post("/shows/soundtrack/shield/", set_shield, HTTP_ORIGIN="http://testserver")
    statuses = set()
    for template in schema["paths"]:
        for url in urls_for(template):
            response = client.get(url)
            check(schema, template, response)
            statuses.add(response.status_code)
    assert statuses == {200, 400, 404}
    if shielded:
        assert client.get(f"/api/episodes/{Episode.objects.get(number=3).pk}/").json()["not_watched_yet"]


@pytest.mark.django_db
def test_refusals_hold_to_the_schema(client, demo, schema, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 1
    client.get("/api/songs/")
    check(schema, "/api/songs/", client.get("/api/songs/"))  # 429
    refusal = Client().post("/api/songs/")
    assert refusal.status_code == 405
    method_not_allowed = schema["components"]["responses"]["MethodNotAllowed"]
    Draft202012Validator({"components": schema["components"]} | method_not_allowed["content"]["application/json"]["schema"]).validate(refusal.json())  # fmt: skip
    assert refusal["Allow"] == method_not_allowed["headers"]["Allow"]["schema"]["const"]


@pytest.mark.django_db
def test_api_index_links_the_schema_and_its_docs(client):
    data = client.get("/api/").json()
    assert data["schema"] == "http://testserver/api/schema/" and data["docs"] == "http://testserver/api/docs/"


@pytest.mark.django_db
def test_docs_page_shows_every_endpoint_parameter_and_schema_without_inline_script(client, schema):
    response = client.get("/api/docs/")
    html = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    for path in schema["paths"]:
        assert f"<code>GET {path}</code>" in html
    for name in schema["components"]["schemas"]:
        assert f'id="schema-{name}"' in html
    assert '<input name="page_size"' in html and '<a href="#schema-CueSheet' not in html
    assert '<a href="#schema-Cue">Cue</a>' in html
    assert re.findall(r"<script(?![^>]*\bsrc=)", html) == []
    assert '<script src="/static/js/api_docs.js" defer></script>' in html


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/schema/", "/api/docs/"])
def test_schema_and_docs_refuse_writes_with_the_json_405(url):
    response = Client(enforce_csrf_checks=True).post(url)
    assert response.status_code == 405 and response.json() == {
        "error": "This API is read-only.",
        "status": 405,
    }
