"""Recaps and everything editorial: articles, comments, fans' contributions, history.

Episode ─< Recap >─ User (author)                                   ``articles``
Recap ─< Comment >─ User (a signed-in commenter, or none),          ``comments``
    Comment >─ Episode (the later episode it spoils)
TrustedCommenter: a commenter whose comments appear without moderation
Contribution >─ Scene | Episode | Character | Cue, >─ User         ``contributions``
    (a fan's song suggestion, unidentified-song report, correction or dispute)
Cue ─< CueVote >─ User; User ─< Notification
Recap ─< WikiLink (its [[links]], in ``wiki.text.linked``)
reversion.Revision ── RevisionInfo (what a saved revision was about)  ``history``

Every change saved through the admin to a recap, episode, scene, character
or song is kept by django-reversion (registered in ``history``).
"""

from .articles import LINK_HELP, WORDS_PER_MINUTE, Recap
from .comments import Comment, SpentCommentToken, TrustedCommenter
from .contributions import Contribution, ContributionSupporter, CueVote, Notification
from .history import RevisionInfo, episode_key_of, show_id_of

__all__ = [
    "LINK_HELP",
    "WORDS_PER_MINUTE",
    "Comment",
    "Contribution",
    "ContributionSupporter",
    "CueVote",
    "Notification",
    "Recap",
    "RevisionInfo",
    "SpentCommentToken",
    "TrustedCommenter",
    "episode_key_of",
    "show_id_of",
]
