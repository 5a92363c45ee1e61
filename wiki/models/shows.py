"""Shows, their seasons and episodes."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Subquery
from django.utils import timezone

from wiki.episode_keys import episode_key, key_parts
from wiki.images import require_alt_text, store_upload
from wiki.links import HasPage, url_for
from wiki.models.fields import (
    EPISODES_PER_SEASON,
    HEX_COLOUR,
    WEB_URL,
    YEAR,
    image_fields,
    links_from,
)
from wiki.querysets import EpisodeQuerySet, SeasonQuerySet, ShowQuerySet
from wiki.text.linked import KeepsFormerNames, LinkedText
from wiki.text.markdown import render_markdown
from wiki.text.resolver import LinkResolver


class Show(HasPage, models.Model):
    """A TV series, the root of the catalogue: it has seasons and characters."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    network = models.CharField(max_length=100, blank=True)
    first_year = models.PositiveSmallIntegerField(null=True, blank=True, validators=YEAR)
    last_year = models.PositiveSmallIntegerField(null=True, blank=True, validators=YEAR)
    description = models.TextField(blank=True, help_text="Markdown.")
    description_html = models.TextField(blank=True, editable=False)
    poster, poster_alt, poster_width, poster_height = image_fields("posters/")
    accent_color = models.CharField(
        "accent colour",
        max_length=7,
        blank=True,
        default="",
        db_default="",
        validators=[HEX_COLOUR],
        help_text="Optional, e.g. #c2410c: tints the show's pages (made readable in light and dark).",
    )
    embargo_days = models.PositiveSmallIntegerField(
        default=7,
        validators=[MaxValueValidator(365)],
        help_text="For this many days after an episode airs, lists and feeds show its title but no spoilers "
        "to readers without a spoiler shield. 0 turns it off.",
    )
    data_source = models.CharField(
        max_length=100,
        blank=True,
        default="",
        db_default="",
        help_text="Where the episode guide came from, e.g. TVmaze.",
    )
    data_source_url = models.URLField(blank=True, default="", db_default="", validators=WEB_URL)
    data_license = models.CharField(
        max_length=100, blank=True, default="", db_default="", help_text="e.g. CC BY-SA 4.0"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ShowQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        indexes = [models.Index(fields=["title"], name="show_title_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_year__isnull=True)
                | models.Q(first_year__isnull=True)
                | models.Q(last_year__gte=models.F("first_year")),
                name="show_years_in_order",
                violation_error_message="The last year cannot come before the first year.",
            ),
            models.CheckConstraint(
                condition=models.Q(accent_color="") | models.Q(accent_color__regex=r"^#[0-9a-fA-F]{6}$"),
                name="show_accent_color_hex",
                violation_error_message="Enter a colour as # and six hex digits, e.g. #c2410c.",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.description_html = render_markdown(self.description, LinkResolver(self.pk))
        self.accent_color = self.accent_color.lower()
        store_upload(self, "poster")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return url_for("wiki:show", show=self.slug)

    def clean(self):
        require_alt_text(self, "poster")

    @property
    def years(self):
        if not self.first_year:
            return ""
        if self.last_year and self.last_year != self.first_year:
            return f"{self.first_year}–{self.last_year}"
        return str(self.first_year)


class Season(HasPage, models.Model):
    """A numbered season of a show; its episodes are ordered by number."""

    show = models.ForeignKey(Show, on_delete=models.CASCADE, related_name="seasons")
    number = models.PositiveSmallIntegerField(validators=[MaxValueValidator(999)])
    title = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)

    objects = SeasonQuerySet.as_manager()

    class Meta:
        ordering = ["show", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["show", "number"],
                name="season_number_unique_per_show",
                violation_error_message="This show already has a season with this number.",
            ),
            models.CheckConstraint(condition=models.Q(number__lte=999), name="season_number_max"),
        ]

    def __str__(self):
        return f"{self.show} – Season {self.number}"

    def get_absolute_url(self):
        return url_for("wiki:season", show=self.show.slug, season=self.number)

    @property
    def label(self):
        return self.title or f"Season {self.number}"


class Episode(HasPage, LinkedText, KeepsFormerNames, models.Model):
    """One episode of a season. ``show`` and ``sort_key`` are derived on save:
    ``sort_key`` orders a show's episodes across seasons (and is what the
    spoiler shield compares against). Its synopsis may hold ``[[links]]``
    and texts link to it as ``[[S1E2]]`` (``wiki.text.refs``)."""

    markdown_field, html_field, name_field = "synopsis", "synopsis_html", "title"

    season = models.ForeignKey(Season, on_delete=models.CASCADE, related_name="episodes")
    show = models.ForeignKey(Show, on_delete=models.CASCADE, related_name="episodes", editable=False)
    number = models.PositiveSmallIntegerField(validators=[MaxValueValidator(EPISODES_PER_SEASON - 1)])
    sort_key = models.PositiveIntegerField(editable=False, default=0)
    title = models.CharField(max_length=200)
    air_date = models.DateField(null=True, blank=True)
    runtime_minutes = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    synopsis = models.TextField(blank=True, help_text="Markdown.")
    synopsis_html = models.TextField(blank=True, editable=False)
    still, still_alt, still_width, still_height = image_fields("stills/")
    updated_at = models.DateTimeField(auto_now=True)
    links_from = links_from()

    objects = EpisodeQuerySet.as_manager()

    class Meta:
        ordering = ["show", "sort_key"]
        indexes = [
            models.Index(fields=["show", "sort_key"], name="episode_show_order_idx"),
            models.Index(fields=["-air_date"], name="episode_air_date_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["season", "number"],
                name="episode_number_unique_per_season",
                violation_error_message="This season already has an episode with this number.",
            ),
            models.CheckConstraint(
                condition=models.Q(number__lt=EPISODES_PER_SEASON), name="episode_number_max"
            ),
        ]

    def __str__(self):
        return f"S{self.season_number}E{self.number}: {self.title}"

    def save(self, *args, **kwargs):
        self.show_id = self.season.show_id
        self.sort_key = episode_key(self.season.number, self.number)
        store_upload(self, "still")
        links, change = self.render_text(), self.name_change()
        super().save(*args, **kwargs)
        self.keep_former_name(change)
        self.save_links(links)

    def get_absolute_url(self):
        return url_for("wiki:episode", show=self.show.slug, season=self.season_number, episode=self.number)

    def link_names(self):
        return [self.code, self.title]

    def link_episode_key(self):
        return self.sort_key

    @classmethod
    def link_episode_key_at(cls, pk):
        return Subquery(cls.objects.filter(pk=pk).values("sort_key")[:1])

    def clean(self):
        require_alt_text(self, "still")

    @property
    def season_number(self):
        return key_parts(self.sort_key)[0]

    @property
    def code(self):
        return f"S{self.season_number}E{self.number}"

    @property
    def days_since_air(self):
        """Whole days since the air date (0 on the day), None without one."""
        return None if self.air_date is None else (timezone.localdate() - self.air_date).days

    @property
    def is_fresh(self):
        """Aired within the show's embargo window, ``Show.embargo_days`` from the
        air date (needs ``show`` selected). Lists and feeds show a fresh episode
        without spoilers to readers with no shield: see ``Progress.embargoes``."""
        days = self.days_since_air
        return days is not None and 0 <= days < self.show.embargo_days

    def characters_in_order(self):
        """Characters in order of first appearance, from ``scene_list``
        (``wiki.pages.episode.scenes``)."""
        seen = {}
        for scene in self.scene_list:
            for character in scene.character_list:
                seen.setdefault(character.pk, character)
        return list(seen.values())

    def cue_sheet(self):
        """Every cue of the episode in order, from ``scene_list``."""
        return [cue for scene in self.scene_list for cue in scene.cue_list]
