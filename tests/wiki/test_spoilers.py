"""The spoiler shield: with a limit at S1E2, nothing from S1E3 shows anywhere."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories as f
from tests.wiki.conftest import MARKERS
from wiki.models import Appearance, Character, Cue, Episode, Scene, Show

ORIGIN = {"HTTP_ORIGIN": "http://testserver"}


def shield_at_s1e2(client):
    episode = Episode.objects.get(show__slug="soundtrack", number=2)
    response = client.post(
        "/shows/soundtrack/shield/", {"action": "set", "episode": episode.pk, "next": "/"}, **ORIGIN
    )
    assert response.status_code == 302


PAGES = [
    "/",
    "/shows/soundtrack/",
    "/shows/soundtrack/season-1/",
    "/shows/soundtrack/season-1/episode-2/",
    "/shows/soundtrack/season-1/episode-3/",
    "/shows/soundtrack/characters/",
    "/shows/soundtrack/characters/nellie/",
    "/shows/soundtrack/characters/quixotica/",
    "/shows/soundtrack/songs/",
    "/songs/",
    "/songs/marmalade-sky/",
    "/songs/heat/",
    "/artists/velvetine/",
    "/people/pat-persimmon/",
    "/recaps/",
    "/recaps/soundtrack/",
    "/recaps/soundtrack/zanzibar-recap/",
]


def api_pages():
    episode3 = Episode.objects.get(show__slug="soundtrack", number=3)
    show = Show.objects.get(slug="soundtrack")
    nellie = Character.objects.get(slug="nellie")
    heat = Cue.objects.filter(song__slug="heat").first().song
    return [
        f"/api/shows/{show.pk}/",
        f"/api/seasons/{episode3.season_id}/",
        f"/api/episodes/{episode3.pk}/",
        f"/api/characters/?show={show.pk}",
        f"/api/characters/{nellie.pk}/",
        f"/api/songs/{heat.pk}/",
        f"/api/artists/{heat.artist_id}/",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES)
def test_page_shows_markers_without_a_shield_and_hides_them_with_one(client, later, url):
    plain = client.get(url).content.decode()
    assert any(marker in plain for marker in MARKERS), f"{url} has no marker to hide: a useless check"
    shield_at_s1e2(client)
    shielded = client.get(url)
    assert shielded.status_code == 200
    leaked = [marker for marker in MARKERS if marker in shielded.content.decode()]
    assert leaked == [], f"{url} leaks {leaked}"


@pytest.mark.django_db
def test_api_hides_markers_for_a_shielded_reader(client, later):
    urls = api_pages()
    for url in urls:
        assert client.get(url).status_code == 200, url
    assert any(m in client.get(u).content.decode() for u in urls for m in MARKERS)
    shield_at_s1e2(client)
    for url in urls:
        body = client.get(url).content.decode()
        assert not [m for m in MARKERS if m in body], url


@pytest.mark.django_db
def test_hidden_episode_shows_number_air_date_and_reveal_link(client, later):
    shield_at_s1e2(client)
    page = client.get("/shows/soundtrack/season-1/episode-3/").content.decode()
    assert 'Episode 3 <span class="not-watched">(not watched yet)</span>' in page
    assert "18 December 2019" in page and 'href="?reveal=1"' in page
    revealed = client.get("/shows/soundtrack/season-1/episode-3/?reveal=1").content.decode()
    assert "Zanzibar" in revealed


@pytest.mark.django_db
def test_banner_names_the_limit_on_pages_of_the_show(client, later):
    shield_at_s1e2(client)
    page = client.get("/shows/soundtrack/characters/nellie/").content.decode()
    assert "Spoiler shield:</strong> Soundtrack up to S1E2" in page
    assert "XYLOPHONEBIO" not in page and "An artist." in page


@pytest.mark.django_db
def test_character_first_seen_later_is_not_yet_met(client, later):
    shield_at_s1e2(client)
    page = client.get("/shows/soundtrack/characters/quixotica/").content.decode()
    assert "You have not met this character yet" in page


@pytest.mark.django_db
def test_turning_the_shield_off_shows_everything_again(client, later):
    shield_at_s1e2(client)
    client.post("/shows/soundtrack/shield/", {"action": "off"}, **ORIGIN)
    assert "Zanzibar" in client.get("/shows/soundtrack/").content.decode()


@pytest.mark.django_db
def test_shield_form_from_another_site_is_refused(client, later):
    response = client.post("/shows/soundtrack/shield/", {"action": "off"}, HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403
    assert client.post("/shows/soundtrack/shield/", {"action": "off"}).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("secure", "header", "source"),
    [
        (True, "HTTP_ORIGIN", "http://testserver"),
        (False, "HTTP_ORIGIN", "https://testserver"),
        (True, "HTTP_REFERER", "http://testserver/shows/soundtrack/"),
    ],
)
def test_shield_form_from_our_host_over_the_other_scheme_is_refused(client, later, secure, header, source):
    off = {"action": "off"}
    assert client.post("/shows/soundtrack/shield/", off, secure=secure, **{header: source}).status_code == 403
    same_scheme = source.replace("http://", "https://") if secure else source.replace("https://", "http://")
    assert (
        client.post("/shows/soundtrack/shield/", off, secure=secure, **{header: same_scheme}).status_code
        == 302
    )


@pytest.mark.django_db
@pytest.mark.parametrize("episode", ["abc", "99999999999999999999999", "-1"])
def test_bad_episode_values_never_break_the_shield_form(client, later, episode):
    response = client.post("/shows/soundtrack/shield/", {"action": "set", "episode": episode}, **ORIGIN)
    assert response.status_code in (302, 404)


@pytest.mark.django_db
def test_signed_in_reader_keeps_the_shield_on_the_account(client, later):
    user = f.make_editor(username="reader")
    client.force_login(user)
    shield_at_s1e2(client)
    other_device = type(client)()
    other_device.force_login(user)
    assert "Zanzibar" not in other_device.get("/shows/soundtrack/").content.decode()


@pytest.mark.django_db
def test_signing_in_moves_the_session_shield_to_the_account(client, later):
    from django.contrib.auth.models import User

    User.objects.create_user("fan", password="a-long-passphrase-42")
    shield_at_s1e2(client)
    response = client.post("/accounts/login/", {"username": "fan", "password": "a-long-passphrase-42"})
    assert response.status_code == 302
    assert User.objects.get(username="fan").progress.get().sort_key == 1002
    assert "Zanzibar" not in client.get("/shows/soundtrack/").content.decode()


@pytest.mark.django_db
def test_shielded_responses_are_private(client, later):
    shield_at_s1e2(client)
    response = client.get("/shows/soundtrack/")
    assert "private" in response["Cache-Control"] and "Cookie" in response["Vary"]
    assert "private" not in (type(client)().get("/shows/soundtrack/").get("Cache-Control") or "")


@pytest.mark.django_db
def test_shield_keeps_query_counts_constant(client, later):
    shield_at_s1e2(client)
    small = f.make_rich_episode(scenes=3)
    large = f.make_rich_episode(scenes=30)
    counts = []
    for episode in (small, large):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(episode.get_absolute_url()).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1] <= 12
    nellie = Character.objects.get(slug="nellie")
    for _ in range(20):
        Appearance.objects.create(
            scene=f.make_scene(Episode.objects.get(show=nellie.show, number=1)), character=nellie
        )
    with CaptureQueriesContext(connection) as ctx:
        client.get("/shows/soundtrack/characters/nellie/")
    assert len(ctx.captured_queries) <= 12
    assert Scene.objects.exists()
