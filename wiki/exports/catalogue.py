"""A show's whole catalogue as one document: ``cuesheet-catalogue`` version 1.

``docs/export-format.md`` describes every key. The document is plain JSON
data (dicts, lists, strings, numbers, booleans, None), built in a fixed
number of queries whatever the size of the show, and always in the same
order, so two exports of the same catalogue are the same text.

Each table is a list of rows with an ``id``: the row's primary key on the
exporting site, stable there from one export to the next, and what the
document's references (``"season": 12``) point at. ``load`` (in
``wiki.exports.importing``) gives the rows new ids and follows the references.

A reader with a spoiler shield gets the catalogue up to their limit: every
table is read through the same ``visible_to(progress)`` as the pages, and the
Markdown texts lose the ``::: S1E3`` passages revealed after it. Their
``[[links]]`` become the words they show (``[[Sam|him]]`` is "him"): a
link's target may be someone met only later, as on the pages
(``shielded_links``), and finding out which would cost a query per text.
"""

import csv
import io
import re
import zipfile
from datetime import timedelta

from django.conf import settings
from django.db.models import Prefetch

from wiki.models import Appearance, Artist, Character, Cue, Episode, Person, Scene, Season, Song
from wiki.models.people import CastRole
from wiki.text.markdown import WIKILINK_PATTERN, shield_markdown
from wiki.text.refs import parse_ref

FORMAT, VERSION = "cuesheet-catalogue", 1

# A character's place in the cast, by name (the database keeps a number).
ROLES = {role.value: role.name.lower() for role in CastRole}

# The tables, in the order the document lists them and the CSV files are named.
TABLES = ["seasons", "episodes", "scenes", "characters", "people", "artists", "songs", "cues"]


def duration_iso(value: timedelta | None) -> str | None:
    """A time into an episode as an ISO 8601 duration: ``PT12M34S``,
    ``PT1H2M3S``, ``PT0S``; fractions of a second as ``PT3.5S``."""
    if value is None:
        return None
    total = value.total_seconds()
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    text = "PT"
    if hours:
        text += f"{int(hours)}H"
    if minutes:
        text += f"{int(minutes)}M"
    if seconds or text == "PT":
        text += f"{seconds:.6f}".rstrip("0").rstrip(".") + "S"
    return text


def unlinked(text):
    """``[[Sam|him]]`` → "him", ``[[song:Heat]]`` → "Heat": a text's links as their words."""
    return re.sub(WIKILINK_PATTERN, lambda m: (m[2] or "").strip() or parse_ref(m[1])[1], text)


def site_licence():
    return {
        "name": settings.SITE_LICENSE,
        "url": settings.SITE_LICENSE_URL,
        "text": f"Cuesheet's texts are written by its contributors and shared under {settings.SITE_LICENSE}.",
    }


def build(show, progress=None, site_url=None):
    """The document for ``show`` as the reader with ``progress`` may see it
    (everything without one). ``site_url`` is the site's address, when known."""
    limit = progress.limit_for(show.pk) if progress else None

    def text(value):
        return value if limit is None else unlinked(shield_markdown(value, limit))

    seasons = Season.objects.filter(show=show).visible_to(progress).order_by("number")
    episodes = Episode.objects.filter(show=show).visible_to(progress).with_show().order_by("sort_key")
    appearances = Appearance.objects.order_by("id")
    scenes = (
        Scene.objects.filter(episode__show=show)
        .visible_to(progress)
        .prefetch_related(Prefetch("appearances", queryset=appearances))
        .order_by("episode__sort_key", "position")
    )
    characters = Character.objects.filter(show=show).visible_to(progress).with_show().order_by("name", "slug")
    cues = (
        Cue.objects.filter(scene__episode__show=show)
        .visible_to(progress)
        .prefetch_related(Prefetch("performers", queryset=Character.objects.order_by("name", "slug", "pk")))
        .order_by("scene__episode__sort_key", "scene__position", "position", "id")
    )
    characters, cues = list(characters), list(cues)
    character_ids = {c.pk for c in characters}
    songs = list(Song.objects.filter(pk__in={c.song_id for c in cues}).order_by("title", "slug"))
    artists = Artist.objects.filter(pk__in={s.artist_id for s in songs}).order_by("name", "slug")
    people = Person.objects.filter(pk__in={c.played_by_id for c in characters} - {None}).order_by(
        "name", "slug"
    )

    return {
        "format": FORMAT,
        "version": VERSION,
        "site": {"name": "Cuesheet", "url": site_url},
        "licence": {
            "site": site_licence(),
            "episode_guide": {
                "source": show.data_source,
                "source_url": show.data_source_url,
                "licence": show.data_license,
            },
        },
        "shield": None if limit is None else {"up_to": progress.for_show(show).code, "sort_key": limit},
        "show": {
            "id": show.pk,
            "slug": show.slug,
            "title": show.title,
            "network": show.network,
            "first_year": show.first_year,
            "last_year": show.last_year,
            "description": text(show.description),
            "accent_color": show.accent_color,
            "embargo_days": show.embargo_days,
            "data_source": show.data_source,
            "data_source_url": show.data_source_url,
            "data_license": show.data_license,
            "url": show.get_absolute_url(),
        },
        "seasons": [
            {"id": s.pk, "number": s.number, "title": s.title, "description": s.description} for s in seasons
        ],
        "episodes": [
            {
                "id": e.pk,
                "season": e.season_id,
                "number": e.number,
                "code": e.code,
                "title": e.title,
                "air_date": e.air_date and e.air_date.isoformat(),
                "runtime_minutes": e.runtime_minutes,
                "synopsis": text(e.synopsis),
                "url": e.get_absolute_url(),
            }
            for e in episodes
        ],
        "scenes": [
            {
                "id": s.pk,
                "episode": s.episode_id,
                "position": s.position,
                "title": s.title,
                "description": s.description,
                "starts_at": duration_iso(s.starts_at),
                "characters": [
                    {"character": a.character_id, "note": a.note}
                    for a in s.appearances.all()
                    if a.character_id in character_ids
                ],
            }
            for s in scenes
        ],
        "characters": [
            {
                "id": c.pk,
                "slug": c.slug,
                "name": c.name,
                "aliases": c.alias_list,
                "role": ROLES[c.role],
                "played_by": c.played_by_id,
                "bio": text(c.bio),
                "url": c.get_absolute_url(),
            }
            for c in characters
        ],
        "people": [{"id": p.pk, "slug": p.slug, "name": p.name, "bio": text(p.bio)} for p in people],
        "artists": [{"id": a.pk, "slug": a.slug, "name": a.name, "website": a.website} for a in artists],
        "songs": [
            {
                "id": s.pk,
                "slug": s.slug,
                "title": s.title,
                "artist": s.artist_id,
                "album": s.album,
                "year": s.year,
                "spotify_url": s.spotify_url,
                "apple_music_url": s.apple_music_url,
                "youtube_url": s.youtube_url,
            }
            for s in songs
        ],
        "cues": [
            {
                "id": c.pk,
                "scene": c.scene_id,
                "position": c.position,
                "song": c.song_id,
                "kind": c.kind,
                "performers": [p.pk for p in c.performers.all() if p.pk in character_ids],
                "starts_at": duration_iso(c.starts_at),
                "note": c.note,
            }
            for c in cues
        ],
    }


def csv_tables(document):
    """The document as flat tables, ``{file name: rows}`` (first row the header).
    A list inside a row becomes a table of its own (``appearances.csv``,
    ``cue_performers.csv``); aliases are joined with ", " as editors type them."""
    tables = {"show.csv": _table([document["show"]])}
    for name in TABLES:
        rows = document[name]
        if name == "characters":
            rows = [row | {"aliases": ", ".join(row["aliases"])} for row in rows]
        tables[f"{name}.csv"] = _table(rows, leave_out={"characters", "performers"})
    tables["appearances.csv"] = _table(
        [{"scene": s["id"]} | a for s in document["scenes"] for a in s["characters"]],
        header=("scene", "character", "note"),
    )
    tables["cue_performers.csv"] = _table(
        [{"cue": c["id"], "character": p} for c in document["cues"] for p in c["performers"]],
        header=("cue", "character"),
    )
    return tables


def _table(rows, leave_out=frozenset(), header=None):
    if header is None:
        header = [key for key in rows[0] if key not in leave_out] if rows else []
    return [list(header), *([_cell(row[key]) for key in header] for row in rows)]


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def csv_zip(document):
    """The CSV tables in one zip file (UTF-8, a header row each), with a
    README naming the format, the shield and the licences."""
    files = {"README.txt": _readme(document)}
    for name, rows in csv_tables(document).items():
        text = io.StringIO()
        csv.writer(text, lineterminator="\r\n").writerows(rows)
        files[name] = text.getvalue()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            # Dated the zip format's first day, not now: the same catalogue gives the same bytes.
            archive.writestr(zipfile.ZipInfo(name, date_time=ZIP_DATE), text.encode(), zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _readme(document):
    show, licence = document["show"], document["licence"]
    lines = [
        f"{show['title']}: the Cuesheet catalogue as CSV ({document['format']} version {document['version']}).",
        "One file per table, UTF-8, a header row each; ids are the site's and link the tables.",
        "The format is described in docs/export-format.md.",
        licence["site"]["text"] + f" ({licence['site']['url']})",
    ]
    guide = licence["episode_guide"]
    if guide["source"]:
        lines.append(
            f"Episode guide from {guide['source']}"
            + (f", under {guide['licence']}." if guide["licence"] else ".")
        )
    if document["shield"]:
        lines.append(f"Spoiler shield on: up to {document['shield']['up_to']} only.")
    return "\n".join(lines) + "\n"
