"""What fans send: a song for a scene, an unidentified song, a correction."""

import contextlib

from django.core.exceptions import ValidationError
from django.db import transaction

from recaps.importing.soundtrack.values import artist_key, song_key
from recaps.models import Contribution
from wiki.models import Cue

from ..values import CORRECTABLE
from .common import (
    Kind,
    ProposalConflict,
    add_supporter,
    check_rate,
    is_trusted,
    new_contribution,
    song_matching,
    target_kind,
    target_show_id,
)
from .reviewing import publish_at_once


@transaction.atomic
def song_suggest(
    *,
    contributor,
    scene,
    song=None,
    title="",
    artist="",
    usage=Cue.Kind.BACKGROUND,
    performers=(),
    starts_at=None,
    listen_url="",
    note="",
):
    """Suggest a song for ``scene``: ``song`` from the catalogue, or ``title`` and
    ``artist`` typed in. Returns ``(contribution, merged)``; ``merged`` when an
    open suggestion of the same song took the fan as a supporter."""
    song = song or (song_matching(title, artist) if title and artist else None)
    if song is not None and scene.cues.filter(song=song).exists():
        raise ValidationError(
            f"“{song.title}” is already listed in this scene: confirm it there instead.", code="listed"
        )
    strangers = [c for c in performers if c.show_id != scene.show_id]
    if strangers:
        raise ValidationError("Performers must be characters of this show.", code="performers")
    check_rate(contributor)
    same = Contribution.objects.open().filter(kind=Kind.SONG, scene=scene)
    if song is not None:
        duplicate = same.filter(song=song).first()
    else:
        duplicate = next(
            (
                c
                for c in same.filter(song__isnull=True)
                if song_key(c.song_title) == song_key(title)
                and artist_key(c.artist_name) == artist_key(artist)
            ),
            None,
        )
    if duplicate is not None:
        return add_supporter(duplicate, contributor.user), True
    contribution = new_contribution(
        contributor,
        kind=Kind.SONG,
        show_id=scene.show_id,
        scene=scene,
        song=song,
        song_title="" if song else title,
        artist_name="" if song else artist,
        usage=usage or Cue.Kind.BACKGROUND,
        starts_at=starts_at,
        listen_url=listen_url,
        note=note,
    )
    contribution.full_clean()
    contribution.save()
    contribution.performers.set(performers)
    if is_trusted(contributor.user):
        # The song added to the scene meanwhile, or a value the model refuses: it waits for an editor.
        with contextlib.suppress(ProposalConflict, ValidationError), transaction.atomic():
            publish_at_once(contribution)
    return contribution, False


@transaction.atomic
def unknown_report(*, contributor, scene, starts_at=None):
    """ "A song plays here but I don't know it": lists ``scene`` under
    unidentified songs at once (a report holds no text, only a time)."""
    check_rate(contributor)
    duplicate = Contribution.objects.open().filter(kind=Kind.UNKNOWN, scene=scene).first()
    if duplicate is not None:
        return add_supporter(duplicate, contributor.user), True
    contribution = new_contribution(
        contributor, kind=Kind.UNKNOWN, show_id=scene.show_id, scene=scene, starts_at=starts_at
    )
    contribution.full_clean()
    contribution.save()
    return contribution, False


@transaction.atomic
def correction_propose(*, contributor, target, changes, base, note=""):
    """Propose new values for fields of ``target`` (a scene, episode, character
    or cue). ``changes`` maps field names to normalized values (``normalize``);
    ``base`` what the fan was shown (the form's snapshot). Only fields that
    differ from ``base`` are kept; none refuses."""
    kind = target_kind(target)
    allowed = CORRECTABLE[kind]
    changes = {name: value for name, value in changes.items() if name in allowed and value != base.get(name)}
    if not changes:
        raise ValidationError("Nothing was changed: edit a field to propose a correction.", code="unchanged")
    check_rate(contributor)
    same = Contribution.objects.open().filter(kind=Kind.CORRECTION, **{kind: target})
    duplicate = next((c for c in same if c.changes == changes), None)
    if duplicate is not None:
        return add_supporter(duplicate, contributor.user), True
    contribution = new_contribution(
        contributor,
        kind=Kind.CORRECTION,
        show_id=target_show_id(target),
        changes=changes,
        base={name: base.get(name, "") for name in changes},
        note=note,
        **{kind: target},
    )
    contribution.full_clean()
    contribution.save()
    if is_trusted(contributor.user):
        # A newer edit in between, or a value the model refuses: it waits for an editor, who sees why.
        with contextlib.suppress(ProposalConflict, ValidationError), transaction.atomic():
            publish_at_once(contribution)
    return contribution, False
