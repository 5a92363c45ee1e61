"""What a reader sees on each catalogue page of the demo show."""

import html

import pytest

from tests import factories

EPISODE_2 = "/shows/soundtrack/season-1/episode-2/"


@pytest.mark.django_db
def test_home_lists_shows_and_latest_episodes(client, demo):
    page = client.get("/").content.decode()
    assert 'href="/shows/soundtrack/"' in page
    assert "Track 2: Joanna and Nellie" in page
    assert "3 episodes" in page


@pytest.mark.django_db
def test_show_page_lists_seasons_episodes_cast_and_song_count(client, demo):
    page = client.get("/shows/soundtrack/").content.decode()
    assert "<title>Soundtrack: episodes, characters and songs · Cuesheet</title>" in page
    assert EPISODE_2 in page
    assert "Track 3" in page
    assert "played by Callie Hernandez" in page
    assert "5 songs" in page


@pytest.mark.django_db
def test_episode_page_shows_scenes_in_order_with_characters_and_songs(client, demo):
    response = client.get(EPISODE_2)
    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Track 2: Joanna and Nellie</h1>" in page
    titles = ["The audition that goes nowhere", "A very expensive second date", "Inside the box",
              "Two auditions, one mash-up", "A new direction"]  # fmt: skip
    positions = [page.index(title) for title in titles]
    assert positions == sorted(positions)
    assert 'id="scene-1"' in page and 'id="scene-12"' in page
    assert "/shows/soundtrack/characters/joanna/" in page
    assert "Performed on screen" in page


@pytest.mark.django_db
def test_episode_cue_sheet_lists_every_song_in_order_with_performers(client, demo):
    page = client.get(EPISODE_2).content.decode()
    sheet = page[page.index('class="cue-sheet"') :]
    songs = ["/songs/heat/", "/songs/never-gonna-happen/", "/songs/crash-and-burn-girl/",
             "/songs/unconditionally/", "/songs/mercy/"]  # fmt: skip
    positions = [sheet.index(song) for song in songs]
    assert positions == sorted(positions)
    start = sheet.index("/songs/heat/")
    heat_row = sheet[start : sheet.index("</tr>", start)]
    assert "Kelly Clarkson" in heat_row and "Joanna" in heat_row


@pytest.mark.django_db
def test_episode_page_links_previous_and_next_episode(client, demo):
    page = client.get(EPISODE_2).content.decode()
    assert 'rel="prev" href="/shows/soundtrack/season-1/episode-1/"' in page
    assert 'rel="next" href="/shows/soundtrack/season-1/episode-3/"' in page


@pytest.mark.django_db
def test_every_page_has_breadcrumbs_and_a_title(client, demo):
    for url in ["/shows/soundtrack/", "/shows/soundtrack/season-1/", EPISODE_2,
                "/shows/soundtrack/characters/", "/shows/soundtrack/characters/nellie/",
                "/shows/soundtrack/songs/", "/songs/heat/", "/artists/robyn/", "/people/paul-james/"]:  # fmt: skip
        page = client.get(url).content.decode()
        assert 'aria-label="Breadcrumb"' in page, url
        assert 'aria-current="page"' in page, url
        assert page.count("<h1") == 1, url


@pytest.mark.django_db
def test_character_page_groups_appearances_and_lists_performances(client, demo):
    page = client.get("/shows/soundtrack/characters/joanna/").content.decode()
    assert "Played by" in page and "Jenna Dewan" in page
    assert "Season 1" in page
    assert EPISODE_2 + "#scene-1" in page
    performed = page[page.index('id="songs-h"') :]
    for title in ["Heat", "Crash and Burn Girl", "Mercy"]:
        assert title in performed
    assert "Unconditionally" not in performed


@pytest.mark.django_db
def test_song_page_lists_every_use_with_performer(client, demo):
    page = client.get("/songs/never-gonna-happen/").content.decode()
    assert "Lily Allen" in page and "It's Not Me, It's You" in html.unescape(page)
    assert EPISODE_2 + "#scene-7" in page
    assert "sung by" in page and "/shows/soundtrack/characters/nellie/" in page


@pytest.mark.django_db
def test_artist_and_person_pages_link_back(client, demo):
    assert "/songs/crash-and-burn-girl/" in client.get("/artists/robyn/").content.decode()
    person = client.get("/people/paul-james/").content.decode()
    assert "/shows/soundtrack/characters/sam/" in person and "1 episode" in person


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/shows/nope/",
        "/shows/soundtrack/season-9/",
        "/shows/soundtrack/season-1/episode-99/",
        "/shows/soundtrack/season-1/episode-99999999999999999999/",
        "/shows/soundtrack/characters/nobody/",
        "/shows/nope/characters/nellie/",
        "/shows/nope/songs/",
        "/songs/nope/",
        "/artists/nope/",
        "/people/nope/",
    ],
)
def test_unknown_slugs_and_numbers_give_a_404_page(client, demo, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["0", "-1", "abc", "1000000000000", ""])
def test_song_list_handles_any_page_number(client, demo, page):
    response = client.get("/shows/soundtrack/songs/", {"page": page})
    assert response.status_code == 200
    assert "/songs/heat/" in response.content.decode()


def test_home_shows_a_dozen_shows_and_links_every_show_paginated(client, db, django_assert_max_num_queries):
    for i in range(60):
        factories.make_show(title=f"Show {i:02}", slug=f"show-{i:02}")
    with django_assert_max_num_queries(4):
        home = client.get("/").content.decode()
    assert home.count('class="card"') == 12 and "All 60 shows →" in home
    first = client.get("/shows/").content.decode()
    assert first.count('class="card"') == 48 and "Show 00" in first and "Page 1 of 2" in first
    last = client.get("/shows/", {"page": 99}).content.decode()
    assert last.count('class="card"') == 12 and "Show 59" in last


@pytest.mark.django_db
def test_names_typed_by_editors_are_escaped_on_every_page(client):
    """Reader pages are Jinja2 templates: every name is escaped, never markup."""
    evil = '<img src=x onerror="alert(1)">'
    show = factories.make_show(title=f"Show {evil}", network=evil)
    episode = factories.make_episode(season=factories.make_season(show=show), title=f"Ep {evil}")
    character = factories.make_character(show, name=f"Nel {evil}", played_by=factories.make_person(name=evil))
    song = factories.make_song(title=f"Song {evil}", album=evil, artist=factories.make_artist(name=evil))
    factories.make_cue(
        factories.make_scene(episode, characters=[character], title=evil, description=evil),
        song=song,
        performers=[character],
        note=evil,
    )
    pages = [
        show.get_absolute_url(),
        episode.get_absolute_url(),
        character.get_absolute_url(),
        song.get_absolute_url(),
        song.artist.get_absolute_url(),
        character.played_by.get_absolute_url(),
        f"{show.get_absolute_url()}characters/",
        f"{show.get_absolute_url()}songs/",
        "/",
        "/search/?q=nel",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert "<img src=x" not in page, url
        assert "&lt;img src=x onerror=" in page, url


def test_an_episode_without_a_known_runtime_shows_no_runtime_line(client, db):
    episode = factories.make_episode()
    html = client.get(episode.get_absolute_url()).content.decode()
    assert "<dt>Runtime</dt>" not in html
    episode.runtime_minutes = 44
    episode.save()
    assert "<dd>44 min</dd>" in client.get(episode.get_absolute_url()).content.decode()


def test_character_page_infobox_counts_what_the_reader_may_see(client, demo):
    html = client.get("/shows/soundtrack/characters/nellie/").content.decode()
    assert "<dt>First appearance</dt>" in html and ">S1E2</a>" in html
    assert "<dt>Episodes</dt><dd>1</dd>" in html
    assert "<dt>Songs performed</dt>" in html
    assert "<dt>Most often with</dt>" in html and "Sam</a>" in html


def test_show_page_lists_the_cast_by_role_main_first(client, demo):
    html = client.get("/shows/soundtrack/").content.decode()
    main, recurring, guests = (
        html.index("<h3>Main cast</h3>"),
        html.index("<h3>Recurring</h3>"),
        html.index("<h3>Guests</h3>"),
    )
    assert main < html.index(">Nellie<") < recurring < html.index(">Levi<") < guests
    assert guests < html.index(">The crying woman<")
