"""What the episode page reads: the site's hot path, in SQL written out.

The night an episode drops, its page is what nearly every reader opens, so
its reads are written for speed (docs/performance.md) where the other pages'
read rules stay on the querysets (``wiki.querysets``):

- each query is written as SQL and read from a cursor, its rows made into
  instances by ``Model.from_db`` (``wiki.pages.sql.split``; ``raw()`` would
  map the columns anew on every query, ~0.1 ms): compiling the equivalent queryset costs 0.1–0.4 ms,
  several times what the database takes to run it. Each has its queryset
  twin in tests/wiki/test_episode_page.py, which checks that they agree;
  change both together;
- rows come as plain lists on the objects (``scene_list``, ``character_list``,
  ``cue_list``, ``performer_list``) rather than through prefetched related
  managers, which build a queryset per row and per read;
- the rows a query joins (the episode's show and season, a cue's song and
  artist, who plays a character) come as more columns of the same row, made
  into model instances with only the fields the page shows (``split``), as
  ``select_related`` with ``only()`` made them;
- who is in which scene and who sings which cue come as id pairs, and each
  character of the episode is loaded once, with the episode's show as its
  show, so that links need no more rows;
- no query orders by a model's default ordering, which joins the show.

Eight queries here, whatever the episode holds: the episode, its neighbours,
then (for readers who may see them) its scenes, the two kinds of pairs, its
cues, its characters and the texts that mention it; the recaps app adds its
cards (``RecapQuerySet.cards_of``). The spoiler shield's rule for the
neighbours is ``Progress.hides``, the same as the page's own.

The SQL is portable between SQLite and PostgreSQL: identifiers in double
quotes, table names from ``Model._meta.db_table``, values as ``%s``
parameters. Each query reads from the database the router picks for reads.
"""

from operator import attrgetter

from wiki.models import Appearance, Artist, Character, Cue, Episode, Person, Scene, Season, Show, Song
from wiki.models.links import WikiLink
from wiki.pages.sql import columns, cursor_rows, loaded, split, value_rows

TABLES = {
    model.__name__.lower(): model._meta.db_table
    for model in (Appearance, Artist, Character, Cue, Episode, Person, Scene, Season, Show, Song, WikiLink)
} | {"performer": Cue.performers.through._meta.db_table}

# What the page shows of the episode, its show and its season (and the season's show, for its link).
EPISODE_FIELDS = loaded(
    Episode,
    (
        *("id", "show_id", "season_id", "number", "sort_key", "title", "air_date", "runtime_minutes"),
        *("synopsis_html", "still", "still_alt", "still_width", "still_height"),
    ),
)
SHOW_FIELDS = loaded(Show, ("id", "title", "slug", "accent_color", "embargo_days"))
SEASON_FIELDS = loaded(Season, ("id", "show_id", "number", "title"))
SEASON_SHOW_FIELDS = loaded(Show, ("id", "slug", "title"))
LABEL_FIELDS = loaded(Episode, ("id", "show_id", "season_id", "number", "sort_key", "title"))
SCENE_FIELDS = loaded(Scene, ("id", "episode_id", "position", "title", "description", "starts_at"))
CUE_FIELDS = loaded(
    Cue,
    (
        "id",
        "scene_id",
        "song_id",
        "position",
        "kind",
        "starts_at",
        "note",
        "confirmed_count",
        "disputed_count",
    ),
)
# What the page (and the API's episode) shows of a cue's song and its artist.
SONG_FIELDS = loaded(
    Song,
    (
        *("id", "title", "slug", "artist_id", "album", "year"),
        *("spotify_url", "apple_music_url", "youtube_url"),
    ),
)
ARTIST_FIELDS = loaded(Artist, ("id", "name", "slug", "website"))
# What the page (and the API's episode) shows of a character and who plays them.
CHARACTER_FIELDS = loaded(Character, ("id", "show_id", "name", "slug", "played_by_id"))
PERSON_FIELDS = loaded(Person, ("id", "name", "slug"))


EPISODE_SQL = f"""
    SELECT {columns("e", EPISODE_FIELDS)},
        {columns("sh", SHOW_FIELDS, "show__")},
        {columns("se", SEASON_FIELDS, "season__")},
        {columns("ss", SEASON_SHOW_FIELDS, "season__show__")}
    FROM "{TABLES["episode"]}" e
    JOIN "{TABLES["show"]}" sh ON sh."id" = e."show_id"
    JOIN "{TABLES["season"]}" se ON se."id" = e."season_id"
    JOIN "{TABLES["show"]}" ss ON ss."id" = se."show_id"
    WHERE sh."slug" = %s AND se."number" = %s AND e."number" = %s
"""

# The episodes just before and after a sort key in one show.
NEIGHBOURS_SQL = f"""
    SELECT {columns("e", LABEL_FIELDS)}
    FROM "{TABLES["episode"]}" e
    WHERE e."show_id" = %s AND (
        e."sort_key" = (
            SELECT b."sort_key" FROM "{TABLES["episode"]}" b
            WHERE b."show_id" = %s AND b."sort_key" < %s ORDER BY b."sort_key" DESC LIMIT 1
        )
        OR e."sort_key" = (
            SELECT a."sort_key" FROM "{TABLES["episode"]}" a
            WHERE a."show_id" = %s AND a."sort_key" > %s ORDER BY a."sort_key" LIMIT 1
        )
    )
    ORDER BY e."sort_key"
"""

SCENES_SQL = f"""
    SELECT {columns("s", SCENE_FIELDS)}
    FROM "{TABLES["scene"]}" s
    WHERE s."episode_id" = %s
    ORDER BY s."position"
"""

# (scene id, character id): who is in which scene of an episode.
CAST_SQL = f"""
    SELECT a."scene_id", a."character_id"
    FROM "{TABLES["appearance"]}" a
    JOIN "{TABLES["scene"]}" s ON s."id" = a."scene_id"
    WHERE s."episode_id" = %s
"""

# (cue id, character id): who sings which cue of an episode.
SINGERS_SQL = f"""
    SELECT p."cue_id", p."character_id"
    FROM "{TABLES["performer"]}" p
    JOIN "{TABLES["cue"]}" c ON c."id" = p."cue_id"
    JOIN "{TABLES["scene"]}" s ON s."id" = c."scene_id"
    WHERE s."episode_id" = %s
"""

CUES_SQL = f"""
    SELECT {columns("c", CUE_FIELDS)},
        {columns("so", SONG_FIELDS, "song__")},
        {columns("ar", ARTIST_FIELDS, "song__artist__")}
    FROM "{TABLES["cue"]}" c
    JOIN "{TABLES["scene"]}" s ON s."id" = c."scene_id"
    JOIN "{TABLES["song"]}" so ON so."id" = c."song_id"
    JOIN "{TABLES["artist"]}" ar ON ar."id" = so."artist_id"
    WHERE s."episode_id" = %s
    ORDER BY c."position", c."id"
"""

# The show's characters who are in a scene of the episode or sing one of its cues.
CHARACTERS_SQL = f"""
    SELECT {columns("ch", CHARACTER_FIELDS)}, {columns("pe", PERSON_FIELDS, "played_by__")}
    FROM "{TABLES["character"]}" ch
    LEFT JOIN "{TABLES["person"]}" pe ON pe."id" = ch."played_by_id"
    WHERE ch."show_id" = %s AND (
        ch."id" IN (
            SELECT a."character_id" FROM "{TABLES["appearance"]}" a
            JOIN "{TABLES["scene"]}" s ON s."id" = a."scene_id"
            WHERE s."episode_id" = %s
        )
        OR ch."id" IN (
            SELECT p."character_id" FROM "{TABLES["performer"]}" p
            JOIN "{TABLES["cue"]}" c ON c."id" = p."cue_id"
            JOIN "{TABLES["scene"]}" s ON s."id" = c."scene_id"
            WHERE s."episode_id" = %s
        )
    )
"""

# ``WikiLink.objects.mentions_of(episode)`` for readers without a shield.
MENTIONS_SQL = f"""
    SELECT DISTINCT w."source_title", w."source_url"
    FROM "{TABLES["wikilink"]}" w
    WHERE w."episode_id" = %s AND w."source_is_public"
    ORDER BY w."source_title"
"""


def episode(show, season, number):
    """The episode at ``/shows/<show>/season-<season>/episode-<number>/``, with
    its show and season (and the season's show), or None."""
    db, rows = cursor_rows(Episode, EPISODE_SQL, [show, season, number])
    for row in rows:
        found, found.show, found.season, season_show = split(
            db,
            row,
            (Episode, EPISODE_FIELDS),
            (Show, SHOW_FIELDS),
            (Season, SEASON_FIELDS),
            (Show, SEASON_SHOW_FIELDS),
        )
        found.season.show = season_show
        return found
    return None


def neighbours(episode, progress):
    """The previous and next episode of the same show (or None), with what
    their links and labels need; ``spoiler`` when past the reader's limit."""
    previous = following = None
    show, key = episode.show_id, episode.sort_key
    db, rows = cursor_rows(Episode, NEIGHBOURS_SQL, [show, show, key, show, key])
    for (neighbour,) in (split(db, row, (Episode, LABEL_FIELDS)) for row in rows):
        neighbour.show = episode.show
        neighbour.spoiler = progress.hides(neighbour.show_id, neighbour.sort_key)
        if neighbour.sort_key < episode.sort_key:
            previous = neighbour
        else:
            following = neighbour
    return previous, following


def mentions(episode, progress):
    """The texts readers may see that link to the episode
    (``WikiLink.objects.mentions_of``), in SQL for readers without a shield."""
    if progress:
        return WikiLink.objects.mentions_of(episode, progress)
    rows = value_rows(WikiLink, MENTIONS_SQL, [episode.pk])
    return [{"source_title": title, "source_url": url} for title, url in rows]


def scenes(episode):
    """``episode``'s scenes in order, each with ``character_list`` and
    ``cue_list`` (in order, with song, artist and ``performer_list``;
    characters by name, then id)."""
    db, rows = cursor_rows(Scene, SCENES_SQL, [episode.pk])
    scenes = {}
    for row in rows:
        (scene,) = split(db, row, (Scene, SCENE_FIELDS))
        scene.episode, scene.character_list, scene.cue_list = episode, [], []
        scenes[scene.pk] = scene
    characters = {}
    db, rows = cursor_rows(Character, CHARACTERS_SQL, [episode.show_id, episode.pk, episode.pk])
    for row in rows:
        character, person = split(db, row, (Character, CHARACTER_FIELDS), (Person, PERSON_FIELDS))
        character.show = episode.show
        if person is not None:
            character.played_by = person
        characters[character.pk] = character
    cues = {}
    db, rows = cursor_rows(Cue, CUES_SQL, [episode.pk])
    for row in rows:
        cue, cue.song, artist = split(
            db, row, (Cue, CUE_FIELDS), (Song, SONG_FIELDS), (Artist, ARTIST_FIELDS)
        )
        cue.song.artist = artist
        cue.scene, cue.performer_list = scenes[cue.scene_id], []
        cue.scene.cue_list.append(cue)
        cues[cue.pk] = cue
    for scene, character in value_rows(Appearance, CAST_SQL, [episode.pk]):
        if character in characters:
            scenes[scene].character_list.append(characters[character])
    for cue, character in value_rows(Cue, SINGERS_SQL, [episode.pk]):
        if character in characters:
            cues[cue].performer_list.append(characters[character])
    by_name = attrgetter("name", "pk")
    for scene in scenes.values():
        scene.character_list.sort(key=by_name)
    for cue in cues.values():
        cue.performer_list.sort(key=by_name)
    return list(scenes.values())
