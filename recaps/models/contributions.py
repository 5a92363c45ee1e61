"""What fans contribute, and what editors decide about it.

Contribution: one fan's suggestion, report or proposed correction. Exactly one
target, by kind:

- ``song``: a song for ``scene`` (``song``, or ``song_title`` + ``artist_name``
  typed in), with how it is used, who performs it, when, and a listen link;
- ``unknown``: "a song plays in ``scene`` but I don't know it" (no free text:
  only a time), listed under "unidentified songs" until answered;
- ``correction``: new values for some fields of ``scene``, ``episode``,
  ``character`` or ``cue``: ``changes`` holds them, ``base`` what those
  fields held when the fan opened the form (the merge rules of
  ``recaps.services.edit_merge`` decide at acceptance);
- ``dispute``: readers say ``cue`` has the wrong song (made by votes).

It belongs to an episode, worked out when it is read (``belongs_at``), never
frozen: its scene's, its cue's, its episode's, or its character's first
appearance. The spoiler shield hides it, its votes and its counts from readers
before that episode (``ContributionQuerySet.visible_to``).

CueVote: one account's "yes, that's the song" or "wrong song" on a cue.
ContributionSupporter: a fan who made the same suggestion again (merged).
Notification: a message on the site for one account ("your suggestion was accepted").
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from wiki.models import Character, Cue, Episode, Scene, Show, Song
from wiki.models.fields import NOT_NEGATIVE

from ..querysets import ContributionQuerySet, CueVoteQuerySet, NotificationQuerySet


class Contribution(models.Model):
    class Kind(models.TextChoices):
        SONG = "song", "Song for a scene"
        UNKNOWN = "unknown", "Unidentified song"
        CORRECTION = "correction", "Correction"
        DISPUTE = "dispute", "Disputed song"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for review"
        PUBLISHED = "published", "Published, not yet reviewed"  # a trusted fan's: live at once
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    OPEN = (Status.PENDING,)
    LIVE = (Status.PUBLISHED, Status.ACCEPTED)

    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    contributor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="contributions"
    )
    address = models.GenericIPAddressField(null=True, blank=True, help_text="For editors only, never shown.")
    show = models.ForeignKey(Show, on_delete=models.CASCADE, related_name="+")

    # The target: one of these, by kind (see the module docstring).
    scene = models.ForeignKey(
        Scene, on_delete=models.CASCADE, null=True, blank=True, related_name="contributions"
    )
    episode = models.ForeignKey(
        Episode, on_delete=models.CASCADE, null=True, blank=True, related_name="contributions"
    )
    character = models.ForeignKey(
        Character, on_delete=models.CASCADE, null=True, blank=True, related_name="contributions"
    )
    cue = models.ForeignKey(
        Cue, on_delete=models.CASCADE, null=True, blank=True, related_name="contributions"
    )

    # A song suggestion.
    song = models.ForeignKey(Song, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    song_title = models.CharField(max_length=200, blank=True)
    artist_name = models.CharField(max_length=200, blank=True)
    usage = models.CharField(max_length=20, choices=Cue.Kind.choices, blank=True)
    performers = models.ManyToManyField(Character, blank=True, related_name="+")
    starts_at = models.DurationField(null=True, blank=True, validators=NOT_NEGATIVE)
    listen_url = models.URLField(blank=True)

    # A correction: {field: value} proposed, and what those fields held when proposed.
    changes = models.JSONField(default=dict, blank=True)
    base = models.JSONField(default=dict, blank=True)

    note = models.CharField("note to editors", max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    # The editors' side.
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.CharField(max_length=500, blank=True)
    patrolled = models.BooleanField(
        default=True, help_text="False: published at once, not yet seen by an editor."
    )
    result_cue = models.ForeignKey(Cue, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    objects = ContributionQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        permissions = [("review_contribution", "Can review fans' contributions")]
        indexes = [
            models.Index(fields=["status", "show", "created_at"], name="contribution_queue_idx"),
            models.Index(fields=["contributor", "status", "-created_at"], name="contribution_fan_idx"),
            models.Index(fields=["kind", "status", "scene"], name="contribution_scene_idx"),
            models.Index(fields=["patrolled", "status"], name="contribution_patrol_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind__in=["song", "unknown"], scene__isnull=False)
                    # An accepted dispute removes its cue: it keeps the cue's scene as its place.
                    | models.Q(kind="dispute", cue__isnull=False)
                    | models.Q(kind="dispute", scene__isnull=False)
                    | models.Q(kind="correction")
                ),
                name="contribution_has_target",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def target(self):
        return self.cue or self.scene or self.character or self.episode

    @property
    def is_open(self):
        return self.status in self.OPEN


class ContributionSupporter(models.Model):
    """Someone who made the same suggestion as an open one: merged into it."""

    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="supporters")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["contribution", "user"], name="contributionsupporter_once"),
        ]

    def __str__(self):
        return f"{self.user} supports #{self.contribution_id}"


class CueVote(models.Model):
    """One account's vote on a cue: ``confirms`` True ("yes, that's the song") or False ("wrong song")."""

    cue = models.ForeignKey(Cue, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cue_votes")
    confirms = models.BooleanField()
    created_at = models.DateTimeField(default=timezone.now)

    objects = CueVoteQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["cue", "user"], name="cuevote_one_per_account")]
        indexes = [models.Index(fields=["user", "-created_at"], name="cuevote_user_idx")]

    def __str__(self):
        return f"{self.user} {'confirms' if self.confirms else 'disputes'} cue {self.cue_id}"


class Notification(models.Model):
    """A message for one account, shown on the site (no email)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    message = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at", "-created_at"], name="notification_user_idx")]

    def __str__(self):
        return self.message
