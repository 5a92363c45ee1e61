"""Readers' votes on cues, and the disputes they open."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from recaps.models import Contribution, ContributionSupporter, CueVote
from wiki.generation import bump_on_commit
from wiki.models import Cue
from wiki.ratelimit import over_limit

from .common import (
    Kind,
    add_supporter,
)


@transaction.atomic
def cue_vote(*, cue, user, confirms):
    """One account's vote on a cue ("yes, that's the song" or "wrong song"),
    replacing its earlier one. Enough "wrong song" votes since the last review
    put the cue in the editors' queue as a dispute; later ones support it.

    The cue row is locked while its votes are counted, so two readers voting at
    once cannot both write a count that misses the other's vote. The counts
    are written with ``update()`` (a save would reindex the cue for search), so
    the page cache, which listens for saves, is told here: anonymous pages show
    the new confidence at once."""
    if over_limit(
        f"vote:user:{user.pk}", settings.CUE_VOTE_RATE_LIMIT, settings.CONTRIBUTION_RATE_WINDOW_SECONDS
    ):
        raise ValidationError("You have voted many times in a short time. Please wait a while.", code="rate")
    locked = Cue.objects.select_for_update().filter(pk=cue.pk)
    list(locked.values_list("pk"))
    CueVote.objects.update_or_create(
        cue=cue, user=user, defaults={"confirms": confirms, "created_at": timezone.now()}
    )
    counts = CueVote.objects.filter(cue=cue).aggregate(
        yes=Count("pk", filter=Q(confirms=True)), no=Count("pk", filter=Q(confirms=False))
    )
    locked.update(confirmed_count=counts["yes"], disputed_count=counts["no"])
    cue.confirmed_count, cue.disputed_count = counts["yes"], counts["no"]
    bump_on_commit()
    if not confirms:
        _dispute_maybe(cue, user)
    return cue


def _dispute_maybe(cue, user):
    """Open a dispute once ``CUE_DISPUTES_TO_REVIEW`` "wrong song" votes were
    cast since the cue's last reviewed dispute; while one is open, each later
    "wrong song" vote makes its reader a supporter of it (one dispute, not two)."""
    disputes = Contribution.objects.filter(kind=Kind.DISPUTE, cue=cue)
    open_dispute = disputes.open().first()
    if open_dispute is not None:
        add_supporter(open_dispute, user)
        return
    last_review = disputes.aggregate(at=Max("reviewed_at"))["at"]
    wrong = CueVote.objects.filter(cue=cue, confirms=False)
    if last_review is not None:
        wrong = wrong.filter(created_at__gt=last_review)
    if wrong.count() >= settings.CUE_DISPUTES_TO_REVIEW:
        contribution = Contribution.objects.create(
            kind=Kind.DISPUTE, contributor=user, show_id=cue.scene.show_id, cue=cue
        )
        for vote in wrong.exclude(user=user).select_related("user"):
            ContributionSupporter.objects.get_or_create(contribution=contribution, user=vote.user)
