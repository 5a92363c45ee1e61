"""Artists, their songs, and each use of a song in a scene (a cue)."""

import functools
from datetime import timedelta
from urllib.parse import quote, urlencode

from django.db import models

from wiki.links import HasPage, url_for
from wiki.models.fields import NOT_NEGATIVE, POSITION, WEB_URL, YEAR
from wiki.models.people import Character
from wiki.models.scenes import Scene
from wiki.querysets import ArtistQuerySet, CueQuerySet, SongQuerySet
from wiki.text.linked import KeepsFormerNames


class Artist(HasPage, models.Model):
    """A musician or band: the original artist of songs."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    website = models.URLField(blank=True, validators=WEB_URL)

    objects = ArtistQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["name"], name="artist_name_idx")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return url_for("wiki:artist", slug=self.slug)


class Song(HasPage, KeepsFormerNames, models.Model):
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

    def save(self, *args, **kwargs):
        change = self.name_change()
        super().save(*args, **kwargs)
        self.keep_former_name(change)

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

    @property
    def search_links(self):
        """Searches of the streaming services for "title artist", for a song
        nobody has linked yet: each service's results page, not a match."""
        return list(_search_links(f"{self.title} {self.artist.name}"))


@functools.lru_cache(maxsize=4096)
def _search_links(words):
    """Quoting the words three times takes ~13 µs a song, and the episode page
    lists each song twice (its cue sheet and its scene) to every reader alike."""
    return (
        ("Spotify", f"https://open.spotify.com/search/{quote(words, safe='')}"),
        ("Apple Music", f"https://music.apple.com/search?{urlencode({'term': words})}"),
        ("YouTube", f"https://www.youtube.com/results?{urlencode({'search_query': words})}"),
    )


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
    # Readers' votes (``recaps.models.CueVote``), counted here so that pages
    # showing a cue's confidence read no more rows than the cue's own.
    confirmed_count = models.PositiveIntegerField(default=0, db_default=0, editable=False)
    disputed_count = models.PositiveIntegerField(default=0, db_default=0, editable=False)

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

    @property
    def kind_label(self):
        """``get_kind_display()``, for templates: a dict lookup, where Django's
        method is a ``partialmethod`` built anew at every read."""
        return KIND_LABELS.get(self.kind, self.kind)


KIND_LABELS = dict(Cue.Kind.choices)
