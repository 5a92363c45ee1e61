"""A synthetic catalogue of realistic shape, for benchmarks and load tests.

Deterministic for a given seed. Rows go in with explicit ids through
``executemany`` on SQLite and ``COPY`` on PostgreSQL (psycopg's ``cursor.copy``),
far faster than model instances at a million scenes, so fields that ``save()``
derives (episode ``show``/``sort_key``, ``*_html``) are computed here. On
PostgreSQL the load skips waiting for the WAL flush (``synchronous_commit``,
this transaction only), the tables' foreign keys, unique constraints and
secondary indexes are dropped for the load and made again after it, as the
manual advises ("Populating a Database"): one pass each, not a check and an
index update per row; sequences are reset afterwards. Both databases are
analysed afterwards, so the planner knows the tables' new sizes.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils.html import escape

from wiki.bulk import checks_after_the_load, insert_rows
from wiki.episode_keys import episode_key
from wiki.models import (
    Appearance,
    Artist,
    Character,
    Cue,
    Episode,
    Person,
    Scene,
    Season,
    Show,
    Song,
)

FIRST = ("Ada Ben Cleo Dev Eli Faye Gus Hana Ivo Jade Kai Lena Milo Nina Omar Pia Quin Rosa Sami "
         "Tess Umar Vera Wes Xena Yara Zane Nellie Joanna Sam Levi Marta Theo Iris Luca Maya").split()  # fmt: skip
LAST = ("Adler Brooks Castillo Dunn Ellis Fischer Grant Hale Ibarra Jensen Kaur Lowe Moreno Novak "
        "Okafor Price Quinn Reyes Sato Torres Ueda Vance Walsh Young Zhou").split()  # fmt: skip
WORDS = ("heat mercy midnight river neon gold summer ghost paper heart fire rain city wild blue "
         "echo dream velvet storm sugar glass silver runaway electric honey thunder lonely").split()  # fmt: skip
KINDS = [kind for kind, _ in Cue.Kind.choices]


@dataclass
class Plan:
    shows: int = 200
    scenes: int = 1_000_000
    scenes_per_episode: int = 25
    episodes_per_season: int = 20
    characters: int = 100_000
    songs: int = 20_000
    seed: int = 1
    slug_prefix: str = "gen"

    @property
    def episodes(self):
        return max(self.shows, -(-self.scenes // self.scenes_per_episode))


class Writer:
    """Buffers rows per table and writes them with explicit, fresh ids."""

    def __init__(self, progress, batch=20_000):
        self.progress, self.batch = progress, batch
        self.counts = {}
        self._buffers = {}
        self._next_id = {}

    def next_id(self, model):
        if model not in self._next_id:
            last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
            self._next_id[model] = (last or 0) + 1
        value = self._next_id[model]
        self._next_id[model] += 1
        return value

    def add(self, model_or_table, columns, row):
        key = (model_or_table, columns)
        buffer = self._buffers.setdefault(key, [])
        buffer.append(row)
        if len(buffer) >= self.batch:
            self._flush(key)

    def flush(self):
        for key in list(self._buffers):
            self._flush(key)

    def _flush(self, key):
        rows = self._buffers.pop(key, [])
        if not rows:
            return
        target, columns = key
        table = target if isinstance(target, str) else target._meta.db_table
        insert_rows(table, columns, rows)
        self.counts[table] = self.counts.get(table, 0) + len(rows)
        self.progress(table, self.counts[table])


MODELS = [Show, Season, Episode, Person, Character, Scene, Appearance, Artist, Song, Cue]


def generate(plan: Plan, progress=lambda table, n: None):
    """Insert the catalogue described by ``plan``; return row counts per table."""
    rng = random.Random(plan.seed)
    writer = Writer(progress)
    with transaction.atomic():
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("PRAGMA defer_foreign_keys = ON")
            else:
                cursor.execute("SET LOCAL synchronous_commit = off")
        tables = [m._meta.db_table for m in MODELS] + [Cue.performers.through._meta.db_table]
        with checks_after_the_load(tables):
            _generate(plan, rng, writer)
            writer.flush()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for sql in connection.ops.sequence_reset_sql(no_style(), MODELS):
                cursor.execute(sql)
        cursor.execute("ANALYZE")
    return writer.counts


def _name(rng):
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _generate(plan, rng, w):
    p = plan.slug_prefix
    now = "2020-01-01 00:00:00+00:00"
    # Artists and songs, shared across shows.
    artist_ids = []
    for n in range(max(1, plan.songs // 4)):
        pk = w.next_id(Artist)
        artist_ids.append(pk)
        w.add(
            Artist, ("id", "name", "slug", "website"), (pk, f"{_name(rng)} Band {n}", f"{p}-artist-{n}", "")
        )
    song_ids = []
    for n in range(plan.songs):
        pk = w.next_id(Song)
        song_ids.append(pk)
        title = " ".join(rng.sample(WORDS, 2)).title()
        w.add(
            Song,
            ("id", "title", "slug", "artist_id", "album", "year", "spotify_url", "apple_music_url", "youtube_url", "updated_at"),
            (pk, title, f"{p}-song-{n}", rng.choice(artist_ids), f"{title} Sessions", rng.randint(1960, 2024), "", "", "", now),
        )  # fmt: skip

    per_show_chars = max(2, plan.characters // plan.shows)
    per_show_episodes = max(1, plan.episodes // plan.shows)
    scene_budget = plan.scenes
    for s in range(plan.shows):
        show_id = w.next_id(Show)
        title = f"{rng.choice(WORDS).title()} {rng.choice(WORDS).title()} {s}"
        w.add(
            Show,
            ("id", "title", "slug", "network", "first_year", "last_year", "description", "description_html", "poster", "poster_alt", "embargo_days", "updated_at"),
            (show_id, title, f"{p}-show-{s}", "Synthetic", 2010, 2020, f"A generated show, {title}.", f"<p>A generated show, {escape(title)}.</p>", "", "", 7, now),
        )  # fmt: skip
        characters = []
        for c in range(per_show_chars):
            pk = w.next_id(Character)
            person = w.next_id(Person)
            name = _name(rng)
            w.add(
                Person,
                ("id", "name", "slug", "bio", "bio_html", "photo", "photo_alt"),
                (person, f"{name} Actor", f"{p}-person-{s}-{c}", "", "", "", ""),
            )
            bio = f"{name} is a character in {title}."
            w.add(
                Character,
                ("id", "show_id", "name", "slug", "aliases", "role", "played_by_id", "bio", "bio_html", "portrait", "portrait_alt", "updated_at"),
                (pk, show_id, name, f"{p}-character-{c}", name.split()[0], 1 if c < 6 else 3, person, bio, f"<p>{escape(bio)}</p>", "", "", now),
            )  # fmt: skip
            characters.append(pk)
        episodes_here = per_show_episodes if s < plan.shows - 1 else plan.episodes - per_show_episodes * s
        _generate_episodes(plan, rng, w, show_id, characters, song_ids, episodes_here, scene_budget)
        scene_budget -= min(scene_budget, episodes_here * plan.scenes_per_episode)


def _generate_episodes(plan, rng, w, show_id, characters, song_ids, count, scene_budget):
    main, rest = characters[:6], characters[6:] or characters
    aired = date(2010, 1, 1)
    season_id = None
    for e in range(count):
        season_number, number = divmod(e, plan.episodes_per_season)
        season_number, number = season_number + 1, number + 1
        if number == 1:
            season_id = w.next_id(Season)
            w.add(
                Season,
                ("id", "show_id", "number", "title", "description"),
                (season_id, show_id, season_number, "", ""),
            )
        episode_id = w.next_id(Episode)
        aired += timedelta(days=7)
        w.add(
            Episode,
            ("id", "season_id", "show_id", "number", "sort_key", "title", "air_date", "runtime_minutes", "synopsis", "synopsis_html", "still", "still_alt", "updated_at"),
            (episode_id, season_id, show_id, number, episode_key(season_number, number), f"Track {number}: {rng.choice(WORDS).title()}", aired.isoformat(), 45, "", "", "", "", "2020-01-01 00:00:00+00:00"),
        )  # fmt: skip
        for position in range(1, min(plan.scenes_per_episode, scene_budget) + 1):
            scene_budget -= 1
            scene_id = w.next_id(Scene)
            w.add(
                Scene,
                ("id", "episode_id", "position", "title", "description", "starts_at"),
                (scene_id, episode_id, position, f"Scene {position}", "", None),
            )
            cast = {rng.choice(main)}
            cast.update(rng.choice(rest) for _ in range(rng.randint(0, 2)))
            for character in cast:
                w.add(
                    Appearance,
                    ("id", "scene_id", "character_id", "note"),
                    (w.next_id(Appearance), scene_id, character, ""),
                )
            if rng.random() < 0.4:
                cue_id = w.next_id(Cue)
                kind = rng.choice(KINDS)
                w.add(
                    Cue,
                    ("id", "scene_id", "song_id", "position", "kind", "starts_at", "note"),
                    (cue_id, scene_id, rng.choice(song_ids), 1, kind, None, ""),
                )
                if kind == Cue.Kind.PERFORMED:
                    w.add(
                        Cue.performers.through._meta.db_table,
                        ("cue_id", "character_id"),
                        (cue_id, next(iter(cast))),
                    )
