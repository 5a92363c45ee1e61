"""A show's episode guide from TVmaze: the show, its seasons, its episodes and
its main cast, from the JSON of ``/shows/:id?embed[]=episodes`` and
``/shows/:id/cast``.

The whole input is read and checked before any row is written, and a fault
refuses the import naming the file, the record and the field
(``guide.json: episode 1234 (S1E?): number: missing``). Two things are not
faults but are left out, each reported with why: a special (TVmaze gives
specials ``number: null`` and a ``*_special`` type; our episodes need a number)
and a second actor listed for a character already cast in the same file.

Rows are matched by TVmaze's ids (``wiki.models.SourceRecord``); a first import
also matches what an editor entered by hand (a show by title, a season by
number, an episode by season and number, a character by show and name, a
person by name) so the demo show is filled in, not duplicated. TVmaze's data
is CC BY-SA: the show records its source and licence, and its page says so.
"""

import json
import re
from dataclasses import dataclass
from datetime import date

from wiki.models import CastRole, Character, Episode, Person, Season, Show

from .base import Importer, read_json
from .helpers import unclaimed, unique_slug
from .html import UnsafeHTML, html_to_markdown

DATA_SOURCE = "TVmaze"
LICENSE = "CC BY-SA 4.0"
SHOW_URL = "https://www.tvmaze.com/shows/{id}"
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
SPECIAL_TYPES = {"significant_special", "insignificant_special"}


@dataclass
class Image:
    """An image the source offers for a row: fetched only on request, where there is network."""

    obj: object
    field: str
    url: str
    alt: str


class _Fields:
    """One JSON object of the input, read field by field: a missing or mistyped
    field refuses the import, naming the record and the field."""

    def __init__(self, importer, obj, record):
        self.importer, self.record = importer, record
        if not isinstance(obj, dict):
            importer.refuse(f"is {_kind_of(obj)}, not a JSON object", record=record)
        self.obj = obj

    def refuse(self, name, message):
        self.importer.refuse(message, record=self.record, field=name)

    def value(self, name, kind, *, required=False):
        value = self.obj.get(name)
        if value is None:
            if required:
                self.refuse(name, "missing")
            return None
        if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
            self.refuse(name, f"{_show(value)} is not a whole number")
        if kind is str and not isinstance(value, str):
            self.refuse(name, f"{_show(value)} is not text")
        if kind is str and "\x00" in value:
            self.refuse(name, "holds a NUL character (\\u0000)")
        if kind in (dict, list) and not isinstance(value, kind):
            self.refuse(name, f"is {_kind_of(value)}, not a JSON {'object' if kind is dict else 'list'}")
        if kind is str and required and not value.strip():
            self.refuse(name, "is empty")
        return value

    def text(self, name, *, required=False):
        return (self.value(name, str, required=required) or "").strip()

    def date(self, name):
        """A ``YYYY-MM-DD`` date; TVmaze writes an unknown date as "" or null."""
        value = self.value(name, str)
        if not value:
            return None
        try:
            if not ISO_DATE.match(value):
                raise ValueError
            return date.fromisoformat(value)
        except ValueError:
            self.refuse(name, f"{_show(value)} is not a date (YYYY-MM-DD)")

    def markdown(self, name):
        """An HTML summary as our Markdown; HTML with script is refused."""
        try:
            return html_to_markdown(self.text(name))
        except UnsafeHTML as exc:
            self.refuse(name, str(exc))

    def image(self, name):
        image = self.value(name, dict)
        return _Fields(self.importer, image, self.record).text("original") if image else ""


def _show(value):
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "…"


def _kind_of(value):
    return {dict: "an object", list: "a list", str: "text", bool: "true or false", type(None): "null"}.get(
        type(value), "a number"
    )


class TvmazeImporter(Importer):
    """``parse`` reads the files; ``run`` checks all of them, then writes the rows."""

    source = "tvmaze"
    title = "Episode guide (TVmaze)"
    files = {
        "guide": "TVmaze show JSON (/shows/:id?embed[]=episodes)",
        "cast": "TVmaze cast JSON (/shows/:id/cast), optional",
    }
    optional_files = {"cast"}
    permission = "wiki.add_show"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.show = None
        self.images = []

    def parse(self, files):
        """``{name: (filename, bytes)}`` → what ``run`` takes: each file's name and JSON."""
        data = {"guide": None, "cast": None}
        for name in ("guide", "cast"):
            if files.get(name):
                self.file, content = files[name]
                data[name] = (self.file, read_json(content, file=self.file))
        if data["guide"] is None:
            self.refuse("the show's JSON (guide) is required")
        return data

    def run(self, data):
        guide_file, guide = data["guide"]
        self.file = guide_file
        show, episodes = self.read_guide(guide)
        cast = []
        if data.get("cast"):
            self.file, raw = data["cast"]
            cast = self.read_cast(raw)
        self.file = guide_file
        self.show = self.sync_show(show)
        seasons = {}
        for episode in episodes:
            if episode["season"] not in seasons:
                seasons[episode["season"]] = self.sync_season(show["id"], episode["season"])
            self.sync_episode(seasons[episode["season"]], episode)
        if cast:
            self.file = data["cast"][0]
        for member in cast:
            self.sync_cast_member(member)

    # Reading: every field checked, nothing written.

    def read_guide(self, guide):
        if not isinstance(guide, dict):
            self.refuse(
                f"is {_kind_of(guide)}, not a TVmaze show (an object with name and _embedded.episodes)"
            )
        fields = _Fields(self, guide, f"show {_code_part(guide.get('id'))}")
        show_id = fields.value("id", int, required=True)
        premiered, ended = fields.date("premiered"), fields.date("ended")
        channel = fields.value("network", dict) or fields.value("webChannel", dict) or {}
        show = {
            "id": show_id,
            "title": fields.text("name", required=True),
            "network": _Fields(self, channel, fields.record).text("name"),
            "first_year": premiered.year if premiered else None,
            "last_year": ended.year if ended else None,
            "description": fields.markdown("summary"),
            "url": fields.text("url") or SHOW_URL.format(id=show_id),
            "runtime": fields.value("averageRuntime", int) or fields.value("runtime", int),
            "image": fields.image("image"),
        }
        embedded = fields.value("_embedded", dict)
        if embedded is None or embedded.get("episodes") is None:
            fields.refuse("_embedded.episodes", "missing: fetch the show with ?embed[]=episodes")
        raw = _Fields(self, embedded, fields.record).value("episodes", list)
        episodes, seen = [], {}
        for position, item in enumerate(raw, start=1):
            episode = self.read_episode(item, position, show)
            if episode is None:
                continue
            key = (episode["season"], episode["number"])
            for where, other in ((key, seen.get(key)), (episode["id"], seen.get(episode["id"]))):
                if other is not None:
                    what = f"S{key[0]}E{key[1]}" if where == key else "its id"
                    self.refuse(
                        f"{what} is also episode {other['id']} at position {other['position']}",
                        record=episode["label"],
                        field="number" if where == key else "id",
                    )
            seen[key] = seen[episode["id"]] = episode
            episodes.append(episode)
        return show, episodes

    def read_episode(self, item, position, show):
        raw = item if isinstance(item, dict) else {}
        item_id = raw["id"] if _code_part(raw.get("id")) != "?" else f"#{position}"
        code = f"S{_code_part(raw.get('season'))}E{_code_part(raw.get('number'))}"
        label = f"episode {item_id} ({code})"
        fields = _Fields(self, item, label)
        if raw.get("number") is None and raw.get("type") in SPECIAL_TYPES:
            self.ignore(label, "a special: TVmaze gives it no episode number, and an episode here needs one")
            return None
        episode = {
            "id": fields.value("id", int, required=True),
            "season": fields.value("season", int, required=True),
            "number": fields.value("number", int, required=True),
            "title": fields.text("name", required=True),
            "air_date": fields.date("airdate"),
            "runtime": fields.value("runtime", int) or show["runtime"],
            "synopsis": fields.markdown("summary"),
            "url": fields.text("url"),
            "image": fields.image("image"),
            "position": position,
        }
        episode["label"] = f"episode {episode['id']} (S{episode['season']}E{episode['number']})"
        return episode

    def read_cast(self, raw):
        if not isinstance(raw, list):
            self.refuse(f"is {_kind_of(raw)}, not a TVmaze cast list (a list of person and character)")
        cast, cast_by_character = [], {}
        for position, item in enumerate(raw, start=1):
            fields = _Fields(self, item, f"cast entry {position}")
            person = _Fields(
                self, fields.value("person", dict, required=True), f"cast entry {position} person"
            )
            character = _Fields(
                self, fields.value("character", dict, required=True), f"cast entry {position} character"
            )
            member = {
                "person_id": person.value("id", int, required=True),
                "person": person.text("name", required=True),
                "person_image": person.image("image"),
                "character_id": character.value("id", int, required=True),
                "character": character.text("name", required=True),
                "character_image": character.image("image"),
            }
            first = cast_by_character.get(member["character_id"])
            if first is not None:
                self.ignore(
                    f"cast entry {position} ({member['person']} as {member['character']})",
                    f"the character is already played by {first['person']} in cast entry {first['position']}",
                )
                continue
            member["position"] = position
            cast_by_character[member["character_id"]] = member
            cast.append(member)
        return cast

    # Writing: one ``sync`` per row.

    def sync_show(self, show):
        values = {
            "title": show["title"],
            "network": show["network"],
            "first_year": show["first_year"],
            "last_year": show["last_year"],
            "description": show["description"],
            "data_source": DATA_SOURCE,
            "data_source_url": show["url"],
            "data_license": LICENSE,
        }
        obj = self.sync(
            Show,
            kind="show",
            external_id=show["id"],
            values=values,
            label=f"show {show['id']} ({show['title']})",
            match=unclaimed(
                Show.objects.filter(title__iexact=show["title"]), source=self.source, kind="show"
            ),
            create={"slug": unique_slug(Show.objects, show["title"], fallback=f"show-{show['id']}")},
        )
        self.offer_image(obj, "poster", show["image"], f"Poster of {obj.title}")
        return obj

    def sync_season(self, show_id, number):
        return self.sync(
            Season,
            kind="season",
            external_id=f"{show_id}/{number}",
            values={"show_id": self.show.pk, "number": number},
            label=f"Season {number}",
            match=unclaimed(
                Season.objects.filter(show=self.show, number=number), source=self.source, kind="season"
            ),
        )

    def sync_episode(self, season, episode):
        values = {
            "season_id": season.pk,
            "number": episode["number"],
            "title": episode["title"],
            "air_date": episode["air_date"],
            "runtime_minutes": episode["runtime"],
            "synopsis": episode["synopsis"],
        }
        obj = self.sync(
            Episode,
            kind="episode",
            external_id=episode["id"],
            values=values,
            label=f"{episode['label']} {episode['title']}",
            match=unclaimed(
                Episode.objects.filter(season=season, number=episode["number"]),
                source=self.source,
                kind="episode",
            ),
        )
        self.offer_image(obj, "still", episode["image"], f"Still from {obj.code}, {obj.title}")
        return obj

    def sync_cast_member(self, member):
        person = self.sync(
            Person,
            kind="person",
            external_id=member["person_id"],
            values={"name": member["person"]},
            label=f"person {member['person_id']} ({member['person']})",
            match=unclaimed(
                Person.objects.filter(name__iexact=member["person"]), source=self.source, kind="person"
            ),
            create={
                "slug": unique_slug(
                    Person.objects, member["person"], fallback=f"person-{member['person_id']}"
                )
            },
        )
        self.offer_image(person, "photo", member["person_image"], f"Photo of {person.name}")
        characters = Character.objects.filter(show=self.show)
        character = self.sync(
            Character,
            kind="character",
            external_id=member["character_id"],
            values={
                "show_id": self.show.pk,
                "name": member["character"],
                "role": CastRole.MAIN,
                "played_by_id": person.pk,
            },
            label=f"character {member['character_id']} ({member['character']})",
            match=unclaimed(
                characters.filter(name__iexact=member["character"]), source=self.source, kind="character"
            ),
            create={
                "slug": unique_slug(
                    characters, member["character"], fallback=f"character-{member['character_id']}"
                )
            },
        )
        self.offer_image(character, "portrait", member["character_image"], f"{character.name} in {self.show}")

    def offer_image(self, obj, field, url, alt):
        """Remember an image to fetch later (``import_tvmaze --images``), for a row that has none."""
        if url and not getattr(obj, field):
            self.images.append(Image(obj, field, url, alt[:200]))


def _code_part(value):
    return value if isinstance(value, int) and not isinstance(value, bool) else "?"
