"""Reading a soundtrack list, CSV or JSON, into ``Block``s of ``Entry``s:
every field cleaned and typed here, so a bad value refuses the import
before it touches the database, naming file, record and field."""

import csv
import html
import io
from dataclasses import dataclass, field
from datetime import timedelta

from ..base import ImportRefused, read_json, read_text
from . import values
from .values import BadValue

# Longest text kept per field (the catalogue's column sizes, and a bound on scene texts).
LIMITS = {"title": 200, "artist": 200, "scene": 2000, "note": 300, "performers": 300, "id": 100}


@dataclass
class Entry:
    """One song of an episode as the list gives it, every field plain text or typed."""

    record: str  # where it is in the file: "row 7", "S1E2 song 3"
    index: int  # its place in the file, to keep the list's order among equals
    title: str = ""
    artist: str = ""
    song_id: str = ""
    artist_id: str = ""
    scene: str = ""
    order: float | None = None
    kind: str = ""
    performers: list = field(default_factory=list)
    starts_at: timedelta | None = None
    confidence: float | None = None
    links: dict = field(default_factory=dict)  # Song field → URL
    note: str = ""


@dataclass
class Block:
    """One episode's songs, as one block of the list (a CSV's rows of an episode form one)."""

    record: str
    season: int
    episode: int
    entries: list = field(default_factory=list)

    @property
    def code(self):
        return f"S{self.season}E{self.episode}"


@dataclass
class Listing:
    show: str = ""  # the show the list says it is for, if it says
    blocks: list = field(default_factory=list)


def refuse(file, record, name, exc):
    raise ImportRefused(str(exc), file=file, record=record, field=name) from None


def text(raw, name, *, file, record, limit=None):
    try:
        return values.plain_text(raw.get(name), limit=limit or LIMITS.get(name, 200))
    except BadValue as exc:
        refuse(file, record, name, exc)


def entry(raw, *, file, record, index):
    """An ``Entry`` from a dict of the list's fields under our names (both formats map to these)."""

    def typed(name, parse):
        try:
            return parse(raw.get(name))
        except BadValue as exc:
            refuse(file, record, name, exc)

    found = Entry(record=record, index=index)
    found.title = values.unquoted(text(raw, "title", file=file, record=record))
    found.artist = values.unquoted(text(raw, "artist", file=file, record=record))
    found.song_id = text(raw, "song_id", file=file, record=record, limit=LIMITS["id"])
    found.artist_id = text(raw, "artist_id", file=file, record=record, limit=LIMITS["id"])
    found.scene = values.unquoted(text(raw, "scene", file=file, record=record))
    found.note = text(raw, "note", file=file, record=record)
    found.kind = typed("kind", values.kind)
    found.starts_at = typed("starts_at", values.timestamp)
    found.confidence = typed("confidence", values.confidence)
    found.order = typed("order", values.order)
    performers = raw.get("performers")
    if performers not in (None, ""):
        if not isinstance(performers, list | str):
            refuse(file, record, "performers", "is neither a list of names nor text")
        cleaned = (
            text({"performers": name}, "performers", file=file, record=record)
            for name in values.names(performers)
        )
        found.performers = [name for name in cleaned if name]
    for store, link_field in (
        ("spotify_id", "spotify_url"),
        ("apple_music_id", "apple_music_url"),
        ("youtube_id", "youtube_url"),
    ):
        cleaned = text(raw, store, file=file, record=record)
        if link := typed(store, lambda _, store=store, cleaned=cleaned: values.store_link(store, cleaned)):
            found.links[link_field] = link
    return found


def season_and_episode(raw, *, file, record):
    """(season, episode) of a record; "S01E02" in the episode field says both."""
    if code := values.episode_code(raw.get("episode")):
        return code
    try:
        season = values.number(raw.get("season"), values.SEASON)
    except BadValue as exc:
        refuse(file, record, "season", exc)
    try:
        episode = values.number(raw.get("episode"), values.EPISODE)
    except BadValue as exc:
        refuse(file, record, "episode", exc)
    return season, episode


# --- CSV ---------------------------------------------------------------------------------------

# Our field → the column names lists use for it (compared lower-cased, spaces as underscores).
COLUMNS = {
    "season": ("season", "season_number", "series"),
    "episode": ("episode", "episode_number", "ep", "episode_code"),
    "title": ("song", "title", "song_title", "track", "track_title"),
    "artist": ("artist", "artist_name", "artists", "performer_original"),
    "song_id": ("song_id", "id", "track_id"),
    "artist_id": ("artist_id",),
    "scene": ("scene", "scene_description", "description"),
    "order": ("order", "scene_order", "position", "#", "no"),
    "kind": ("kind", "usage", "type"),
    "performers": ("performers", "performed_by", "sung_by"),
    "starts_at": ("starts_at", "timestamp", "time"),
    "confidence": ("confidence",),
    "spotify_id": ("spotify_id", "spotify"),
    "apple_music_id": ("apple_music_id", "apple_music", "itunes_id"),
    "youtube_id": ("youtube_id", "youtube"),
    "note": ("note", "notes", "comment"),
}
REQUIRED = ("episode", "title", "artist")  # season too, unless the episode column says "S01E02"
BY_COLUMN = {column: name for name, columns in COLUMNS.items() for column in columns}


def read_csv(text_, *, file, report):
    rows = csv.reader(io.StringIO(text_, newline=""))
    header, fields = None, []
    blocks = {}
    try:
        for cells in rows:
            if not any(cell.strip() for cell in cells):
                continue
            line = rows.line_num
            if header is None:
                header = ["_".join(cell.strip().casefold().split()) for cell in cells]
                fields = [BY_COLUMN.get(column) for column in header]
                missing = [name for name in REQUIRED if name not in fields]
                if missing:
                    raise ImportRefused(
                        f"has no column for {', '.join(missing)} (a soundtrack list's header names at least "
                        f"episode, song, artist)",
                        file=file,
                        record="header",
                    )
                for column, name in zip(header, fields, strict=True):
                    if name is None:
                        report.ignored.append(("header", f"column {column!r} is not one Cuesheet reads"))
                continue
            record = f"row {line}"
            raw = {}
            for name, cell in zip(fields, cells, strict=False):
                if name is None:  # a column not read still refuses script
                    text({"cell": cell}, "cell", file=file, record=record, limit=100_000)
                elif not raw.get(name):
                    raw[name] = cell
            if len(cells) > len(fields) and any(cell.strip() for cell in cells[len(fields) :]):
                report.ignored.append((record, f"{len(cells) - len(fields)} cell(s) past the last column"))
            season, episode = season_and_episode(raw, file=file, record=record)
            block = blocks.setdefault((season, episode), Block(record, season, episode))
            block.entries.append(entry(raw, file=file, record=record, index=line))
    except csv.Error as exc:
        raise ImportRefused(f"is not valid CSV ({exc})", file=file, record=f"row {rows.line_num}") from None
    if header is None:
        raise ImportRefused("is empty", file=file)
    return Listing(blocks=list(blocks.values()))


# --- JSON --------------------------------------------------------------------------------------

JSON_NAMES = {  # our field → the keys a song object may use for it, first found wins
    "title": ("title", "name", "song"),
    "song_id": ("id", "song_id"),
    "scene": ("scene", "scene_description", "description"),
    "order": ("order", "position"),
    "kind": ("kind", "usage", "type"),
    "performers": ("performed_by", "performers"),
    "starts_at": ("timestamp", "starts_at", "time"),
    "confidence": ("confidence",),
    "spotify_id": ("spotify_id", "spotify"),
    "apple_music_id": ("apple_music_id", "apple_music", "itunes_id"),
    "youtube_id": ("youtube_id", "youtube"),
    "note": ("note", "notes"),
}


def json_song(song, *, file, record):
    """A song object under our field names (its artist an object or a name)."""
    if not isinstance(song, dict):
        raise ImportRefused("is not an object", file=file, record=record)
    raw = {}
    for name, keys in JSON_NAMES.items():
        raw[name] = next((song[key] for key in keys if song.get(key) not in (None, "")), None)
    artist = song.get("artist", song.get("artists"))
    if isinstance(artist, list):
        artist = artist[0] if artist else None
    if isinstance(artist, dict):
        raw["artist"], raw["artist_id"] = artist.get("name"), artist.get("id")
    else:
        raw["artist"] = artist
    for name in ("song_id", "artist_id"):
        if isinstance(raw.get(name), int) and not isinstance(raw[name], bool):
            raw[name] = str(raw[name])
    if isinstance(raw.get("performers"), str):
        raw["performers"] = [raw["performers"]]
    return raw


def read_json_list(data, *, file):
    """``{"show": {...}, "episodes": [{"season", "episode", "songs": [...]}]}``, or the bare list of episodes."""
    show = ""
    if isinstance(data, dict):
        show_data = data.get("show")
        show_name = (
            show_data.get("name", show_data.get("title")) if isinstance(show_data, dict) else show_data
        )
        show = text({"show": show_name}, "show", file=file, record="show")
        episodes = data.get("episodes")
    else:
        episodes = data
    if not isinstance(episodes, list):
        raise ImportRefused("is not a list of episodes", file=file, record="episodes")
    listing, index = Listing(show=show), 0
    for number, episode in enumerate(episodes, 1):
        record = f"episode block {number}"
        if not isinstance(episode, dict):
            raise ImportRefused("is not an object", file=file, record=record)
        raw = {
            "season": episode.get("season", episode.get("season_number")),
            "episode": episode.get("episode", episode.get("number", episode.get("episode_number"))),
        }
        season, episode_number = season_and_episode(raw, file=file, record=record)
        block = Block(record, season, episode_number)
        songs = episode.get("songs", [])
        if not isinstance(songs, list):
            raise ImportRefused("is not a list", file=file, record=f"{block.code} ({record})", field="songs")
        for place, song in enumerate(songs, 1):
            index += 1
            song_record = f"{block.code} song {place}" + (f" ({record})" if _repeated(listing, block) else "")
            raw = json_song(song, file=file, record=song_record)
            block.entries.append(entry(raw, file=file, record=song_record, index=index))
        listing.blocks.append(block)
    _refuse_script_anywhere(data, file=file)
    return listing


def _repeated(listing, block):
    return any((b.season, b.episode) == (block.season, block.episode) for b in listing.blocks)


def _refuse_script_anywhere(data, *, file, path="$"):
    """Script in a field Cuesheet does not read still refuses the file: it is not a clean list."""
    if isinstance(data, dict):
        for key, value in data.items():
            _refuse_script_anywhere(value, file=file, path=f"{path}.{key}")
    elif isinstance(data, list):
        for number, value in enumerate(data):
            _refuse_script_anywhere(value, file=file, path=f"{path}[{number}]")
    elif isinstance(data, str) and (values.SCRIPT.search(data) or values.SCRIPT.search(html.unescape(data))):
        raise ImportRefused("holds HTML with script: only plain text is imported", file=file, record=path)


def read_list(filename, content, *, report):
    """A ``Listing`` of the file: JSON when it is named .json or starts with { or [, else CSV."""
    text_ = read_text(content, file=filename)
    if filename.lower().endswith(".json") or text_.lstrip()[:1] in ("{", "["):
        return read_json_list(read_json(text_, file=filename), file=filename)
    return read_csv(text_, file=filename, report=report)
