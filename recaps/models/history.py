"""What the editorial history records beyond django-reversion's own rows,
and which models it keeps."""

import reversion
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from reversion.models import Revision

from wiki.models import Appearance, Character, Cue, Episode, Scene, Show, Song

from ..querysets import RevisionInfoQuerySet
from .articles import Recap


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
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The editor who accepted a fan's contribution (the revision's user is the fan).",
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
