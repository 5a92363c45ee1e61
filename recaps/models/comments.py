"""Readers' comments on recaps, and what their spam rules remember."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from wiki.models import Episode

from ..plaintext import render_comment
from ..querysets import CommentQuerySet
from .articles import Recap


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
