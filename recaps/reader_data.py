"""What a reader wrote and did here, for their download of their own data
(``wiki.exports.readers``, through ``wiki.hooks.READER_DATA``): comments,
contributions, the contributions they seconded, votes on cues, notifications.

Their own words in full, with what became of them (status, review). Left
out: what only moderators keep about them (the address a comment or a
contribution came from) and other people's data (who reviewed it).
Six queries, whatever the numbers of rows.
"""

from django.db.models import Prefetch

from wiki.exports.catalogue import duration_iso
from wiki.exports.readers import instant
from wiki.models import Character

from .models import Comment, Contribution, ContributionSupporter, CueVote, Notification


def reader_data(user):
    comments = Comment.objects.filter(user=user).select_related("recap__episode__show", "spoils")
    contributions = (
        Contribution.objects.filter(contributor=user)
        .select_related("show", "song")
        .prefetch_related(Prefetch("performers", queryset=Character.objects.order_by("pk")))
    )
    seconded = ContributionSupporter.objects.filter(user=user).order_by("created_at", "pk")
    votes = CueVote.objects.filter(user=user).select_related("cue__song", "cue__scene__episode__show")
    return {
        "comments": [_comment(c) for c in comments.order_by("created_at", "pk")],
        "contributions": [_contribution(c) for c in contributions.order_by("created_at", "pk")],
        "contributions_seconded": [
            {"contribution": s.contribution_id, "created_at": instant(s.created_at)} for s in seconded
        ],
        "cue_votes": [_vote(v) for v in votes.order_by("created_at", "pk")],
        "notifications": [
            {
                "message": n.message,
                "url": n.url,
                "created_at": instant(n.created_at),
                "read_at": instant(n.read_at),
            }
            for n in Notification.objects.filter(user=user).order_by("created_at", "pk")
        ],
    }


def _comment(comment):
    episode = comment.recap.episode
    return {
        "id": comment.pk,
        "recap": comment.recap.title,
        "show": episode.show.slug,
        "episode": episode.code,
        "url": comment.get_absolute_url(),
        "name": comment.name,
        "email": comment.email,
        "body": comment.body,
        "spoils": comment.spoils and comment.spoils.code,
        "status": comment.status,
        "created_at": instant(comment.created_at),
    }


def _contribution(contribution):
    return {
        "id": contribution.pk,
        "kind": contribution.kind,
        "status": contribution.status,
        "show": contribution.show.slug,
        "scene": contribution.scene_id,
        "episode": contribution.episode_id,
        "character": contribution.character_id,
        "cue": contribution.cue_id,
        "song": contribution.song_id,
        "song_title": contribution.song.title if contribution.song else contribution.song_title,
        "artist_name": contribution.artist_name,
        "usage": contribution.usage,
        "performers": [p.pk for p in contribution.performers.all()],
        "starts_at": duration_iso(contribution.starts_at),
        "listen_url": contribution.listen_url,
        "changes": contribution.changes,
        "note": contribution.note,
        "created_at": instant(contribution.created_at),
        "reviewed_at": instant(contribution.reviewed_at),
        "decline_reason": contribution.decline_reason,
    }


def _vote(vote):
    cue = vote.cue
    return {
        "cue": cue.pk,
        "song": cue.song.title,
        "show": cue.scene.episode.show.slug,
        "episode": cue.scene.episode.code,
        "scene": cue.scene.position,
        "confirms": vote.confirms,
        "created_at": instant(vote.created_at),
    }
