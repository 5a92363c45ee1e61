"""Reading a ``cuesheet-catalogue`` document back into a site (``import_catalogue``).

Everything is checked before it is written: the format and version, each
table's rows and their keys and types, every reference between rows, then
each row's own rules (``full_clean``: lengths, addresses, years). A file that
fails any of them is refused with a message naming the row; nothing is
written (one transaction).

Rows get new ids. People, artists and songs belong to no show on Cuesheet
(their slugs are unique across the site), so one the site already has, by
slug, is used as it is rather than made twice; the show itself must be new.
"""

import json

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.dateparse import parse_date, parse_duration

from wiki.exports.catalogue import FORMAT, ROLES, TABLES, VERSION
from wiki.models import Appearance, Artist, Character, Cue, Episode, Person, Scene, Season, Show, Song


class ImportRefused(Exception):
    """The file is not a catalogue this site can import; the message says why."""


TEXT, NUMBER, FLAG = str, int, bool
OPTIONAL = type(None)

SHOW_KEYS = {
    "slug": TEXT,
    "title": TEXT,
    "network": TEXT,
    "first_year": (NUMBER, OPTIONAL),
    "last_year": (NUMBER, OPTIONAL),
    "description": TEXT,
    "accent_color": TEXT,
    "embargo_days": NUMBER,
    "data_source": TEXT,
    "data_source_url": TEXT,
    "data_license": TEXT,
}
ROW_KEYS = {
    "seasons": {"id": NUMBER, "number": NUMBER, "title": TEXT, "description": TEXT},
    "episodes": {
        "id": NUMBER,
        "season": NUMBER,
        "number": NUMBER,
        "title": TEXT,
        "air_date": (TEXT, OPTIONAL),
        "runtime_minutes": (NUMBER, OPTIONAL),
        "synopsis": TEXT,
    },
    "scenes": {
        "id": NUMBER,
        "episode": NUMBER,
        "position": NUMBER,
        "title": TEXT,
        "description": TEXT,
        "starts_at": (TEXT, OPTIONAL),
        "characters": list,
    },
    "characters": {
        "id": NUMBER,
        "slug": TEXT,
        "name": TEXT,
        "aliases": list,
        "role": TEXT,
        "played_by": (NUMBER, OPTIONAL),
        "bio": TEXT,
    },
    "people": {"id": NUMBER, "slug": TEXT, "name": TEXT, "bio": TEXT},
    "artists": {"id": NUMBER, "slug": TEXT, "name": TEXT, "website": TEXT},
    "songs": {
        "id": NUMBER,
        "slug": TEXT,
        "title": TEXT,
        "artist": NUMBER,
        "album": TEXT,
        "year": (NUMBER, OPTIONAL),
        "spotify_url": TEXT,
        "apple_music_url": TEXT,
        "youtube_url": TEXT,
    },
    "cues": {
        "id": NUMBER,
        "scene": NUMBER,
        "position": NUMBER,
        "song": NUMBER,
        "kind": TEXT,
        "performers": list,
        "starts_at": (TEXT, OPTIONAL),
        "note": TEXT,
    },
}


def read(raw: bytes | str):
    """The document in ``raw``, checked for its format, version and shape."""
    try:
        document = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ImportRefused(f"This file is not JSON ({exc}).") from exc
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ImportRefused(f'This file is not a Cuesheet catalogue (its "format" is not "{FORMAT}").')
    version = document.get("version")
    if version != VERSION:
        raise ImportRefused(
            f"This file is version {version!r} of the catalogue format; this site reads version {VERSION}."
        )
    _check_row("show", document.get("show"), SHOW_KEYS)
    for table, keys in ROW_KEYS.items():
        rows = document.get(table)
        if not isinstance(rows, list):
            raise ImportRefused(f'"{table}" is missing or is not a list.')
        seen = set()
        for index, row in enumerate(rows):
            _check_row(f"{table}[{index}]", row, keys)
            if row["id"] in seen:
                raise ImportRefused(f"{table}[{index}]: id {row['id']} is used twice.")
            seen.add(row["id"])
    return document


def _check_row(where, row, keys):
    if not isinstance(row, dict):
        raise ImportRefused(f"{where} is not an object.")
    for key, kinds in keys.items():
        if key not in row:
            raise ImportRefused(f'{where}: "{key}" is missing.')
        value, kinds = row[key], kinds if isinstance(kinds, tuple) else (kinds,)
        if isinstance(value, bool) and FLAG not in kinds or not isinstance(value, kinds):
            raise ImportRefused(f'{where}: "{key}" has the wrong type ({type(value).__name__}).')


@transaction.atomic
def catalogue_import(*, document):
    """Write the checked ``document`` (from ``read``); returns the new show."""
    data = document["show"]
    if Show.objects.filter(slug=data["slug"]).exists():
        raise ImportRefused(f'This site already has a show "{data["slug"]}": delete it or import elsewhere.')
    show = _save("show", Show(**{key: data[key] for key in SHOW_KEYS}))
    ids = {table: {} for table in TABLES}

    for index, row in enumerate(document["people"]):
        ids["people"][row["id"]] = _shared(Person, row, index, "people", name=row["name"], bio=row["bio"])
    for index, row in enumerate(document["characters"]):
        if not all(isinstance(alias, str) for alias in row["aliases"]):
            raise ImportRefused(f'characters[{index}]: "aliases" must be a list of texts.')
        character = Character(
            show=show,
            slug=row["slug"],
            name=row["name"],
            aliases=", ".join(row["aliases"]),
            role=_role(row["role"], f"characters[{index}]"),
            played_by=_ref(ids, "people", row["played_by"], f"characters[{index}]", optional=True),
            bio=row["bio"],
        )
        ids["characters"][row["id"]] = _save(f"characters[{index}]", character)
    for index, row in enumerate(document["artists"]):
        ids["artists"][row["id"]] = _shared(
            Artist, row, index, "artists", name=row["name"], website=row["website"]
        )
    for index, row in enumerate(document["songs"]):
        fields = {key: row[key] for key in ROW_KEYS["songs"] if key not in {"id", "slug", "artist"}}
        artist = _ref(ids, "artists", row["artist"], f"songs[{index}]")
        ids["songs"][row["id"]] = _shared(Song, row, index, "songs", artist=artist, **fields)
    for index, row in enumerate(document["seasons"]):
        season = Season(show=show, number=row["number"], title=row["title"], description=row["description"])
        ids["seasons"][row["id"]] = _save(f"seasons[{index}]", season)
    for index, row in enumerate(document["episodes"]):
        where = f"episodes[{index}]"
        season = _ref(ids, "seasons", row["season"], where)
        episode = Episode(
            season=season,
            show=show,
            number=row["number"],
            title=row["title"],
            air_date=_date(row["air_date"], where),
            runtime_minutes=row["runtime_minutes"],
            synopsis=row["synopsis"],
        )
        ids["episodes"][row["id"]] = _save(where, episode)
    for index, row in enumerate(document["scenes"]):
        where = f"scenes[{index}]"
        scene = Scene(
            episode=_ref(ids, "episodes", row["episode"], where),
            position=row["position"],
            title=row["title"],
            description=row["description"],
            starts_at=_duration(row["starts_at"], where),
        )
        ids["scenes"][row["id"]] = _save(where, scene)
        for n, seen in enumerate(row["characters"]):
            place = f"{where}.characters[{n}]"
            _check_row(place, seen, {"character": NUMBER, "note": TEXT})
            character = _ref(ids, "characters", seen["character"], place)
            _save(place, Appearance(scene=scene, character=character, note=seen["note"]))
    for index, row in enumerate(document["cues"]):
        where = f"cues[{index}]"
        cue = Cue(
            scene=_ref(ids, "scenes", row["scene"], where),
            song=_ref(ids, "songs", row["song"], where),
            position=row["position"],
            kind=row["kind"],
            starts_at=_duration(row["starts_at"], where),
            note=row["note"],
        )
        _save(where, cue)
        cue.performers.set([_ref(ids, "characters", pk, f"{where}.performers") for pk in row["performers"]])
    show.save()  # its description may link to characters and episodes that exist only now
    return show


def _save(where, obj):
    try:
        obj.full_clean()
    except ValidationError as exc:
        problems = "; ".join(
            f"{field}: {' '.join(messages)}" if field != "__all__" else " ".join(messages)
            for field, messages in exc.message_dict.items()
        )
        raise ImportRefused(f"{where}: {problems}") from exc
    obj.save()
    return obj


def _shared(model, row, index, table, **fields):
    """The site's row with this slug, or a new one (people, artists, songs)."""
    existing = model.objects.filter(slug=row["slug"]).first()
    return existing or _save(f"{table}[{index}]", model(slug=row["slug"], **fields))


def _ref(ids, table, pk, where, optional=False):
    if pk is None and optional:
        return None
    if not isinstance(pk, int) or isinstance(pk, bool) or pk not in ids[table]:
        raise ImportRefused(
            f"{where}: refers to {table} id {pk!r}, which the file does not have (before this row)."
        )
    return ids[table][pk]


def _role(value, where):
    for number, name in ROLES.items():
        if name == value:
            return number
    raise ImportRefused(f"{where}: the role {value!r} is not one of {', '.join(ROLES.values())}.")


def _date(value, where):
    if value is None:
        return None
    try:
        parsed = parse_date(value)
    except ValueError:
        parsed = None
    if parsed is None:
        raise ImportRefused(f"{where}: {value!r} is not a date (YYYY-MM-DD).")
    return parsed


def _duration(value, where):
    """ISO 8601 only (``PT12M34S``): the format's one way to write a time."""
    if value is None:
        return None
    try:
        parsed = parse_duration(value) if value.startswith("PT") and len(value) > 2 else None
    except (ValueError, OverflowError):
        parsed = None
    if parsed is None:
        raise ImportRefused(f"{where}: {value!r} is not an ISO 8601 duration such as PT12M34S.")
    return parsed
