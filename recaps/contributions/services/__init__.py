"""Every write fans' contributions make, and the rules they share.

- **Rate limits**: ``CONTRIBUTION_RATE_LIMIT_PER_ACCOUNT`` and ``…_PER_ADDRESS``
  submissions (suggestions, reports, corrections) in
  ``CONTRIBUTION_RATE_WINDOW_SECONDS``; votes count separately, per account.
- **Duplicates**: the same open suggestion again (same scene and song, or the
  same correction of the same thing) adds its fan as a supporter instead.
- **Trust**: a fan with ``CONTRIBUTION_TRUST_AFTER`` contributions accepted by
  editors is published at once (``published``, not yet ``patrolled``); an
  editor marks it seen later, or declines it, which undoes it.
- **Acceptance** goes through the merge rules of editors' own saves
  (``recaps.services.edit_merge``): a correction is applied only to fields
  nobody changed since it was proposed; otherwise ``ProposalConflict`` says
  which, with what is there now, and the editor may edit and accept.
- **History**: what an accepted contribution changes is one revision whose
  user is the fan and whose ``RevisionInfo.reviewed_by`` is the editor.

The modules: ``common`` (who sends, rate limits, duplicates, trust, where a
target belongs), ``suggesting``, ``reviewing``, ``voting``, ``notifying``.
"""

from .common import (
    TARGETS,
    Contributor,
    ProposalConflict,
    current_values,
    is_trusted,
    song_matching,
    target_kind,
    target_show_id,
)
from .notifying import notifications_read, notify, unread_count, unread_warm
from .reviewing import contribution_accept, contribution_decline, contribution_patrol
from .suggesting import correction_propose, song_suggest, unknown_report
from .voting import cue_vote

__all__ = [
    "TARGETS",
    "Contributor",
    "ProposalConflict",
    "contribution_accept",
    "contribution_decline",
    "contribution_patrol",
    "correction_propose",
    "cue_vote",
    "current_values",
    "is_trusted",
    "notifications_read",
    "notify",
    "song_matching",
    "song_suggest",
    "target_kind",
    "target_show_id",
    "unknown_report",
    "unread_count",
    "unread_warm",
]
