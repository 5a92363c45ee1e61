"""The spoiler shield, attacked the way a suspicious reader would.

Later-episode content (S1E4 of the demo show) carries one invented word per
surface. It is entered in the orders editors really work in; then a reader
sets the shield at S1E2 through the episode page's own form and crawls every
link reachable from the home page, the sitemap, the feeds and the API, and
searches (and asks for suggestions) for every word, a prefix of it and a
misspelling of it. No word may show. The same crawl without a shield must find
every word, so the test cannot pass by finding nothing.
"""

import io
import json
import re
import zipfile
from collections import deque
from html import unescape
from urllib.parse import quote_plus, urljoin, urlsplit

import pytest
from django.contrib.auth.models import User

from tests import factories as f
from wiki.models import Appearance, Character, Cue, Episode, Scene, Season, Show, Song

WORDS = {
    "person": "quillfeather",
    "person_bio": "snorkelwyn",
    "character": "zorbanne",
    "character_bio": "gravelmoth",
    "artist": "vexmoor",
    "song": "glimmerdusk",
    "album": "obsidrift",
    "scene": "brindlecove",
    "episode": "halcyonix",
    "synopsis": "marrowglen",
    "recap": "wraithlume",
    "comment": "sporelingo",
    "passage": "krimpleton",
}
# Words a reader types into search by name (the rest are found in prose).
SEARCHED = ["quillfeather", "zorbanne", "vexmoor", "glimmerdusk", "halcyonix", "wraithlume", "brindlecove"]
ORDERS = ["text_first", "appearance_first", "moved_scene", "deleted_early_appearance", "renumbered"]
MAX_PAGES = 700
SKIP = ("/admin/", "/static/", "/media/", "/accounts/", "/accents/")
HREF = re.compile(r"""(?:href|src)\s*=\s*["']([^"'#]+)""")
LOC = re.compile(r"<loc>([^<]+)</loc>")
NONCE = re.compile(r'(nonce|value)="[^"]*"')


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    """The crawl reads every API resource: far more than a reader a minute."""
    settings.API_RATE_LIMIT_PER_MINUTE = 1_000_000


class Later:
    """Builds S1E4's content in one of the ``ORDERS``."""

    def __init__(self, order):
        self.show = Show.objects.get(slug="soundtrack")
        self.nellie = Character.objects.get(show=self.show, slug="nellie")
        self.season = Season.objects.get(show=self.show, number=1)
        self.order = order
        self.link_from_early_texts()
        getattr(self, order)()
        actor = self.nellie.played_by
        actor.bio = f"Plays Nellie, opposite [[{WORDS['character'].title()}|a co-star]]."
        actor.save()
        self.nellie.bio = f"An artist.\n\n::: S1E4\nShe finally {WORDS['passage']}.\n:::\n"
        self.nellie.save()
        self.recap_and_comment()

    # The pieces.
    def link_from_early_texts(self):
        """S1E2's synopsis links to what is only met later, before it exists:
        the links resolve when it is created, and their addresses name it."""
        episode2 = Episode.objects.get(show=self.show, number=2)
        episode2.synopsis += (
            f"\n\nNellie passes [[{WORDS['character'].title()}|a stranger]]"
            f" humming [[song:{WORDS['song'].title()}|a tune]]."
        )
        episode2.save()

    def episode(self, season=None, number=4):
        return Episode.objects.create(
            season=season or self.season,
            number=number,
            title=f"Track 4: {WORDS['episode'].title()}",
            synopsis=f"[[Nellie]] and the {WORDS['synopsis']} night.",
        )

    def person_and_character(self, bio=True):
        person = f.make_person(
            name=f"Ada {WORDS['person'].title()}",
            slug=WORDS["person"],
            bio=f"An actor, {WORDS['person_bio']}.",
        )
        return f.make_character(
            self.show,
            name=WORDS["character"].title(),
            slug=WORDS["character"],
            played_by=person,
            bio=f"Meets [[Nellie]] in the {WORDS['character_bio']}." if bio else "",
        )

    def song(self):
        artist = f.make_artist(name=f"The {WORDS['artist'].title()}", slug=WORDS["artist"])
        return f.make_song(
            title=WORDS["song"].title(), slug=WORDS["song"], artist=artist, album=WORDS["album"].title()
        )

    def scene(self, episode, character, song, position=1):
        scene = f.make_scene(
            episode, position=position, title=f"The {WORDS['scene']} party", characters=[character]
        )
        f.make_cue(scene, song=song, performers=[character])
        return scene

    def write_bio(self, character):
        character.bio = f"Meets [[Nellie]] in the {WORDS['character_bio']}."
        character.save()

    # The orders editors work in.
    def text_first(self):
        """The actor and the character with a bio first, then the scene."""
        episode = self.episode()
        character, song = self.person_and_character(), self.song()
        self.scene(episode, character, song)
        self.later = episode

    def appearance_first(self):
        episode = self.episode()
        character, song = self.person_and_character(bio=False), self.song()
        self.scene(episode, character, song)
        self.write_bio(character)
        self.later = episode

    def moved_scene(self):
        """Entered in S1E2 by mistake, then moved to S1E4 where it belongs."""
        episode2 = Episode.objects.get(show=self.show, number=2)
        character, song = self.person_and_character(), self.song()
        scene = self.scene(episode2, character, song, position=99)
        episode = self.episode()
        scene.episode, scene.position = episode, 1
        scene.save()
        self.later = episode

    def deleted_early_appearance(self):
        """Also put in an S1E1 scene by mistake; that appearance and cue are deleted."""
        episode1 = Episode.objects.get(show=self.show, number=1)
        character, song = self.person_and_character(), self.song()
        early = f.make_scene(episode1, title="A crowded room", characters=[character])
        early_cue = f.make_cue(early, song=song)
        episode = self.episode()
        self.scene(episode, character, song)
        Appearance.objects.get(scene=early, character=character).delete()
        early_cue.delete()
        self.later = episode

    def renumbered(self):
        """Entered as a special (S0E1, before everything), then renumbered S1E4."""
        specials = Season.objects.create(show=self.show, number=0)
        episode = self.episode(season=specials, number=1)
        character, song = self.person_and_character(), self.song()
        self.scene(episode, character, song)
        episode.season, episode.number = self.season, 4
        episode.save()
        self.later = episode

    def recap_and_comment(self):
        from recaps.models import Recap

        f.make_recap(
            self.later,
            title=f"The {WORDS['recap'].title()} recap",
            slug=WORDS["recap"],
            body=f"[[Nellie]] sings [[song:Heat]]; {WORDS['recap']}.",
        )
        early = Recap.objects.filter(episode__show=self.show, episode__number=2).first() or f.make_recap(
            Episode.objects.get(show=self.show, number=2), slug="early-recap"
        )
        f.make_comment(early, body=f"Wait until the {WORDS['comment']}!", spoils=self.later)


# The crawl.


def _local(url):
    parts = urlsplit(url)
    if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
        return None
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    if not path.startswith("/") or path.startswith(SKIP) or "reveal=1" in path or "/shield/" in path:
        return None
    return path


def _links(url, response, body):
    kind = response.get("Content-Type", "")
    found = []
    if "json" in kind:

        def walk(value):
            if isinstance(value, dict):
                for item in value.values():
                    walk(item)
            elif isinstance(value, list):
                for item in value:
                    walk(item)
            elif isinstance(value, str) and value.startswith(("http://testserver/", "/")):
                found.append(value)

        walk(json.loads(body))
    else:
        found += LOC.findall(body) + HREF.findall(body)
    return [_local(urljoin(url, unescape(link))) for link in found]


def _text(response):
    """The body as text: a zip download (the catalogue's CSV tables) as its
    files' text, a file WhiteNoise streams (the icons) read whole, an image as nothing."""
    kind = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if kind.startswith("application/zip"):
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return "\n".join(archive.read(name).decode() for name in archive.namelist())
    return "" if kind.startswith("image/") else body.decode()


def crawl(client, starts=("/", "/sitemap.xml", "/api/", "/robots.txt")):
    """Every page reachable from ``starts``: {url: body}."""
    pages, queue = {}, deque(starts)
    while queue and len(pages) < MAX_PAGES:
        url = queue.popleft()
        if url in pages:
            continue
        response = client.get(url)
        assert response.status_code < 500 and response.status_code != 429, url
        body = _text(response) if response.status_code != 304 else ""
        pages[url] = body
        if response.status_code in (301, 302):
            target = _local(urljoin(url, response["Location"]))  # None: off the crawl (logging in)
            queue.extend([target] if target else [])
            continue
        queue.extend(link for link in _links(url, response, body) if link and link not in pages)
    assert len(pages) < MAX_PAGES, "the crawl did not finish"
    return pages


def misspelt(word):
    """One letter off, in the middle (the misspelling search corrects)."""
    middle = len(word) // 2
    return word[:middle] + ("x" if word[middle] != "x" else "y") + word[middle + 1 :]


def searches(word):
    """The searches a reader makes for a word: whole, prefix, misspelt, by kind."""
    queries = [word, word[:5], misspelt(word)]
    urls = [f"/search/?q={q}" for q in queries] + [f"/search/suggest/?q={q}" for q in queries]
    urls += [f"/search/?q={word}&kind={kind}" for kind in ("character", "song", "episode", "recap", "person")]
    return urls + [f"/search/?q={misspelt(word)}&kind=artist"]


def _without_query(body, url):
    """The page less the reader's own typing echoed back."""
    query = re.search(r"q=([^&]+)", url)[1]
    for form in {query, quote_plus(query)}:
        body = re.sub(rf"(?<![a-z]){re.escape(form)}(?![a-z])", "QUERY", body, flags=re.IGNORECASE)
    return NONCE.sub(r'\1=""', body)


def leaks(pages):
    """{word: [urls it shows on]}."""
    found = {}
    for url, body in pages.items():
        text = _without_query(body, url) if "q=" in url else body
        for word in WORDS.values():
            if word in text.casefold():
                found.setdefault(word, []).append(url)
    return found


def search_pages(client, words=SEARCHED):
    pages = {}
    for word in words:
        for url in searches(word):
            response = client.get(url)
            assert response.status_code == 200, url
            pages[url] = response.content.decode()
    return pages


def set_shield_through_the_form(client):
    """Post the "I've watched up to here" form of the S1E2 page, as a browser would."""
    page = client.get("/shows/soundtrack/season-1/episode-2/").content.decode()
    form = re.search(r'<form method="post" action="([^"]*/shield/)"[^>]*>(.*?)</form>', page, re.S)
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form[2]))
    assert fields["action"] == "set"
    response = client.post(form[1], fields, HTTP_ORIGIN="http://testserver")
    assert response.status_code == 302
    assert "up to S1E2" in client.get("/shows/soundtrack/").content.decode()


def reader(client, shield):
    if shield == "account":
        client.force_login(User.objects.create_user("fan", password="pw"))
    set_shield_through_the_form(client)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("order", ORDERS)
def test_without_a_shield_the_crawl_finds_every_later_word(client, demo, order):
    """The control: without a shield every word is on some page, and every
    searched word (and its misspelling) is found."""
    Later(order)
    found = leaks(crawl(client) | search_pages(client))
    assert sorted(set(WORDS.values()) - set(found)) == []
    for word in SEARCHED:
        body = _without_query(
            client.get(f"/search/?q={misspelt(word)}").content.decode(), "q=" + misspelt(word)
        )
        assert word in body.casefold(), f"{misspelt(word)} is not corrected to {word}"


@pytest.mark.django_db
@pytest.mark.parametrize("shield", ["anonymous", "account"])
@pytest.mark.parametrize("order", ORDERS)
def test_shield_at_s1e2_keeps_every_later_word_off_every_surface(client, demo, order, shield):
    Later(order)
    reader(client, shield)
    pages = crawl(client) | search_pages(client)
    assert leaks(pages) == {}


@pytest.mark.django_db
@pytest.mark.parametrize("order", ["text_first", "renumbered"])
def test_search_for_a_hidden_word_reads_like_a_search_for_nonsense(client, demo, order):
    Later(order)
    reader(client, "anonymous")
    for word in SEARCHED:
        nonsense = "qj" + "w" * (len(word) - 2)
        for typed in (word, misspelt(word)):
            for path in ("/search/?q=", "/search/suggest/?q="):
                hidden = _without_query(client.get(path + typed).content.decode(), "q=" + typed)
                plain = _without_query(client.get(path + nonsense).content.decode(), "q=" + nonsense)
                assert hidden == plain, f"{path}{typed}"


@pytest.mark.django_db
def test_moving_the_only_scene_back_shows_the_character_again(client, demo):
    """Derived at read time both ways: a later character moved into S1E2 is met."""
    later = Later("text_first")
    reader(client, "anonymous")
    scene = Scene.objects.get(title__contains=WORDS["scene"])
    scene.episode, scene.position = Episode.objects.get(show=later.show, number=2), 99
    scene.save()
    page = client.get("/shows/soundtrack/characters/nellie/").content.decode()
    assert WORDS["character"].title() in page  # the bio that mentions Nellie
    assert WORDS["character"] in client.get(f"/search/suggest/?q={WORDS['character'][:5]}").content.decode()
    assert WORDS["person"] in client.get(f"/search/?q={WORDS['person']}").content.decode().casefold()
    assert Song.objects.get(slug=WORDS["song"]).title in client.get("/api/songs/").content.decode()
    assert Cue.objects.filter(scene=scene).exists()
