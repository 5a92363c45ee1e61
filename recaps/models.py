"""Recaps: articles editors write about an episode, and what the editorial tools record.

Episode ─< Recap >─ User (author)
Recap ─< Comment >─ User (a signed-in commenter, or none), Comment >─ Episode (the later episode it spoils)
TrustedCommenter: a commenter (by account or email) whose comments appear without moderation
Recap ─< WikiLink (its [[links]] to characters, songs and episodes, in ``wiki.crosslinks``)
reversion.Revision ── RevisionInfo (what a saved revision was about, for "Recent changes")

Every change saved through the admin to a recap, episode, scene, character
or song is kept by django-reversion (registered at the end of this module).
"""

import math

import reversion
from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Subquery
from django.utils import timezone
from markdownx.models import MarkdownxField
from reversion.models import Revision

from wiki.crosslinks import KeepsFormerNames, LinkedText, WikiLink
from wiki.images import require_alt_text, store_upload
from wiki.links import HasPage, url_for
from wiki.models import Appearance, Character, Cue, Episode, Scene, Show, Song, image_field, pixels_field

from .plaintext import render_comment
from .querysets import CommentQuerySet, RecapQuerySet, RevisionInfoQuerySet

WORDS_PER_MINUTE = 200
LINK_HELP = "Markdown. Link the catalogue with [[Nellie]], [[Nellie|her]], [[song:Heat]] or [[S1E3]]."


class Recap(HasPage, LinkedText, KeepsFormerNames, models.Model):
    """A recap of one episode by one author. An episode may have several;
    its page shows the published ones. Only published recaps are public:
    drafts and recaps in review are a staff preview (``visible_to``)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        REVIEW = "review", "In review"
        PUBLISHED = "published", "Published"

    name_field = None  # recaps are not link targets; only their slug is kept on rename

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="recaps")
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="recaps")
    dek = models.CharField("one-line summary", max_length=300, blank=True)
    body = MarkdownxField(help_text=LINK_HELP)
    body_html = models.TextField(blank=True, editable=False)
    word_count = models.PositiveIntegerField(default=0, editable=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True, help_text="Set when first published.")
    updated_at = models.DateTimeField(auto_now=True)
    lead_image = image_field("recaps/")
    lead_image_alt = models.CharField(max_length=200, blank=True)
    lead_image_width = pixels_field()
    lead_image_height = pixels_field()
    comments_open = models.BooleanField(
        default=True, help_text="Readers may comment on this recap once it is published."
    )
    links_from = GenericRelation(WikiLink, content_type_field="source_type", object_id_field="source_id")

    objects = RecapQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="recap_published_idx"),
            models.Index(fields=["episode", "status"], name="recap_episode_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(published_at__isnull=False),
                name="recap_published_has_date",
            )
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.stamp_published_at()
        self.word_count = len(self.body.split())
        store_upload(self, "lead_image")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return url_for("recaps:recap", show=self.episode.show.slug, slug=self.slug)

    def clean(self):
        # Before the form checks "recap_published_has_date": publishing in the admin sets the date.
        super().clean()
        require_alt_text(self, "lead_image")
        self.stamp_published_at()

    def stamp_published_at(self):
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def reading_minutes(self):
        return max(1, math.ceil(self.word_count / WORDS_PER_MINUTE))

    @property
    def byline(self):
        return self.author.get_full_name() or self.author.get_username()

    def link_show_id(self):
        return self.episode.show_id

    def link_is_public(self):
        return self.is_published

    def link_episode_key(self):
        return self.episode.sort_key

    @classmethod
    def link_episode_key_at(cls, pk):
        return Subquery(cls.objects.filter(pk=pk).values("episode__sort_key")[:1])

    @classmethod
    def link_source_queryset(cls):
        return cls.objects.with_page_data()


class Comment(models.Model):
    """A reader's comment on a published recap, in plain text (``body_html``
    is rendered on save by ``recaps.plaintext``). It belongs to the recap's
    episode, so the spoiler shield hides it with the recap; ``spoils`` marks
    a later episode of the show it gives away. Comments from posters not yet
    trusted wait as *pending* in the admin's moderation queue.
    ``email`` and ``ip_address`` are for moderators only, never shown."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        SPAM = "spam", "Spam"

    recap = models.ForeignKey(Recap, on_delete=models.CASCADE, related_name="comments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="comments"
    )
    name = models.CharField(max_length=80)
    email = models.EmailField(blank=True, help_text="Never shown.")
    body = models.TextField(max_length=3000)
    body_html = models.TextField(blank=True, editable=False)
    spoils = models.ForeignKey(
        Episode,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The later episode this comment gives away, if any.",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["recap", "status", "created_at"], name="comment_recap_idx"),
            models.Index(fields=["status", "-created_at"], name="comment_queue_idx"),
        ]

    def __str__(self):
        return f"{self.name} on {self.recap_id}: {self.body[:40]}"

    def save(self, *args, **kwargs):
        self.body_html = render_comment(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{self.recap.get_absolute_url()}#comment-{self.pk}"


class TrustedCommenter(models.Model):
    """A commenter whose comments appear at once: made when a moderator
    approves one of their comments (``recaps.services.comments_approve``),
    removed when one is marked as spam. Known by account, or by email."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    email = models.EmailField(null=True, blank=True, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | models.Q(email__isnull=False),
                name="trustedcommenter_has_user_or_email",
            )
        ]

    def __str__(self):
        return self.email or str(self.user)

    @classmethod
    def trusts(cls, *, user=None, email=""):
        known = models.Q(user=user) if user is not None else models.Q()
        if email:
            known |= models.Q(email=email.lower())
        return bool(known) and cls.objects.filter(known).exists()


class SpentCommentToken(models.Model):
    """A comment form's one-time token (``recaps.comments``) that has posted
    a comment: the same token never posts another. Rows older than a
    token's lifetime are deleted as new ones are spent."""

    nonce = models.CharField(max_length=32, primary_key=True)
    spent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["spent_at"], name="spentcommenttoken_spent_idx")]

    def __str__(self):
        return self.nonce


class RevisionInfo(models.Model):
    """What one saved revision was about (its main object, kind and show):
    the rows of the editors' "Recent changes" page. Added with
    ``reversion.add_meta`` whenever an editor saves or reverts."""

    revision = models.OneToOneField(Revision, on_delete=models.CASCADE, related_name="info")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=191)
    object_repr = models.CharField(max_length=200)
    show = models.ForeignKey(Show, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    episode_key = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="The sort_key of the episode the object belongs to (the spoiler shield's).",
    )

    objects = RevisionInfoQuerySet.as_manager()

    class Meta:
        ordering = ["-revision"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="revisioninfo_object_idx")]

    def __str__(self):
        return f"{self.object_repr} ({self.revision_id})"


def episode_key_of(obj):
    """Where an edited object lies in its show, for the spoiler shield (None: nowhere in particular)."""
    if hasattr(obj, "link_episode_key"):
        return obj.link_episode_key()
    episode = getattr(obj, "episode", None)
    return getattr(episode, "sort_key", None)


def show_id_of(obj):
    """The show an edited object belongs to (None for songs)."""
    for path in ("show_id", "episode.show_id", "episode.season.show_id"):
        value = obj
        for part in path.split("."):
            value = getattr(value, part, None)
        if value is not None:
            return value
    return None


# History: what django-reversion keeps. An episode's version includes its
# scenes; a scene's includes its appearances and cues (with performers).
reversion.register(Recap)
reversion.register(Character)
reversion.register(Song)
reversion.register(Appearance)
reversion.register(Cue)
reversion.register(Scene, follow=["appearances", "cues"])
reversion.register(Episode, follow=["scenes"])
