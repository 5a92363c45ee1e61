"""url_for gives exactly what reverse() gives, only faster."""

import pytest
from django.urls import reverse

from wiki.links import url_for


@pytest.mark.parametrize(
    "name, kwargs",
    [
        ("wiki:show", {"show": "soundtrack"}),
        ("wiki:season", {"show": "soundtrack", "season": 1}),
        ("wiki:episode", {"show": "soundtrack", "season": 1, "episode": 2}),
        ("wiki:episode", {"show": "show-8001", "season": 8002, "episode": 1}),
        ("wiki:character", {"show": "soundtrack", "slug": "nellie"}),
        ("wiki:character", {"show": "a_b", "slug": "8001-8002"}),
        ("wiki:song", {"slug": "heat"}),
        ("wiki:artist", {"slug": "robyn"}),
        ("wiki:person", {"slug": "paul-james"}),
        ("wiki:home", {}),
        ("login", {}),
        ("wiki:accent", {"colour": "c2410c"}),
        ("recaps:comment", {"show": "soundtrack", "slug": "a-recap"}),
        ("recaps:comment", {"slug": "a-recap", "show": "soundtrack"}),
    ],
)
def test_url_for_matches_reverse(name, kwargs):
    assert url_for(name, **kwargs) == reverse(name, kwargs=kwargs)


def test_url_for_refuses_what_reverse_refuses():
    from django.urls import NoReverseMatch

    with pytest.raises(NoReverseMatch):
        url_for("wiki:song", slug="not a slug")
    with pytest.raises(NoReverseMatch):
        url_for("wiki:song", slug="")
    with pytest.raises(NoReverseMatch):
        url_for("wiki:accent", colour="not-a-colour")


def test_url_for_refuses_a_number_its_converter_refuses():
    from django.urls import NoReverseMatch

    with pytest.raises(NoReverseMatch):
        reverse("wiki:season", kwargs={"show": "soundtrack", "season": 12345})
    with pytest.raises(NoReverseMatch):
        url_for("wiki:season", show="soundtrack", season=12345)
    assert url_for("wiki:season", show="soundtrack", season=1234) == "/shows/soundtrack/season-1234/"


def test_url_for_follows_the_script_prefix_of_each_request():
    from django.urls import set_script_prefix

    assert url_for("wiki:show", show="soundtrack") == "/shows/soundtrack/"
    try:
        set_script_prefix("/cuesheet/")
        assert url_for("wiki:show", show="soundtrack") == "/cuesheet/shows/soundtrack/"
        assert url_for("wiki:show", show="soundtrack") == reverse("wiki:show", kwargs={"show": "soundtrack"})
        assert url_for("wiki:accent", colour="c2410c").startswith("/cuesheet/")
    finally:
        set_script_prefix("/")
    assert url_for("wiki:show", show="soundtrack") == "/shows/soundtrack/"


@pytest.mark.django_db
def test_pages_link_under_the_script_prefix(client, demo):
    """As Django's WSGI handler sets it for a site under FORCE_SCRIPT_NAME (the test
    client does not set it), after a page was rendered without one."""
    from django.urls import set_script_prefix

    assert 'href="/shows/soundtrack/season-1/"' in client.get("/shows/soundtrack/").content.decode()
    set_script_prefix("/cuesheet/")
    try:
        page = client.get("/shows/soundtrack/").content.decode()
    finally:
        set_script_prefix("/")
    assert 'href="/cuesheet/shows/soundtrack/season-1/"' in page
    assert 'href="/shows/soundtrack/season-1/"' not in page


@pytest.mark.django_db
def test_url_for_after_a_request_follows_a_prefix_set_since(client, demo):
    """url_for reads the prefix once per request: once the response is closed it asks Django again."""
    from django.urls import set_script_prefix

    set_script_prefix("/cuesheet/")
    try:
        assert (
            'href="/cuesheet/shows/soundtrack/season-1/"' in client.get("/shows/soundtrack/").content.decode()
        )
    finally:
        set_script_prefix("/")
    assert url_for("wiki:show", show="soundtrack") == "/shows/soundtrack/"
    set_script_prefix("/elsewhere/")
    try:
        assert url_for("wiki:show", show="soundtrack") == "/elsewhere/shows/soundtrack/"
    finally:
        set_script_prefix("/")


def test_absolute_urls_are_what_django_builds(rf, settings):
    from wiki.links import absolute_url

    settings.ALLOWED_HOSTS = ["cuesheet.example"]
    request = rf.get("/shows/soundtrack/", HTTP_HOST="cuesheet.example:8443", secure=True)
    for location in [
        "/shows/soundtrack/",
        "/media/a b.png",
        "//evil.example/x",
        "/s/é/",
        "relative/x",
        "/a?b=c#d",
        "",
    ]:
        assert absolute_url(request, location) == request.build_absolute_uri(location), location
