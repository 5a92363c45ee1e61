"""Writing the search index: what each kind of thing contributes, kept in step on save.

Each searchable model has a ``Source``: the queryset that loads it with what
its entry needs, and a function from one object to the entry's fields (or
None to leave it out, a draft recap say). Saving or deleting a watched model
rewrites the entries it affects inside the same transaction (``watch``), so
the index is never behind an edit and rolls back with it; the full-text
tables follow the entries by themselves (migration 0008).
``rebuild()`` (``manage.py rebuild_search_index``) writes it all anew, for
rows written in bulk, such as ``generate_catalog``'s.

``recaps`` adds its own source in ``RecapsConfig.ready`` (``wiki`` never imports it);
scenes, the most numerous, are read as rows (``wiki.search.scenes``).
"""

import contextlib
import functools
import html
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils.html import strip_tags
from django.utils.text import Truncator

from wiki.bulk import checks_after_the_load, fresh_ids, insert_rows
from wiki.generation import bump_on_commit
from wiki.models import (
    Appearance,
    Artist,
    Character,
    Cue,
    Episode,
    FormerName,
    Person,
    Scene,
    SearchEntry,
    SearchIndex,
    SearchName,
    SearchTerm,
    Show,
    Song,
)
from wiki.text.markdown import REVEAL_BLOCK

WORD = re.compile(r"[^\W_]+")
BODY_CHARS = 20_000  # what is kept of a long text: enough for any snippet, bounded for the index
BATCH = 2_000
# A rebuild reads the sources other than scenes (a tenth of the rows) ten times as many at a time:
# their ``Source.place`` is a query a batch, which PostgreSQL answers by hashing all the scenes.
SOURCE_BATCH = 20_000


def normalize(text):
    """Accents off, case folded: how names and queries are compared."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@functools.lru_cache(maxsize=100_000)
def words(text):
    """The normalised words of ``text``, as a tuple (remembered: names recur across entries)."""
    return tuple(WORD.findall(normalize(text)))


def truncate(text, chars):
    return text if len(text) <= chars else Truncator(text).chars(chars)


def plain_text(rendered_html):
    """The text of stored HTML, less every passage revealed in a later episode:
    search serves all readers the same rows, so it never indexes those."""
    return html.unescape(strip_tags(REVEAL_BLOCK.sub(" ", rendered_html or "")))[:BODY_CHARS].strip()


def name_list(*names):
    """Names as stored in ``SearchEntry.names``: normalised, between bars."""
    kept = [" ".join(words(name)) for name in names if name]
    return "|" + "|".join(name for name in kept if name) + "|"


@dataclass
class Source:
    kind: str
    model: type
    queryset: Callable
    entry: Callable | None  # (obj, former_names) -> dict of SearchEntry fields, or None
    former_names: bool = False
    # (objects) -> None: sets on a batch what its entries need from other rows, in one query.
    place: Callable | None = None
    # Or, for the many: (pks, or None for all) -> (object_id, fields) pairs, by id, without instances.
    load: Callable | None = None

    def itself(self, obj):
        return [(self.kind, obj.pk)]


SOURCES: dict[str, Source] = {}
# model -> functions(instance) -> [(kind, pk), ...]: the entries a saved or deleted row affects
DEPENDENTS: dict[type, list[Callable]] = {}


def register(source, dependents=None):
    SOURCES[source.kind] = source
    watch(source.model, dependents or source.itself)


def watch(model, dependents):
    if dependents not in DEPENDENTS.setdefault(model, []):
        DEPENDENTS[model].append(dependents)
    uid = f"search-{model._meta.label}"
    post_save.connect(_changed, sender=model, dispatch_uid=f"{uid}-save", weak=False)
    post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}-delete", weak=False)


def _changed(sender, instance, raw=False, **kwargs):
    if raw:  # loaddata: the command rebuilds afterwards
        return
    affected = {}
    for dependents in DEPENDENTS[sender]:
        for kind, pk in dependents(instance):
            if pk is not None:
                affected.setdefault(kind, set()).add(pk)
    for kind, pks in affected.items():
        reindex(kind, pks)


def _former_names(model, pks):
    rows = FormerName.objects.filter(
        target_type=ContentType.objects.get_for_model(model), target_id__in=pks
    ).exclude(name="")
    names = {}
    for target_id, name in rows.values_list("target_id", "name"):
        names.setdefault(target_id, []).append(name)
    return names


def _fields_of(source, objects):
    """(object id, entry fields) of each of ``objects`` that has an entry."""
    former = _former_names(source.model, [obj.pk for obj in objects]) if source.former_names else {}
    if source.place and objects:
        source.place(objects)
    for obj in objects:
        fields = source.entry(obj, former.get(obj.pk, []))
        if fields is not None:
            yield obj.pk, fields


class _Row(SimpleNamespace):
    """An entry as a rebuild writes it: its fields' values, without a ``SearchEntry``
    instance (making a million of them, and sending their ``post_init``, was a fifth
    of rebuilding the index)."""

    @property
    def pk(self):
        return self.id


@functools.cache
def _defaults():
    return {field.attname: field.get_default() for field in SearchEntry._meta.concrete_fields}


def _row(kind, object_id, fields):
    return _Row(**(_defaults() | {"kind": kind, "object_id": object_id} | fields))


def _remember_terms(entries, written=None):
    """Store the entries' terms; ``written``, a rebuild's set of those it has stored, is kept up
    to date and spares storing them again (each batch of scenes has some 3,000, mostly stored)."""
    terms = {
        term for entry in entries for text in (entry.names, entry.credits, entry.body) for term in words(text)
    }
    if written is not None:
        terms -= written
        written |= terms
    SearchTerm.objects.bulk_create(
        [SearchTerm(term=term) for term in terms if len(term) <= 100], ignore_conflicts=True, batch_size=BATCH
    )


@transaction.atomic
def reindex(kind, pks):
    """Rewrite the entries of ``kind`` for these object ids (gone objects lose theirs)."""
    source = SOURCES[kind]
    found = (
        source.load(pks) if source.load else _fields_of(source, list(source.queryset().filter(pk__in=pks)))
    )
    entries = [SearchEntry(kind=kind, object_id=pk, **fields) for pk, fields in found]
    gone = SearchEntry.objects.filter(kind=kind, object_id__in=pks)
    SearchName.objects.filter(entry__in=gone).delete()
    gone.delete()
    SearchEntry.objects.bulk_create(entries)
    SearchName.objects.bulk_create(SearchName.rows_of(entries))
    _remember_terms(entries)


@transaction.atomic
def rebuild(progress=None):
    """The whole index anew; returns the number of entries per kind."""
    # Terms keep their unique index: writing them relies on it (ignore_conflicts).
    rebuilt = [SearchEntry._meta.db_table, SearchName._meta.db_table]
    with checks_after_the_load(rebuilt), _full_text_built_after():
        with connection.cursor() as cursor:  # no signals, no hook per row: nothing watches the index
            for model in (SearchName, SearchEntry, SearchTerm):
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608
        counts = _write_all(progress)
    with connection.cursor() as cursor:  # the planner's statistics of the tables as they are now
        for model in (SearchEntry, SearchName, SearchTerm):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    bump_on_commit()
    transaction.on_commit(_vacuum, robust=True)
    return counts


def _vacuum():
    """PostgreSQL: the rows a rebuild deleted stay in the tables, and in every scan of their
    indexes, until a vacuum reclaims them; autovacuum may be off or far behind. After three
    rebuilds without one, searching 1,000,000 scenes for "nellie" took 200 ms instead of 43.
    (VACUUM runs outside a transaction: skipped inside one, as in a test's.)"""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        for model in (SearchEntry, SearchName, SearchTerm):
            cursor.execute(f"VACUUM {connection.ops.quote_name(model._meta.db_table)}")


@contextlib.contextmanager
def _full_text_built_after():
    """On SQLite, the FTS5 table built once from the written entries rather than row by row
    by its triggers (migration 0015), which are put back as they were. PostgreSQL's
    full text is a generated column: nothing to do."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
            [SearchEntry._meta.db_table],
        )
        triggers = cursor.fetchall()
        for name, _sql in triggers:
            cursor.execute(f"DROP TRIGGER {connection.ops.quote_name(name)}")
        yield
        table = connection.ops.quote_name(SearchIndex._meta.db_table)
        cursor.execute(f"INSERT INTO {table}({table}) VALUES ('rebuild')")  # noqa: S608
        for _name, sql in triggers:
            cursor.execute(sql)


def _write_all(progress):
    counts, written = {}, set()
    for kind, source in SOURCES.items():
        if source.load:
            counts[kind] = _write_loaded(source, progress, written)
            continue
        batch, counts[kind] = [], 0
        for obj in source.queryset().order_by("pk").iterator(chunk_size=BATCH):
            batch.append(obj)
            if len(batch) == SOURCE_BATCH:
                counts[kind] += _write_batch(source, batch, written)
                batch = []
                if progress:
                    progress(kind, counts[kind])
        counts[kind] += _write_batch(source, batch, written)
    return counts


def _write_batch(source, objects, written):
    entries = [_row(source.kind, pk, fields) for pk, fields in _fields_of(source, objects)]
    return _write_entries(entries, written)


def _write_entries(entries, written):
    """Entries of a rebuild, and their names: past the ORM, as rows (``wiki.bulk``)."""
    for entry, pk in zip(entries, fresh_ids(SearchEntry, len(entries)), strict=True):
        entry.id = pk
    insert_rows(SearchEntry._meta.db_table, *_entry_rows(entries))
    insert_rows(SearchName._meta.db_table, SearchName.COLUMNS, SearchName.values_of(entries))
    _remember_terms(entries, written)
    return len(entries)


# Values the database drivers take as they are; others go through the field (JSON, files).
_AS_THEY_ARE = {"BigAutoField", "CharField", "TextField", "BooleanField", "ForeignKey"}
_AS_THEY_ARE |= {"PositiveIntegerField", "PositiveBigIntegerField"}


def _entry_rows(entries):
    fields = SearchEntry._meta.concrete_fields
    prepare = [
        None
        if field.get_internal_type() in _AS_THEY_ARE
        else functools.partial(field.get_db_prep_save, connection=connection)
        for field in fields
    ]
    attnames = [field.attname for field in fields]
    rows = (
        [
            value if step is None else step(value)
            for value, step in zip(map(entry.__dict__.get, attnames), prepare, strict=True)
        ]
        for entry in entries
    )
    return [field.column for field in fields], rows


def _write_loaded(source, progress, written):
    batch, count = [], 0
    for pk, fields in source.load(None):
        batch.append(_row(source.kind, pk, fields))
        if len(batch) == BATCH:
            count += _write_entries(batch, written)
            batch = []
            if progress:
                progress(source.kind, count)
    return count + _write_entries(batch, written)


# The catalogue's sources.


def _character(obj, former):
    played_by = obj.played_by.name if obj.played_by else ""
    return {
        "show_id": obj.show_id,
        "episode_key": obj.first_seen,
        "title": obj.name,
        "subtitle": f"Played by {played_by}" if played_by else "",
        "url": obj.get_absolute_url(),
        "names": name_list(obj.name, *obj.alias_list, *former),
        "credits": " ".join(words(played_by)),
        "body": plain_text(obj.bio_html),
        "image": obj.portrait.name,
        "image_alt": obj.portrait_alt,
        "image_width": obj.portrait_width,
        "image_height": obj.portrait_height,
    }


def listen_to(song):
    """A song as a result's listen links need it (``includes/_listen.html``)."""
    return {
        "title": song.title,
        "artist": {"name": song.artist.name},
        "listening_links": song.listening_links,
        "search_links": song.search_links,
    }


def _song(obj, former):
    by = ", ".join(str(part) for part in (obj.artist.name, obj.album, obj.year) if part)
    return {
        "show_id": obj.first_show,
        "episode_key": obj.first_key,
        "title": obj.title,
        "subtitle": by,
        "url": obj.get_absolute_url(),
        "names": name_list(obj.title, *former),
        "credits": " ".join(words(obj.artist.name)),
        "body": obj.album,
        "songs": [listen_to(obj)],
    }


def _episode(obj, former):
    return {
        "show_id": obj.show_id,
        "episode_key": obj.sort_key,
        "title": f"{obj.code}: {obj.title}",
        "subtitle": obj.air_date.strftime("%-d %B %Y") if obj.air_date else "",
        "url": obj.get_absolute_url(),
        "names": name_list(obj.code, obj.title, *former),
        "body": plain_text(obj.synopsis_html),
        "image": obj.still.name,
        "image_alt": obj.still_alt,
        "image_width": obj.still_width,
        "image_height": obj.still_height,
    }


def _placed_name(obj):
    """The entry of someone known by a name alone (a person, an artist), placed
    where they are first seen or heard (``_first_place``)."""
    return {
        "show_id": obj.first_show,
        "episode_key": obj.first_key,
        "title": obj.name,
        "url": obj.get_absolute_url(),
        "names": name_list(obj.name),
    }


def _person(obj, former):
    return _placed_name(obj) | {
        "body": plain_text(obj.bio_html),
        "image": obj.photo.name,
        "image_alt": obj.photo_alt,
        "image_width": obj.photo_width,
        "image_height": obj.photo_height,
    }


def _artist(obj, former):
    return _placed_name(obj)


def _first_places(uses, owner):
    """A ``Source.place`` setting ``first_show`` and ``first_key`` on a batch: the show and
    episode sort_key of the first of ``uses`` (cues or appearances) whose ``owner`` (a lookup
    from a use to the batch's rows) is each row, where the spoiler shield lets the row show.
    A song, artist or person in several shows gets one of them: the entry then shows to a
    reader who may see it there, never to one who may see it nowhere. One query a batch (a
    subquery a row read a hundred thousand people's roles in 43 s at 1,000,000 scenes)."""

    def place(objects):
        first = (
            uses.filter(**{f"{owner}__in": [obj.pk for obj in objects]})
            .annotate(
                owner=F(owner),
                nth=Window(
                    RowNumber(), partition_by=F(owner), order_by=[F("scene__episode__sort_key"), F("pk")]
                ),
            )
            .filter(nth=1)
            .order_by()
            .values_list("owner", "scene__episode__show_id", "scene__episode__sort_key")
        )
        places = {pk: (show, key) for pk, show, key in first}
        for obj in objects:
            obj.first_show, obj.first_key = places.get(obj.pk, (None, None))

    return place


def _first_seen(characters):
    """``Source.place`` of characters: their ``first_seen`` (``CharacterQuerySet.first_seen_of``)."""
    first = Character.objects.first_seen_of([obj.pk for obj in characters])
    for character in characters:
        character.first_seen = first.get(character.pk)


def _show_entries(show):
    """A show's slug is in the URL of everything in it."""
    return list(SearchEntry.objects.filter(show=show).values_list("kind", "object_id"))


def _previous(field):
    """A pre_save receiver keeping a row's stored ``field`` as ``_previous``:
    a role or song moved to another person or artist moves where both are first seen."""

    def remember(sender, instance, raw=False, **kwargs):
        if instance.pk is not None and not raw:
            rows = sender._default_manager.filter(pk=instance.pk).values_list(field, flat=True)
            instance._previous = rows.first()

    return remember


def _with_owner(kind, owner, field):
    """Dependents: the row's own entry and its owner's (who plays it, who
    sang it), the owner before the save included."""
    return lambda obj: [
        (kind, obj.pk),
        (owner, getattr(obj, field)),
        (owner, getattr(obj, "_previous", None)),
    ]


pre_save.connect(_previous("played_by_id"), sender=Character, dispatch_uid="search-previous-role", weak=False)
pre_save.connect(_previous("artist_id"), sender=Song, dispatch_uid="search-previous-artist", weak=False)

register(
    Source(
        "character",
        Character,
        lambda: Character.objects.select_related("show", "played_by"),
        _character,
        former_names=True,
        place=_first_seen,
    ),
    dependents=_with_owner("character", "person", "played_by_id"),
)
register(
    Source(
        "song",
        Song,
        lambda: Song.objects.select_related("artist"),
        _song,
        former_names=True,
        place=_first_places(Cue.objects.all(), "song"),
    ),
    dependents=_with_owner("song", "artist", "artist_id"),
)
register(Source("episode", Episode, lambda: Episode.objects.with_show(), _episode, former_names=True))
register(
    Source(
        "person",
        Person,
        lambda: Person.objects.all(),
        _person,
        place=_first_places(Appearance.objects.all(), "character__played_by"),
    ),
    dependents=lambda obj: [
        ("person", obj.pk),
        *(("character", pk) for pk in obj.roles.values_list("pk", flat=True)),
    ],
)
register(
    Source(
        "artist",
        Artist,
        lambda: Artist.objects.all(),
        _artist,
        place=_first_places(Cue.objects.all(), "song__artist"),
    ),
    dependents=lambda obj: [
        ("artist", obj.pk),
        *(("song", pk) for pk in obj.songs.values_list("pk", flat=True)),
    ],
)


def _seen_in(scenes):
    """Who and what a set of scenes shows, with who plays and who sang it: a
    moved scene or a renumbered episode moves where they are first seen (the
    spoiler shield's ``episode_key``)."""
    roles = Appearance.objects.filter(scene__in=scenes).values_list("character_id", "character__played_by_id")
    songs = Cue.objects.filter(scene__in=scenes).values_list("song_id", "song__artist_id")
    return [
        *(
            entry
            for character, person in set(roles)
            for entry in (("character", character), ("person", person))
        ),
        *(entry for song, artist in set(songs) for entry in (("song", song), ("artist", artist))),
    ]


def _played_by(character_id):
    rows = Character.objects.filter(pk=character_id).values_list("played_by_id", flat=True)
    return [("person", pk) for pk in rows]


def _sung_by(song_id):
    return [("artist", pk) for pk in Song.objects.filter(pk=song_id).values_list("artist_id", flat=True)]


def _scenes_of(**lookup):
    """The scene entries that name a character, song or artist (or belong to an episode)."""
    if "episode" in lookup:
        return [("scene", pk) for pk in Scene.objects.filter(**lookup).values_list("pk", flat=True)]
    model = Appearance if "character" in lookup else Cue
    return [("scene", pk) for pk in set(model.objects.filter(**lookup).values_list("scene_id", flat=True))]


watch(Appearance, lambda obj: [("character", obj.character_id), *_played_by(obj.character_id)])
watch(Appearance, lambda obj: [("scene", obj.scene_id)])
watch(Cue, lambda obj: [("song", obj.song_id), *_sung_by(obj.song_id)])
watch(Cue, lambda obj: [("scene", obj.scene_id)])
watch(Scene, lambda obj: _seen_in([obj.pk]))
watch(Episode, lambda obj: _seen_in(Scene.objects.filter(episode=obj).values("pk")))
watch(Episode, lambda obj: _scenes_of(episode=obj))
watch(Character, lambda obj: _scenes_of(character=obj))
watch(Song, lambda obj: _scenes_of(song=obj))
watch(Artist, lambda obj: _scenes_of(song__artist=obj))
watch(Show, _show_entries)


def _renamed(former):
    """A rename saves the former name after the object: its entry learns it then."""
    model = former.target_type.model_class()
    return [(source.kind, former.target_id) for source in SOURCES.values() if source.model is model]


watch(FormerName, _renamed)


import wiki.search.scenes  # noqa: E402, F401 - registers the scenes' source, which uses the above
