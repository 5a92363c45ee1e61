"""The search index: one row per searchable thing, written by ``wiki.search.index``.

SearchEntry >─ Show (null for songs never used, people and artists)
SearchName >─ SearchEntry: each of an entry's names on a row of its own, in a
B-tree (kind, name): the exact and starting names of a query in O(log n).
SearchTerm: every word of the index, the vocabulary misspellings are corrected against.

The full-text part lives in the database and follows these rows by itself
(migration 0008): on SQLite an FTS5 table kept in step by triggers, on
PostgreSQL a generated ``tsvector`` column with a GIN index, and trigram
indexes for misspellings. ``wiki.search.queries`` queries them.
"""

from django.db import models

from wiki.querysets import SearchEntryQuerySet


class FullTextField(models.TextField):
    """The FTS5 table's hidden column named after the table: ``__match`` queries it."""


@FullTextField.register_lookup
class Match(models.Lookup):
    lookup_name = "match"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} MATCH {rhs}", [*lhs_params, *rhs_params]


class SearchEntry(models.Model):
    """What search shows of a character, song, episode, scene, recap, person or artist,
    denormalised so a results page is one query. ``names`` and ``credits`` (who plays or sings it) are
    normalised (accents off, case folded), names between ``|``; ``episode_key``
    is the ``sort_key`` of the episode from which the row may be shown (the
    spoiler shield compares against it)."""

    class Kind(models.TextChoices):  # in the order results are grouped
        CHARACTER = "character", "Characters"
        SONG = "song", "Songs"
        EPISODE = "episode", "Episodes"
        SCENE = "scene", "Scenes"
        RECAP = "recap", "Recaps"
        PERSON = "person", "People"
        ARTIST = "artist", "Artists"

    kind = models.CharField(max_length=12, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    show = models.ForeignKey("wiki.Show", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    episode_key = models.PositiveIntegerField(null=True, blank=True)
    title = models.CharField(max_length=300)
    SUBTITLE_CHARS = 300  # a scene's songs are cut to it (wiki.search.index)
    subtitle = models.CharField(max_length=SUBTITLE_CHARS, blank=True)
    url = models.CharField(max_length=500)
    names = models.TextField(blank=True)
    credits = models.TextField(blank=True)
    body = models.TextField(blank=True)
    image = models.ImageField(max_length=300, blank=True)
    image_alt = models.CharField(max_length=200, blank=True)
    image_width = models.PositiveIntegerField(null=True, blank=True)
    image_height = models.PositiveIntegerField(null=True, blank=True)
    songs = models.JSONField(
        default=list,
        blank=True,
        help_text="What plays: title, artist and where to listen, for the result's links.",
    )

    objects = SearchEntryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "search entries"
        indexes = [models.Index(fields=["show", "kind"], name="searchentry_show_kind_idx")]
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="searchentry_unique_object")
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"

    def get_absolute_url(self):
        return self.url


class SearchName(models.Model):
    """One name (or alias, or former name) of a ``SearchEntry``, normalised as in
    ``names``: search takes an entry named the query, or a name starting with
    it, from this index without ranking every entry that mentions the words.
    Written with the entries (``wiki.search.index``), which delete it first:
    no cascade to collect."""

    MAX_CHARS = 300

    entry = models.ForeignKey(
        SearchEntry, on_delete=models.DO_NOTHING, db_constraint=False, related_name="name_rows"
    )
    kind = models.CharField(max_length=12, choices=SearchEntry.Kind.choices)
    name = models.CharField(max_length=MAX_CHARS)
    alias = models.BooleanField(default=False, help_text="Not the entry's own name: an alias or former name.")

    class Meta:
        # Among entries with the same name, the one it is the title of comes before those it is an alias of.
        indexes = [models.Index(fields=["kind", "name", "alias"], name="searchname_kind_name_idx")]

    def __str__(self):
        return self.name

    COLUMNS = ("entry_id", "kind", "name", "alias")

    @classmethod
    def values_of(cls, entries):
        """The name rows of saved entries, as tuples of ``COLUMNS``."""
        for entry in entries:
            for position, name in enumerate(dict.fromkeys(entry.names.strip("|").split("|"))):
                if name:
                    yield entry.pk, entry.kind, name[: cls.MAX_CHARS], position > 0

    @classmethod
    def rows_of(cls, entries):
        """The name rows of saved entries."""
        return [cls(**dict(zip(cls.COLUMNS, values, strict=True))) for values in cls.values_of(entries)]


class SearchTerm(models.Model):
    """A word that occurs in the index (normalised)."""

    term = models.CharField(max_length=100, unique=True)

    def __str__(self):
        return self.term


class SearchIndex(models.Model):
    """SQLite only: the FTS5 table over ``SearchEntry`` (made by migration 0008,
    kept in step by triggers), joined through ``SearchEntry.fts``. ``rank`` is
    bm25 with names weighing most, then credits, then the text."""

    entry = models.OneToOneField(
        SearchEntry, primary_key=True, db_column="rowid", on_delete=models.DO_NOTHING, related_name="fts"
    )
    document = FullTextField(db_column="wiki_search_fts")
    rank = models.FloatField(db_column="rank")

    class Meta:
        managed = False
        db_table = "wiki_search_fts"

    def __str__(self):
        return str(self.entry_id)
