"""The read rules for recaps, written once: pages, the episode page and feeds call these."""

import functools

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Case, Count, Exists, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

from wiki.pages.sql import columns, loaded, related
from wiki.querysets import ShieldedQuerySet, hides_flag


def _model(app, name):
    return apps.get_model(app, name)


class RecapQuerySet(ShieldedQuerySet):
    """``visible_to(progress)`` (the spoiler shield) leaves out recaps of
    episodes past the reader's limit."""

    SHOW, KEY = "episode__show_id", "episode__sort_key"
    NEWEST_FIRST = ("-published_at", "-pk")
    # What a recap card shows: its link, title, summary, byline, date and reading time.
    CARD_FIELDS = (
        "id",
        "episode_id",
        "title",
        "slug",
        "author_id",
        "dek",
        "word_count",
        "status",
        "published_at",
    )
    AUTHOR_FIELDS = ("id", "username", "first_name", "last_name")

    def published(self):
        return self.filter(status=self.model.Status.PUBLISHED)

    def readable_by(self, user):
        """Staff see drafts and recaps in review (the preview link); readers only published ones."""
        return self if getattr(user, "is_staff", False) else self.published()

    def with_page_data(self):
        """Select what the page, ``get_absolute_url`` and the byline need."""
        return self.select_related("episode__show", "episode__season", "author")

    def newest(self):
        return self.published().with_page_data().order_by(*self.NEWEST_FIRST)

    def cards_of(self, episode):
        """The episode's published recaps, newest first, as the episode page's
        cards show them, with ``episode`` as their episode and their author:
        one query, in SQL for the episode page's speed (``wiki.pages.episode``;
        its queryset twin is in tests/wiki/test_episode_page.py)."""
        sql, author_fields = _cards_sql()
        recaps = list(self.model._default_manager.raw(sql, [self.model.Status.PUBLISHED, episode.pk]))
        for recap in recaps:
            recap.episode = episode
            recap.author = related(recap, get_user_model(), "author__", author_fields)
        return recaps

    def neighbours(self, recap):
        """The previous and next published recap of the same show, in episode order."""
        same_show = self.published().with_page_data().filter(episode__show_id=recap.episode.show_id)
        key, at = recap.episode.sort_key, recap.published_at
        before = Q(episode__sort_key__lt=key) | Q(episode__sort_key=key, published_at__lt=at)
        after = Q(episode__sort_key__gt=key) | Q(episode__sort_key=key, published_at__gt=at)
        order = ["episode__sort_key", "published_at", "pk"]
        previous = same_show.filter(before).order_by(*(f"-{f}" for f in order)).first() if at else None
        following = same_show.filter(after).order_by(*order).first() if at else None
        return previous, following


class CommentQuerySet(ShieldedQuerySet):
    """``visible_to(progress)`` leaves out comments on recaps of episodes past
    the reader's limit; ``with_hides_flag(progress)`` flags those that spoil one."""

    SHOW, KEY = "recap__episode__show_id", "recap__episode__sort_key"
    # The moderation queue: pending comments first, newest first within each status.
    PENDING_FIRST = Case(When(status="pending", then=Value(0)), default=Value(1)).asc()

    def approved(self):
        return self.filter(status=self.model.Status.APPROVED)

    def with_hides_flag(self, progress):
        """Annotate ``spoiler``: the comment spoils an episode past the
        reader's limit (the page shows that it exists, never its text)."""
        return self.annotate(spoiler=hides_flag(progress, "spoils__show_id", "spoils__sort_key"))

    def for_recap(self, recap, progress):
        """A recap's approved comments, oldest first, for its page: one query."""
        return (
            self.approved()
            .filter(recap=recap)
            .visible_to(progress)
            .with_hides_flag(progress)
            .select_related("spoils")
            .order_by("created_at", "pk")
        )


class ContributionQuerySet(ShieldedQuerySet):
    """Fans' contributions. ``visible_to(progress)`` works out where each one
    belongs when the list is read (``with_place``), so a scene moved to a later
    episode takes its suggestions with it."""

    SHOW, KEY = "show_id", "belongs_at"

    def with_place(self):
        """Annotate ``belongs_at``: the sort_key of the episode the contribution
        belongs to (its cue's, its scene's, its character's first appearance,
        or its episode's); None for a character not yet seen (shown, as the
        character is)."""
        first_seen = (
            _model("wiki", "Appearance")
            .objects.filter(character=OuterRef("character"))
            .order_by("scene__episode__sort_key")
            .values("scene__episode__sort_key")[:1]
        )
        return self.annotate(
            belongs_at=Coalesce(
                "cue__scene__episode__sort_key",
                "scene__episode__sort_key",
                "episode__sort_key",
                Subquery(first_seen),
            )
        )

    def visible_to(self, progress):
        return super(ContributionQuerySet, self.with_place() if progress else self).visible_to(progress)

    def open(self):
        return self.filter(status__in=self.model.OPEN)

    def live(self):
        return self.filter(status__in=self.model.LIVE)

    def by(self, user):
        return self.filter(contributor=user)

    def unidentified(self, show):
        """The open "a song plays here but I don't know it" reports of ``show``,
        in episode and scene order, with what their links need and how many
        readers reported each (``reporters``: the first and the supporters)."""
        return (
            self.open()
            .filter(kind=self.model.Kind.UNKNOWN, show=show)
            .select_related("scene__episode__show", "scene__episode__season")
            .annotate(reporters=_supporter_count() + 1)
            .order_by("scene__episode__sort_key", "scene__position", "pk")
        )

    def with_answered(self):
        """Annotate ``answered``: a song suggestion whose cue answered someone's
        "a song plays here but I don't know it" (the fan identified a song)."""
        reports = self.model.objects.filter(kind=self.model.Kind.UNKNOWN, result_cue=OuterRef("result_cue"))
        return self.annotate(answered=Exists(reports))

    def for_fan_pages(self):
        """Select what a contributor's page and "My contributions" show of each
        row: its target and song with their links (no query per row)."""
        return self.with_answered().select_related(
            "scene__episode__show",
            "cue__scene__episode__show",
            "cue__song__artist",
            "character__show",
            "episode__show",
            "song__artist",
            "result_cue__song__artist",
        )

    def unreviewed(self):
        """Published at once (a trusted fan's), not yet seen by an editor."""
        return self.filter(status=self.model.Status.PUBLISHED, patrolled=False)

    def review_counts(self):
        """``{"waiting": n, "unreviewed": n}``: the review queue's tabs, in one query."""
        status = self.model.Status
        return self.aggregate(
            waiting=Count("pk", filter=Q(status__in=self.model.OPEN)),
            unreviewed=Count("pk", filter=Q(status=status.PUBLISHED, patrolled=False)),
        )

    def for_review(self):
        """What a row of the editors' review queue shows, oldest first: its
        target with the links it needs, the song or cue, the supporters, the
        contributor's record (``fan_accepted``, ``fan_declined``,
        ``fan_waiting``, ``fan_reviewed``: accepted by an editor, what trust
        counts) and ``already_listed`` (the song is in the scene now), in one
        query, with the performers and characters the rows and their diffs
        read prefetched."""
        fan = self.model.objects.filter(contributor=OuterRef("contributor")).order_by()

        def fans(**filters):
            counted = fan.filter(**filters).values("contributor").annotate(n=Count("pk")).values("n")
            return Coalesce(Subquery(counted, output_field=models.IntegerField()), 0)

        status = self.model.Status
        listed = _model("wiki", "Cue").objects.filter(scene=OuterRef("scene"), song=OuterRef("song"))
        return (
            self.select_related(
                "contributor",
                "reviewer",
                "show",
                "scene__episode__show",
                "episode__show",
                "character__show",
                "cue__scene__episode__show",
                "cue__song__artist",
                "song__artist",
                "result_cue__song__artist",
            )
            .prefetch_related("performers", "scene__characters", "cue__performers")
            .annotate(
                supporter_count=_supporter_count(),
                fan_accepted=fans(status=status.ACCEPTED),
                fan_declined=fans(status=status.DECLINED),
                fan_waiting=fans(status__in=self.model.OPEN),
                fan_reviewed=fans(status=status.ACCEPTED, reviewer__isnull=False),
                already_listed=Exists(listed),
            )
            .order_by("created_at", "pk")
        )


def _supporter_count():
    """A contribution's supporters (fans who sent the same again), 0 when none: a correlated subquery."""
    supporters = (
        _model("recaps", "ContributionSupporter")
        .objects.filter(contribution=OuterRef("pk"))
        .order_by()
        .values("contribution")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(supporters, output_field=models.IntegerField()), 0)


class CueVoteQuerySet(ShieldedQuerySet):
    SHOW, KEY = "cue__scene__episode__show_id", "cue__scene__episode__sort_key"


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class RevisionInfoQuerySet(ShieldedQuerySet):
    """ "Recent changes" rows; ``visible_to`` leaves out edits to what lies past the reader's limit."""

    SHOW, KEY = "show_id", "episode_key"


@functools.cache
def _cards_sql():
    """``RecapQuerySet.cards_of``'s SQL (built on first use: the models are not
    loaded when this module is imported) and the author's fields it loads."""
    from .models import Recap

    user = get_user_model()
    author_fields = loaded(user, RecapQuerySet.AUTHOR_FIELDS)
    sql = f"""
        SELECT {columns("r", loaded(Recap, RecapQuerySet.CARD_FIELDS))}, {columns("u", author_fields, "author__")}
        FROM "{Recap._meta.db_table}" r
        JOIN "{user._meta.db_table}" u ON u."id" = r."author_id"
        WHERE r."status" = %s AND r."episode_id" = %s
        ORDER BY r."published_at" DESC, r."id" DESC
    """
    return sql, author_fields
