"""With a shield on, every surface the crawl reads runs a fixed number of
queries, however many later characters, songs, links and cues there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories as f
from tests.wiki.test_shield_crawl import WORDS, Later, reader
from wiki.models import Artist, Character, Episode, Person, Show, Song

# Queries per page for an anonymous reader with a shield (in a signed cookie: no session query).
PINNED = {
    "/shows/soundtrack/season-1/episode-2/": 11,
    "/shows/soundtrack/characters/nellie/": 6,  # the infobox: who shares most scenes, one query
    "/shows/soundtrack/characters/": 3,
    "/shows/soundtrack/songs/": 4,
    "/songs/heat/": 4,
    "/artists/robyn/": 2,
    "/people/callie-hernandez/": 4,
    "/sitemap-characters.xml": 2,
    "/sitemap-songs.xml": 2,
    "/sitemap-artists.xml": 2,
    "/sitemap-people.xml": 2,
    "/api/songs/": 2,
    "/api/artists/": 2,
    "/api/characters/": 2,
    "/search/?q=nellie": 3,
    "/search/?q=nelly": 6,
    "/search/suggest/?q=ne": 1,
}


def more_later_content(n):
    """``n`` more characters, songs and artists met and heard only in S1E4,
    each linked from the early texts."""
    show = Show.objects.get(slug="soundtrack")
    later = Episode.objects.get(show=show, number=4)
    early = Episode.objects.get(show=show, number=2)
    nellie = Character.objects.get(show=show, slug="nellie")
    links = []
    for _ in range(n):
        person = f.make_person()
        character = f.make_character(show, played_by=person, bio="Knows [[Nellie]].")
        song = f.make_song(artist=f.make_artist())
        scene = f.make_scene(later, characters=[character, nellie])
        f.make_cue(scene, song=song, performers=[character])
        f.make_cue(scene, song=Song.objects.get(slug="heat"), position=2)
        links.append(f"[[{character.name}|someone]] [[song:{song.title}|a song]]")
    early.synopsis += "\n\n" + " ".join(links)
    early.save()
    nellie.played_by.bio += " " + " ".join(links)
    nellie.played_by.save()


def counts(client):
    found = {}
    for url in PINNED:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        found[url] = len(queries.captured_queries)
    return found


@pytest.mark.django_db
def test_shielded_surfaces_run_a_fixed_number_of_queries(client, demo, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 1_000_000
    Later("text_first")
    reader(client, "anonymous")
    more_later_content(2)
    small = counts(client)
    more_later_content(25)
    large = counts(client)
    assert small == PINNED
    assert large == PINNED
    assert Person.objects.count() > 25 and Artist.objects.count() > 25
    assert WORDS["character"] not in client.get("/shows/soundtrack/characters/").content.decode().casefold()
