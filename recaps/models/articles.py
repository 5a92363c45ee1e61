"""Recap articles: what editors write about an episode."""

import math

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Subquery
from django.utils import timezone
from markdownx.models import MarkdownxField

from wiki.images import require_alt_text, store_upload
from wiki.links import HasPage, url_for
from wiki.models import Episode, image_fields
from wiki.models.links import WikiLink
from wiki.text.linked import KeepsFormerNames, LinkedText

from ..querysets import RecapQuerySet

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
    lead_image, lead_image_alt, lead_image_width, lead_image_height = image_fields("recaps/")
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
        links, change = self.render_text(), self.name_change()
        super().save(*args, **kwargs)
        self.keep_former_name(change)
        self.save_links(links)

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
