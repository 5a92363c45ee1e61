"""The comment form on a recap page, and its spam rules.

No third-party service: each rule refuses with a message that says what to
do, and the form comes back with everything the reader typed.

- a honeypot field (``website``) hidden from people, which bots fill in;
- a one-time token (``form_started_token``: when it was issued and a random
  nonce, signed): at least ``COMMENT_MIN_SECONDS`` between issuing it and
  posting, at most a day, and one comment per token (``SpentCommentToken``).
  The recap page is cached and shared, so it carries no token: a small script
  (``static/js/comments.js``) fetches one from ``comment_token`` when the
  reader first focuses the form, or on submit. Without JavaScript the first
  send comes back, text kept, with a token in the form, and says to send it
  again; a page showing a refusal is never cached, so it always carries one;
- at most ``COMMENT_MAX_LINKS`` addresses in a comment;
- no posting the same text twice on a recap;
- at most ``COMMENT_RATE_LIMIT_PER_ADDRESS`` comments per address and
  ``COMMENT_RATE_LIMIT_PER_SESSION`` per session in
  ``COMMENT_RATE_WINDOW_SECONDS`` (``wiki.ratelimit``).
"""

import ipaddress
import secrets
import time
from dataclasses import dataclass
from datetime import timedelta

from django import forms
from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from wiki.models import Episode
from wiki.ratelimit import client_address, over_limit

from .models import Comment, SpentCommentToken
from .plaintext import count_links

SALT = "recaps.comment-form"
FORM_MAX_AGE = 24 * 3600


@dataclass(frozen=True)
class Poster:
    """Who is posting: a signed-in user (or None), their address and session."""

    user: object
    address: str
    session_key: str | None

    @classmethod
    def from_request(cls, request):
        user = request.user if request.user.is_authenticated else None
        address = client_address(request)
        try:
            ipaddress.ip_address(address)
        except ValueError:
            address = ""
        return cls(user, address, request.session.session_key)

    @property
    def display_name(self):
        return self.user.get_full_name() or self.user.get_username()


def form_started_token(at=None):
    """A one-time token for the comment form, issued now (or ``at``): its time and a nonce, signed."""
    return signing.dumps([int(time.time() if at is None else at), secrets.token_hex(16)], salt=SALT)


class EpisodeChoice(forms.ModelChoiceField):
    def label_from_instance(self, episode):
        return episode.code  # codes only: a later episode's title may itself give something away


class CommentForm(forms.Form):
    name = forms.CharField(max_length=80, label="Your name")
    email = forms.EmailField(
        required=False,
        label="Email (optional)",
        help_text="Never shown. Once a moderator has approved a comment of yours, the next ones appear at once.",
    )
    body = forms.CharField(
        label="Comment",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Plain text. Leave a blank line between paragraphs; web addresses become links.",
    )
    spoils = EpisodeChoice(
        queryset=Episode.objects.none(),
        required=False,
        label="Spoilers for a later episode?",
        empty_label="No, nothing past this episode",
        help_text="Readers who have not watched it will not see your comment until they have.",
    )
    website = forms.CharField(required=False, label="Leave this field empty")  # the honeypot
    started = forms.CharField(required=False, widget=forms.HiddenInput)

    # What the reader sees when a rule refuses the comment.
    HONEYPOT = (
        "Your comment was not posted: a field that must stay empty was filled in "
        "(sometimes a browser's autofill does this). Please send it again."
    )
    BROKEN = (
        "Your comment was not posted yet: the form was incomplete (it lacked its one-time check, "
        "which a script fetches as you start typing). The form below has one now: "
        "wait a few seconds, then send it again."
    )
    REUSED = (
        "Your comment was not posted: this form has already posted a comment. "
        "The form below is a fresh one: wait a few seconds, then send it again."
    )
    EXPIRED = "Your comment was not posted: this form is more than a day old. Please send it again."
    TOO_QUICK = (
        "Your comment was not posted: it came too quickly after the page opened. "
        "Read it over for a few seconds, then send it again."
    )
    TOO_MANY_LINKS = (
        "A comment may have at most {limit} links; this one has {count}. Remove some and send it again."
    )
    DUPLICATE = (
        "You have already posted this comment here. If you cannot see it yet, it is waiting for a moderator."
    )
    RATE_LIMITED = (
        "Your comment was not posted: you have sent several comments in a short time. "
        "Wait {minutes} minutes, then send it again."
    )
    CLOSED = "Comments on this recap are closed: your comment was not posted."

    def __init__(self, *args, recap, poster, **kwargs):
        super().__init__(*args, **kwargs)
        self.recap, self.poster = recap, poster
        self.status = 200  # the HTTP status of the page that shows a refusal
        if poster.user is not None:
            del self.fields["name"], self.fields["email"]
        self.fields["spoils"].queryset = Episode.objects.filter(
            show_id=recap.episode.show_id, sort_key__gt=recap.episode.sort_key
        ).order_by("sort_key")

    @property
    def started_token(self):
        """A fresh token for a form shown after a refusal (a page never cached); none on
        the page every reader shares, whose script fetches one (``views.comment_token``)."""
        return form_started_token() if self.is_bound else ""

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        links = count_links(body)
        if links > settings.COMMENT_MAX_LINKS:
            raise forms.ValidationError(
                self.TOO_MANY_LINKS.format(limit=settings.COMMENT_MAX_LINKS, count=links)
            )
        return body

    def clean_email(self):
        return self.cleaned_data["email"].lower()

    def clean(self):
        cleaned = super().clean()
        rules = (
            self._open,
            self._honeypot,
            self._not_too_quick,
            self._not_a_duplicate,
            self._rate,
            self._spend,
        )
        for rule in rules:
            if self.errors:
                break
            rule(cleaned)
        return cleaned

    def _refuse(self, message, status=400):
        self.status = status
        raise forms.ValidationError(message)

    def _open(self, cleaned):
        if not self.recap.comments_open:
            self._refuse(self.CLOSED, status=403)

    def _honeypot(self, cleaned):
        if cleaned.get("website"):
            self._refuse(self.HONEYPOT)

    def _not_too_quick(self, cleaned):
        try:
            issued, self.nonce = signing.loads(cleaned.get("started", ""), salt=SALT)
        except (signing.BadSignature, TypeError, ValueError):
            self._refuse(self.BROKEN)
        age = time.time() - issued if isinstance(issued, int) else -1
        if age > FORM_MAX_AGE:
            self._refuse(self.EXPIRED)
        if age < settings.COMMENT_MIN_SECONDS:
            self._refuse(self.TOO_QUICK)

    def _not_a_duplicate(self, cleaned):
        poster = self.poster
        same_poster = Q(ip_address=poster.address) if poster.address else Q(pk__in=[])
        if poster.user is not None:
            same_poster |= Q(user=poster.user)
        elif cleaned.get("email"):
            same_poster |= Q(email=cleaned["email"])
        if Comment.objects.filter(same_poster, recap=self.recap, body=cleaned["body"]).exists():
            self._refuse(self.DUPLICATE)

    def _rate(self, cleaned):
        poster, window = self.poster, settings.COMMENT_RATE_WINDOW_SECONDS
        limited = over_limit(
            f"comment:address:{poster.address}", settings.COMMENT_RATE_LIMIT_PER_ADDRESS, window
        )
        if poster.session_key:
            session = f"comment:session:{poster.session_key}"
            limited = over_limit(session, settings.COMMENT_RATE_LIMIT_PER_SESSION, window) or limited
        if limited:
            self._refuse(self.RATE_LIMITED.format(minutes=max(1, window // 60)), status=429)

    def _spend(self, cleaned):
        """Last, once every other rule has passed: the token posts this comment and no other."""
        try:
            with transaction.atomic():
                SpentCommentToken.objects.create(nonce=self.nonce)
        except IntegrityError:
            self._refuse(self.REUSED)
        SpentCommentToken.objects.filter(
            spent_at__lt=timezone.now() - timedelta(seconds=FORM_MAX_AGE)
        ).delete()
