"""What editors decide: accept (through the merge rules), edit then accept, decline (undoing
a published one), mark seen; and what applying a contribution writes."""

import reversion
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone

from recaps.importing.helpers import unique_slug
from recaps.importing.soundtrack.values import artist_key
from recaps.models import Contribution
from recaps.services import edit_merge, record_revision
from wiki.models import Artist, Cue, Scene, Song

from ..values import LISTEN_HOSTS, listen_host
from .common import (
    Kind,
    ProposalConflict,
    Status,
    current_values,
    song_matching,
    target_show_id,
)
from .notifying import notify_all


def publish_at_once(contribution):
    """A trusted fan's contribution, live at once: applied, not yet patrolled."""
    _apply(contribution, reviewer=None)
    contribution.status = Status.PUBLISHED
    contribution.patrolled = False
    contribution.save(update_fields=["status", "patrolled", "result_cue"])


@transaction.atomic
def contribution_accept(*, contribution, reviewer, edits=None, seen=None):
    """Accept an open (or published, unpatrolled) contribution.

    ``edits`` (edit then accept) replaces what the fan proposed: for a song,
    any of ``song``, ``title``, ``artist``, ``usage``, ``performers``,
    ``starts_at``; for a correction, field values as ``normalize`` gives them.
    ``seen`` is what the editor's form showed as the current values: what they
    saw there is no longer a newer edit. Raises ``ProposalConflict`` when
    something changed since that neither the fan nor the editor saw."""
    contribution = Contribution.objects.select_for_update().get(pk=contribution.pk)
    if contribution.status == Status.PUBLISHED:
        return contribution_patrol(contribution=contribution, reviewer=reviewer)
    if not contribution.is_open:
        raise ProposalConflict(f"This contribution was already {contribution.get_status_display().lower()}.")
    if contribution.kind == Kind.UNKNOWN:
        raise ProposalConflict(
            "An unidentified song is answered by a suggestion: accept that, or decline this."
        )
    what = _described(contribution)  # before: an accepted dispute removes its cue
    _apply(contribution, reviewer=reviewer, edits=edits, seen=seen)
    _close(contribution, reviewer, Status.ACCEPTED)
    notify_all(contribution, f"Your {what} was accepted. Thank you!")
    return contribution


@transaction.atomic
def contribution_decline(*, contribution, reviewer, reason):
    """Decline with a reason the fan sees. A published (trusted) one is undone:
    its cue removed, or the fields it changed restored where nobody changed them since."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError("Say why, in a sentence the contributor will read.", code="reason")
    contribution = Contribution.objects.select_for_update().get(pk=contribution.pk)
    if contribution.status == Status.PUBLISHED:
        _undo(contribution, reviewer)
    elif not contribution.is_open:
        raise ProposalConflict(f"This contribution was already {contribution.get_status_display().lower()}.")
    contribution.decline_reason = reason[:500]
    _close(contribution, reviewer, Status.DECLINED)
    notify_all(contribution, f"Your {_described(contribution)} was declined: {contribution.decline_reason}")
    return contribution


@transaction.atomic
def contribution_patrol(*, contribution, reviewer):
    """An editor has seen a trusted fan's published contribution: it stays.
    Only a published one: a pending one "seen" would be accepted unapplied."""
    contribution = Contribution.objects.select_for_update().get(pk=contribution.pk)
    if contribution.status != Status.PUBLISHED or contribution.patrolled:
        raise ProposalConflict(
            f"This contribution is {contribution.get_status_display().lower()}: there is nothing to mark seen."
        )
    _close(contribution, reviewer, Status.ACCEPTED)
    return contribution


def _close(contribution, reviewer, status):
    contribution.status = status
    contribution.reviewer = reviewer
    contribution.reviewed_at = timezone.now()
    contribution.patrolled = True
    contribution.save()


def _described(contribution):
    if contribution.kind == Kind.SONG:
        title = contribution.song.title if contribution.song else contribution.song_title
        return f"suggestion “{title}” for “{contribution.scene}”"
    if contribution.kind == Kind.DISPUTE:
        return f"report that “{contribution.cue}” is the wrong song"
    if contribution.kind == Kind.UNKNOWN:
        return f"unidentified song in “{contribution.scene}”"
    return f"correction to “{contribution.target}”"


def _revision(contribution, reviewer, obj, *, undo=False):
    """Describe the revision being made: the fan's work, reviewed by ``reviewer``;
    or, ``undo``, the editor's undoing of it. ``obj`` is added to it (a scene
    whose cue was added or removed is not itself saved), so that "Recent
    changes" links its version."""
    fan = contribution.contributor
    if undo:
        reversion.set_user(reviewer)
        reversion.set_comment(f"Declined contribution #{contribution.pk} from {fan}: undone.")
    else:
        reversion.set_user(fan)
        by = f", reviewed by {reviewer.get_username()}" if reviewer else " (trusted, published at once)"
        reversion.set_comment(f"Contribution #{contribution.pk} from {fan}{by}.")
    reversion.add_to_revision(obj)
    record_revision(obj, reviewed_by=None if undo else reviewer)


def _apply(contribution, *, reviewer, edits=None, seen=None):
    with reversion.create_revision():
        if contribution.kind == Kind.SONG:
            cue = _song_apply(contribution, edits or {})
            contribution.result_cue = cue
            _revision(contribution, reviewer, cue.scene)
        elif contribution.kind == Kind.CORRECTION:
            target = _correction_apply(contribution, edits, seen)
            _revision(contribution, reviewer, target)
        elif contribution.kind == Kind.DISPUTE:
            cue = contribution.cue
            scene = cue.scene
            # The cue's disputes (this one, earlier declined ones) outlive it, in its scene.
            Contribution.objects.filter(kind=Kind.DISPUTE, cue=cue).update(scene=scene, cue=None)
            contribution.scene, contribution.cue = scene, None
            cue.delete()
            _revision(contribution, reviewer, scene)


def _song_apply(contribution, edits):
    scene = Scene.objects.select_for_update().get(pk=contribution.scene_id)
    title = edits.get("title", contribution.song_title)
    artist = edits.get("artist", contribution.artist_name)
    typed = "title" in edits or "artist" in edits  # the editor's title and artist replace the fan's song
    song = edits.get("song") or (None if typed else contribution.song)
    if song is None:
        song = song_matching(title, artist) or _song_create(title, artist)
    if scene.cues.filter(song=song).exists():
        raise ProposalConflict(f"“{song.title}” was added to this scene since it was suggested.")
    _listen_link_fill(song, contribution.listen_url)
    position = (scene.cues.aggregate(last=Max("position"))["last"] or 0) + 1
    cue = Cue(
        scene=scene,
        song=song,
        position=position,
        kind=edits.get("usage") or contribution.usage or Cue.Kind.BACKGROUND,
        starts_at=edits.get("starts_at", contribution.starts_at),
    )
    cue.full_clean()
    cue.save()
    performers = edits.get("performers")
    cue.performers.set(contribution.performers.all() if performers is None else performers)
    # Reports of an unknown song in this scene are answered.
    answered = Contribution.objects.open().filter(kind=Kind.UNKNOWN, scene=scene)
    for report in answered:
        notify_all(report, f"The song you could not name in “{scene}” was identified: “{song.title}”.")
    answered.update(status=Status.ACCEPTED, reviewed_at=timezone.now(), result_cue=cue)
    return cue


def _song_create(title, artist_name):
    if not (title and artist_name):
        raise ValidationError("A new song needs its title and its artist.", code="song")
    artist = (
        next((a for a in Artist.objects.filter(name__iexact=artist_name)), None)
        or Artist.objects.filter(name__icontains=artist_name.split(" ")[0]).first()
    )
    if artist is None or artist_key(artist.name) != artist_key(artist_name):
        artist = Artist.objects.create(
            name=artist_name, slug=unique_slug(Artist.objects, artist_name, fallback="artist")
        )
    return Song.objects.create(
        title=title, artist=artist, slug=unique_slug(Song.objects, title, fallback="song")
    )


def _listen_link_fill(song, url):
    """A fan's listen link fills the song's link for that service, if it has none."""
    field = LISTEN_HOSTS.get(listen_host(url) or "")
    if field and not getattr(song, field):
        setattr(song, field, url)
        song.save(update_fields=[field, "updated_at"])


def _correction_apply(contribution, edits, seen):
    target = contribution.target
    target = type(target).objects.select_for_update().get(pk=target.pk)
    mine = dict(contribution.changes if edits is None else edits)
    theirs = current_values(target)
    base = {**contribution.base, **(seen or {})}
    merge = edit_merge(base=base, theirs=theirs, mine=mine)
    if merge.conflicts:
        raise ProposalConflict(
            "Someone changed this since the proposal was made: "
            + ", ".join(target._meta.get_field(n).verbose_name for n in merge.conflicts)
            + ". Compare, then edit and accept, or decline.",
            {name: (theirs[name], mine[name]) for name in merge.conflicts},
        )
    apply = {name: value for name, value in mine.items() if name not in merge.keep_theirs}
    _assign(target, apply)
    return target


def _assign(target, values):
    """Set normalized ``values`` on ``target`` through its fields, validated."""
    relations = {}
    for name, value in values.items():
        field = target._meta.get_field(name)
        if field.many_to_many:
            relations[name] = list(field.related_model.objects.filter(pk__in=value or []))
            continue
        if isinstance(field, models.ForeignKey):
            setattr(target, field.attname, int(value) if value else None)
        else:
            setattr(target, name, field.to_python(value) if value != "" or not field.null else None)
    target.full_clean()
    target.save()
    for name, related in relations.items():
        wrong = [r for r in related if getattr(r, "show_id", None) != target_show_id(target)]
        if wrong:
            raise ValidationError(f"{name}: only characters of this show.", code="strangers")
        getattr(target, name).set(related)


def _undo(contribution, reviewer):
    with reversion.create_revision():
        if contribution.kind == Kind.SONG and contribution.result_cue_id:
            scene = contribution.result_cue.scene
            contribution.result_cue.delete()
            contribution.result_cue = None  # else saving the contribution writes the deleted cue's id back
            _revision(contribution, reviewer, scene, undo=True)
        elif contribution.kind == Kind.CORRECTION:
            target = type(contribution.target).objects.select_for_update().get(pk=contribution.target.pk)
            merge = edit_merge(
                base=contribution.changes, theirs=current_values(target), mine=contribution.base
            )
            _assign(
                target,
                {n: v for n, v in contribution.base.items() if n not in merge.conflicts + merge.keep_theirs},
            )
            _revision(contribution, reviewer, target, undo=True)
