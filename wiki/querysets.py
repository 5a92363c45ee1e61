"""The read rules: how each page loads what it shows, in a fixed number of queries.

Views, feeds and template tags call these methods instead of filtering
by hand, so a page's query count is decided here, once.
"""

from django.apps import apps
from django.db import models
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    Min,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce


def _model(name):
    return apps.get_model("wiki", name)


class ShieldedQuerySet(models.QuerySet):
    """``visible_to(progress)``: the one spoiler filter, the rows ``Progress.hides``
    does not hide (see ``wiki.spoilers``).

    ``SHOW`` and ``KEY`` are the lookups from the model to the show id and to
    the ``sort_key`` of the episode the row belongs to.
    """

    SHOW, KEY = "show_id", "sort_key"

    def visible_to(self, progress):
        hides = progress.hides_q(self.SHOW, self.KEY) if progress else None
        return self if hides is None else self.exclude(hides)


def visible_q(progress, show, key):
    """A filter for aggregates: only rows up to each shielded show's limit."""
    hides = progress.hides_q(show, key) if progress else None
    return None if hides is None else ~hides


def hides_flag(progress, show="show_id", key="sort_key"):
    """An annotation: True for rows past each shielded show's limit (they stay in lists)."""
    hides = progress.hides_q(show, key) if progress else None
    return Value(False) if hides is None else ExpressionWrapper(hides, output_field=BooleanField())


def _count(queryset, group_by):
    """A correlated ``COUNT(*)`` subquery, 0 when there are no rows."""
    rows = queryset.order_by().values(group_by).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(rows), 0)


class ShowQuerySet(models.QuerySet):
    def with_episode_count(self):
        Episode = _model("Episode")
        return self.annotate(episode_count=_count(Episode.objects.filter(show=OuterRef("pk")), "show"))

    def with_counts(self, progress=None):
        """Also annotate ``song_count``: distinct songs used up to the reader's
        limit (for one show's page)."""
        Cue = _model("Cue")
        songs = (
            Cue.objects.filter(scene__episode__show=OuterRef("pk"))
            .visible_to(progress)
            .order_by()
            .values("scene__episode__show")
            .annotate(n=Count("song", distinct=True))
            .values("n")
        )
        return self.with_episode_count().annotate(song_count=Coalesce(Subquery(songs), 0))

    def with_seasons(self, progress=None):
        """Prefetch seasons and their episodes, ready for links, each episode
        flagged ``spoiler`` when it lies past the reader's limit."""
        Season, Episode = _model("Season"), _model("Episode")
        episodes = Episode.objects.with_show().with_hides_flag(progress).order_by("number")
        return self.prefetch_related(
            Prefetch(
                "seasons",
                queryset=Season.objects.select_related("show").prefetch_related(
                    Prefetch("episodes", queryset=episodes)
                ),
            )
        )


class SeasonQuerySet(ShieldedQuerySet):
    KEY = "first_key"

    def with_first_key(self):
        """Annotate ``first_key``: the sort_key of the season's first episode."""
        Episode = _model("Episode")
        first = Episode.objects.filter(season=OuterRef("pk")).order_by("sort_key").values("sort_key")[:1]
        return self.annotate(first_key=Subquery(first))

    def visible_to(self, progress):
        """Leave out seasons whose first episode lies past the reader's limit
        (and, for a shielded reader, a season with no episodes yet: its
        ``first_key`` is NULL, which the shield's ``exclude`` drops)."""
        return super(SeasonQuerySet, self.with_first_key() if progress else self).visible_to(progress)


class EpisodeQuerySet(ShieldedQuerySet):
    def with_show(self):
        """Select what ``get_absolute_url`` and breadcrumbs need."""
        return self.select_related("show", "season")

    def with_counts(self):
        return self.annotate(
            scene_count=Count("scenes", distinct=True),
            cue_count=Count("scenes__cues", distinct=True),
        )

    def with_hides_flag(self, progress):
        """Annotate ``spoiler``: the episode lies past the reader's limit (its
        row stays, so lists can show its number and air date)."""
        return self.annotate(spoiler=hides_flag(progress))

    def recently_aired(self, limit=10):
        return (
            self.with_show().filter(air_date__isnull=False).order_by("-air_date", "-sort_key", "-pk")[:limit]
        )


class SceneQuerySet(ShieldedQuerySet):
    SHOW, KEY = "episode__show_id", "episode__sort_key"

    def for_character(self, character):
        """The scenes a character is in, in show order, with episode links."""
        return (
            self.filter(appearances__character=character)
            .select_related("episode__show", "episode__season")
            .order_by("episode__sort_key", "position")
        )

    def for_editor(self):
        """Scenes as the admin's one-screen episode editor shows them: characters, and cues
        with their songs and performers, in a fixed number of queries."""
        cues = _model("Cue").objects.select_related("song__artist").prefetch_related("performers")
        return self.select_related("episode").prefetch_related("characters", Prefetch("cues", queryset=cues))


class CharacterQuerySet(ShieldedQuerySet):
    SHOW, KEY = "show_id", "first_seen"
    APPEARANCE_SHOW, APPEARANCE_KEY = (
        "appearances__scene__episode__show_id",
        "appearances__scene__episode__sort_key",
    )

    def with_show(self):
        return self.select_related("show", "played_by")

    def with_first_seen(self):
        """Annotate ``first_seen``: the sort_key of the character's first episode."""
        Appearance = _model("Appearance")
        first = (
            Appearance.objects.filter(character=OuterRef("pk"))
            .order_by("scene__episode__sort_key")
            .values("scene__episode__sort_key")[:1]
        )
        return self.annotate(first_seen=Subquery(first))

    def first_seen_of(self, pks):
        """``first_seen`` of the characters ``pks``, as ``with_first_seen`` annotates it, in one
        grouped query (for a batch: the annotation is a subquery a row)."""
        Appearance = _model("Appearance")
        rows = Appearance.objects.filter(character__in=pks).order_by().values("character")
        return dict(rows.annotate(first=Min("scene__episode__sort_key")).values_list("character", "first"))

    def visible_to(self, progress):
        """Leave out characters first seen after the reader's limit."""
        return super(CharacterQuerySet, self.with_first_seen() if progress else self).visible_to(progress)

    def sharing_scenes_with(self, character, progress=None, limit=5):
        """The characters most often in the same scenes as ``character`` (up to
        the reader's limit), with ``shared``: how many scenes. One query."""
        Scene = _model("Scene")
        scenes = Scene.objects.filter(appearances__character=character).visible_to(progress).values("pk")
        return (
            self.filter(appearances__scene__in=scenes)
            .exclude(pk=character.pk)
            .select_related("show")
            .annotate(shared=Count("appearances"))
            .order_by("-shared", "name")[:limit]
        )

    def cast_of(self, show, progress=None):
        """A show's characters, main cast first, then by scenes up to the limit."""
        seen = visible_q(progress, self.APPEARANCE_SHOW, self.APPEARANCE_KEY)
        return (
            self.with_show()
            .filter(show=show)
            .visible_to(progress)
            .annotate(scene_count=Count("appearances", filter=seen))
            .order_by("role", "-scene_count", "name")
        )

    def roles_of(self, person, progress=None):
        seen = visible_q(progress, self.APPEARANCE_SHOW, self.APPEARANCE_KEY)
        return (
            self.with_show()
            .filter(played_by=person)
            .visible_to(progress)
            .annotate(
                scene_count=Count("appearances", distinct=True, filter=seen),
                episode_count=Count("appearances__scene__episode", distinct=True, filter=seen),
            )
            .order_by("show__title", "name")
        )


def _heard_or_unused(progress, cues):
    """A filter: ``cues`` (correlated to the outer row) are none, or one of
    them is up to the reader's limit. A song, an artist or a person is first
    heard or seen with the first of its cues or roles that the reader may see;
    one never used anywhere lies past no one's limit."""
    return ~Exists(cues) | Exists(cues.visible_to(progress))


class SongQuerySet(models.QuerySet):
    def visible_to(self, progress):
        """Leave out songs whose every use lies past the reader's limit."""
        if not progress:
            return self
        return self.filter(_heard_or_unused(progress, _model("Cue").objects.filter(song=OuterRef("pk"))))

    def with_uses(self, uses):
        """The songs of ``uses`` rows (from ``Cue.objects.song_uses_in_show``),
        in the same order, each with its ``use_count``: one query."""
        songs = self.select_related("artist").in_bulk([use["song_id"] for use in uses])
        for use in uses:
            songs[use["song_id"]].use_count = use["use_count"]
        return [songs[use["song_id"]] for use in uses]

    def index_page(self, page, progress=None):
        """One page of the A–Z song index (a ``Paginator`` page of songs by
        title), each with ``use_count``: its uses up to the reader's limit, in
        one query however many cues the catalogue holds."""
        Cue = _model("Cue")
        songs = list(page.object_list)
        counts = dict(
            Cue.objects.visible_to(progress)
            .filter(song__in=songs)
            .order_by()
            .values("song_id")
            .annotate(n=Count("pk"))
            .values_list("song_id", "n")
        )
        for song in songs:
            song.use_count = counts.get(song.pk, 0)
        page.object_list = songs
        return page

    def by_artist(self, artist, progress=None):
        """An artist's songs with their visible uses; songs whose every use
        lies past the reader's limit are left out."""
        seen = visible_q(progress, "cues__scene__episode__show_id", "cues__scene__episode__sort_key")
        songs = self.filter(artist=artist).annotate(use_count=Count("cues", filter=seen))
        if seen is not None:
            songs = songs.annotate(all_uses=Count("cues")).filter(Q(use_count__gt=0) | Q(all_uses=0))
        return songs.order_by("title")


class ArtistQuerySet(models.QuerySet):
    def visible_to(self, progress):
        """Leave out artists whose every song is heard only past the reader's limit."""
        if not progress:
            return self
        cues = _model("Cue").objects.filter(song__artist=OuterRef("pk"))
        return self.filter(_heard_or_unused(progress, cues))


class PersonQuerySet(models.QuerySet):
    def visible_to(self, progress):
        """Leave out people whose every role is first seen past the reader's limit."""
        if not progress:
            return self
        roles = _model("Character").objects.filter(played_by=OuterRef("pk"))
        return self.filter(_heard_or_unused(progress, roles))


class CueQuerySet(ShieldedQuerySet):
    SHOW, KEY = "scene__episode__show_id", "scene__episode__sort_key"

    def _with_places(self):
        Character = _model("Character")
        return self.select_related(
            "song__artist", "scene__episode__show", "scene__episode__season"
        ).prefetch_related(
            Prefetch(
                "performers", queryset=Character.objects.select_related("show"), to_attr="performer_list"
            )
        )

    def for_song(self, song):
        """Every use of a song, in show and episode order, with performers."""
        return (
            self._with_places()
            .filter(song=song)
            .order_by(
                "scene__episode__show__title",
                "scene__episode__sort_key",
                "scene__position",
                "position",
            )
        )

    def song_uses_in_show(self, show):
        """One row per song used in a show, in order of first use, with its
        use count. Walks the show's episodes, not every song in the catalogue."""
        return (
            self.filter(scene__episode__show=show)
            .values("song_id")
            .annotate(use_count=Count("id"), first_use=Min("scene__episode__sort_key"))
            .order_by("first_use", "song_id")
        )

    def in_playlist_order(self):
        """Cues with their songs, artists and places, in show order (playlists)."""
        return self.select_related("song__artist", "scene__episode__show").order_by(
            "scene__episode__sort_key", "scene__position", "position", "id"
        )

    def around(self, character):
        """The cues of scenes a character is in, and those they perform (their playlist)."""
        Appearance = _model("Appearance")
        scenes = Appearance.objects.filter(character=character).values("scene_id")
        performed = self.model.performers.through.objects.filter(character=character).values("cue_id")
        return self.filter(Q(scene__in=scenes) | Q(pk__in=performed))

    def performed_by(self, character):
        """Every song a character performs, in episode order."""
        return (
            self._with_places()
            .filter(performers=character)
            .order_by("scene__episode__sort_key", "scene__position", "position")
        )


class SearchEntryQuerySet(ShieldedQuerySet):
    """Search index rows; ``visible_to`` leaves out what lies past the reader's
    limit (``episode_key`` is where a row's subject is first seen or heard)."""

    SHOW, KEY = "show_id", "episode_key"

    def narrowed(self, *, kind=None, show=None):
        rows = self.select_related("show")
        if kind:
            rows = rows.filter(kind=kind)
        if show:
            rows = rows.filter(show=show)
        return rows
