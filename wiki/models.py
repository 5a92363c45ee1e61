"""The catalogue: what is in a show.

Show ─< Season ─< Episode ─< Scene ─< Cue >─ Song >─ Artist
                               │        └── performers >─ Character
                               └── Appearance >─ Character >─ Person (played_by)

Every ``get_absolute_url`` runs no query as long as the queryset selected
the related rows it names (``show`` for characters and episodes, ``episode``
and its ``show`` for scenes): the querysets in ``wiki.querysets`` do.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator, URLValidator
from django.db import models
from django.utils import timezone

from .crosslinks import FormerName, KeepsFormerNames, LinkedText, WikiLink  # noqa: F401 — models of this app
from .images import require_alt_text, store_upload, validate_image_upload
from .links import url_for
from .markdown import render_markdown
from .querysets import (
    CharacterQuerySet,
    CueQuerySet,
    EpisodeQuerySet,
    SceneQuerySet,
    ShowQuerySet,
    SongQuerySet,
)

EPISODES_PER_SEASON = 1000  # sort_key = season number * 1000 + episode number
NOT_NEGATIVE = [MinValueValidator(timedelta(0))]
WEB_URL = [URLValidator(schemes=["http", "https"])]
YEAR = [MinValueValidator(1800), MaxValueValidator(2200)]
POSITION = [MinValueValidator(1), MaxValueValidator(9999)]  # the admin parks moving rows at +10000


HEX_COLOUR = RegexValidator(r"^#[0-9a-fA-F]{6}\Z", "Enter a colour as # and six hex digits, e.g. #c2410c.")
ALT_HELP = "Describe the image for readers who cannot see it. Required with an image."


# Each image comes with alt text and its size in pixels, stored on save by
# ``wiki.images.store_upload`` so pages never open the file (``picture_of``).
def image_field(upload_to):
    return models.ImageField(upload_to=upload_to, blank=True, validators=[validate_image_upload])


def alt_field():
    return models.CharField("alt text", max_length=200, blank=True, help_text=ALT_HELP)


def pixels_field():
    return models.PositiveIntegerField(null=True, blank=True, editable=False)


class Show(models.Model):
    """A TV series, the root of the catalogue: it has seasons and characters."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    network = models.CharField(max_length=100, blank=True)
    first_year = models.PositiveSmallIntegerField(null=True, blank=True, validators=YEAR)
    last_year = models.PositiveSmallIntegerField(null=True, blank=True, validators=YEAR)
    description = models.TextField(blank=True, help_text="Markdown.")
    description_html = models.TextField(blank=True, editable=False)
    poster = image_field("posters/")
    poster_alt = alt_field()
    poster_width = pixels_field()
    poster_height = pixels_field()
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
        self.description_html = render_markdown(self.description)
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


class Season(models.Model):
    """A numbered season of a show; its episodes are ordered by number."""

    show = models.ForeignKey(Show, on_delete=models.CASCADE, related_name="seasons")
    number = models.PositiveSmallIntegerField(validators=[MaxValueValidator(999)])
    title = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)

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


def links_from():
    """The ``WikiLink`` rows of a text, deleted with it."""
    return GenericRelation(WikiLink, content_type_field="source_type", object_id_field="source_id")


class Episode(LinkedText, KeepsFormerNames, models.Model):
    """One episode of a season. ``show`` and ``sort_key`` are derived on save:
    ``sort_key`` orders a show's episodes across seasons (and is what the
    spoiler shield compares against). Its synopsis may hold ``[[links]]``
    and texts link to it as ``[[S1E2]]`` (``wiki.crosslinks``)."""

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
    still = image_field("stills/")
    still_alt = alt_field()
    still_width = pixels_field()
    still_height = pixels_field()
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
        self.sort_key = self.season.number * EPISODES_PER_SEASON + self.number
        store_upload(self, "still")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return url_for("wiki:episode", show=self.show.slug, season=self.season_number, episode=self.number)

    def link_names(self):
        return [self.code, self.title]

    def link_episode_key(self):
        return self.sort_key

    def clean(self):
        require_alt_text(self, "still")

    @property
    def season_number(self):
        return self.sort_key // EPISODES_PER_SEASON

    @property
    def code(self):
        return f"S{self.season_number}E{self.number}"

    @property
    def is_fresh(self):
        """Aired within the show's embargo window (needs ``show`` selected)."""
        if not self.air_date or not self.show.embargo_days:
            return False
        today = timezone.localdate()
        return self.air_date <= today < self.air_date + timedelta(days=self.show.embargo_days)

    def characters_in_order(self):
        """Characters in order of first appearance, from prefetched scenes."""
        seen = {}
        for scene in self.scenes.all():
            for character in scene.characters.all():
                seen.setdefault(character.pk, character)
        return list(seen.values())

    def cue_sheet(self):
        """Every cue of the episode in order, from prefetched scenes."""
        return [cue for scene in self.scenes.all() for cue in scene.cues.all()]


class Person(models.Model):
    """A real person: an actor who plays characters (``roles``)."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    bio = models.TextField(blank=True, help_text="Markdown.")
    bio_html = models.TextField(blank=True, editable=False)
    photo = image_field("people/")
    photo_alt = alt_field()
    photo_width = pixels_field()
    photo_height = pixels_field()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        indexes = [models.Index(fields=["name"], name="person_name_idx")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.bio_html = render_markdown(self.bio)
        store_upload(self, "photo")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return url_for("wiki:person", slug=self.slug)

    def clean(self):
        require_alt_text(self, "photo")


class Character(LinkedText, KeepsFormerNames, models.Model):
    """A character of one show, played by a person, seen in scenes
    (``appearances``) and performing songs (``performed_cues``). Texts link
    to it by name or alias (``[[Nellie]]``); its bio may hold links too."""

    markdown_field, html_field = "bio", "bio_html"

    show = models.ForeignKey(Show, on_delete=models.CASCADE, related_name="characters")
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200)
    aliases = models.CharField(
        max_length=300, blank=True, help_text="Other names fans use, separated by commas."
    )
    is_main = models.BooleanField("main cast", default=False)
    played_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="roles"
    )
    bio = models.TextField(blank=True, help_text="Markdown.")
    bio_html = models.TextField(blank=True, editable=False)
    portrait = image_field("portraits/")
    portrait_alt = alt_field()
    portrait_width = pixels_field()
    portrait_height = pixels_field()
    updated_at = models.DateTimeField(auto_now=True)
    links_from = links_from()

    objects = CharacterQuerySet.as_manager()

    class Meta:
        ordering = ["show", "name"]
        indexes = [models.Index(fields=["show", "name"], name="character_show_name_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["show", "slug"],
                name="character_slug_unique_per_show",
                violation_error_message="This show already has a character with this slug.",
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        store_upload(self, "portrait")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return url_for("wiki:character", show=self.show.slug, slug=self.slug)

    def clean(self):
        require_alt_text(self, "portrait")

    def link_names(self):
        return [self.name, *self.alias_list]

    def link_episode_key(self):
        """A bio belongs to the episode its character is first seen in."""
        if self.pk is None:
            return None
        first = Appearance.objects.filter(character=self).order_by("scene__episode__sort_key")
        return first.values_list("scene__episode__sort_key", flat=True).first()

    @property
    def alias_list(self):
        return [alias.strip() for alias in self.aliases.split(",") if alias.strip()]


class Scene(models.Model):
    """A scene of an episode, in order (``position``): who is in it
    (``appearances``) and which songs play (``cues``)."""

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="scenes")
    position = models.PositiveSmallIntegerField(validators=POSITION)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    starts_at = models.DurationField(
        null=True, blank=True, validators=NOT_NEGATIVE, help_text="Time into the episode, e.g. 12:34."
    )
    characters = models.ManyToManyField(Character, through="Appearance", related_name="scenes", blank=True)

    objects = SceneQuerySet.as_manager()

    class Meta:
        ordering = ["episode", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["episode", "position"],
                name="scene_position_unique_per_episode",
                violation_error_message="This episode already has a scene at this position.",
            ),
            models.CheckConstraint(condition=models.Q(position__gte=1), name="scene_position_min"),
            models.CheckConstraint(
                condition=models.Q(starts_at__isnull=True) | models.Q(starts_at__gte=timedelta(0)),
                name="scene_starts_at_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.episode.code} scene {self.position}: {self.title}"

    def get_absolute_url(self):
        return f"{self.episode.get_absolute_url()}#{self.anchor}"

    @property
    def anchor(self):
        return f"scene-{self.position}"

    @property
    def show_id(self):
        """The scene's show, also before the scene or its episode is saved."""
        episode = getattr(self, "episode", None)
        return episode.season.show_id if episode else None


class Appearance(models.Model):
    """A character seen in a scene."""

    scene = models.ForeignKey(Scene, on_delete=models.CASCADE, related_name="appearances")
    character = models.ForeignKey(Character, on_delete=models.CASCADE, related_name="appearances")
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["scene", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["scene", "character"],
                name="appearance_unique_per_scene",
                violation_error_message="This character is already listed in this scene.",
            )
        ]

    def __str__(self):
        return f"{self.character} in {self.scene}"

    def clean(self):
        scene, character = getattr(self, "scene", None), getattr(self, "character", None)
        if scene and character and character.show_id != scene.show_id:
            raise ValidationError({"character": "This character belongs to another show."})


class Artist(models.Model):
    """A musician or band: the original artist of songs."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    website = models.URLField(blank=True, validators=WEB_URL)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["name"], name="artist_name_idx")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return url_for("wiki:artist", slug=self.slug)


class Song(KeepsFormerNames, models.Model):
    """A recorded song by its original artist, used in scenes through cues.
    Texts link to it as ``[[song:Heat]]``."""

    name_field = "title"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    artist = models.ForeignKey(Artist, on_delete=models.PROTECT, related_name="songs")
    album = models.CharField(max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True, validators=YEAR)
    spotify_url = models.URLField("Spotify link", blank=True, validators=WEB_URL)
    apple_music_url = models.URLField("Apple Music link", blank=True, validators=WEB_URL)
    youtube_url = models.URLField("YouTube link", blank=True, validators=WEB_URL)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SongQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        indexes = [
            models.Index(fields=["title"], name="song_title_idx"),
            models.Index(fields=["artist", "title"], name="song_artist_title_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return url_for("wiki:song", slug=self.slug)

    @property
    def listening_links(self):
        links = [
            ("Spotify", self.spotify_url),
            ("Apple Music", self.apple_music_url),
            ("YouTube", self.youtube_url),
        ]
        return [(label, url) for label, url in links if url]


class Cue(models.Model):
    """One use of a song in a scene: how it is used, who performs it, when."""

    class Kind(models.TextChoices):
        PERFORMED = "performed", "Performed on screen"
        BACKGROUND = "background", "Background"
        OPENING = "opening", "Opening"
        END_CREDITS = "end_credits", "End credits"

    scene = models.ForeignKey(Scene, on_delete=models.CASCADE, related_name="cues")
    song = models.ForeignKey(Song, on_delete=models.PROTECT, related_name="cues")
    position = models.PositiveSmallIntegerField(default=1, validators=POSITION)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.BACKGROUND)
    performers = models.ManyToManyField(
        Character,
        related_name="performed_cues",
        blank=True,
        help_text="Characters who sing or play it on screen.",
    )
    starts_at = models.DurationField(
        null=True, blank=True, validators=NOT_NEGATIVE, help_text="Time into the episode, e.g. 12:34."
    )
    note = models.CharField(max_length=300, blank=True)

    objects = CueQuerySet.as_manager()

    class Meta:
        ordering = ["scene", "position", "id"]
        indexes = [models.Index(fields=["song", "scene"], name="cue_song_scene_idx")]
        constraints = [
            models.CheckConstraint(condition=models.Q(position__gte=1), name="cue_position_min"),
            models.CheckConstraint(
                condition=models.Q(starts_at__isnull=True) | models.Q(starts_at__gte=timedelta(0)),
                name="cue_starts_at_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.song.title} in {self.scene}"

    def get_absolute_url(self):
        return self.scene.get_absolute_url()


class ReaderProgress(models.Model):
    """A signed-in reader's spoiler shield for one show: the ``sort_key`` of
    the last episode they have watched (see ``wiki.spoilers``)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="progress")
    show = models.ForeignKey(Show, on_delete=models.CASCADE, related_name="+")
    sort_key = models.PositiveIntegerField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "reader progress"
        constraints = [models.UniqueConstraint(fields=["user", "show"], name="progress_unique_per_show")]

    def __str__(self):
        return f"{self.user} watched {self.show} to {self.sort_key}"
