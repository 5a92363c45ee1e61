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
"""

import contextlib
import ipaddress
from dataclasses import dataclass

import reversion
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from config.cache import CacheUnavailable
from recaps.importing.helpers import unique_slug
from recaps.importing.soundtrack.values import artist_key, song_key
from recaps.models import Contribution, ContributionSupporter, CueVote, Notification
from recaps.services import edit_merge, normalize, record_revision
from wiki.models import Artist, Character, Cue, Episode, Scene, Song
from wiki.pagecache import bump_generation
from wiki.ratelimit import client_address, over_limit

from .values import CORRECTABLE, LISTEN_HOSTS, listen_host

Kind, Status = Contribution.Kind, Contribution.Status
TARGETS = {"scene": Scene, "episode": Episode, "character": Character, "cue": Cue}


@dataclass(frozen=True)
class Contributor:
    """Who is contributing: a signed-in account and the address it came from."""

    user: object
    address: str

    @classmethod
    def from_request(cls, request):
        return cls(request.user, client_address(request))

    @property
    def display_name(self):
        return self.user.get_username()


class ProposalConflict(Exception):
    """A contribution meets a newer edit: ``fields`` maps each field both
    changed to (what is there now, what the contribution says)."""

    def __init__(self, message, fields=None):
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


def is_trusted(user):
    """Editors accepted at least ``CONTRIBUTION_TRUST_AFTER`` of the fan's contributions."""
    accepted = Contribution.objects.by(user).filter(status=Status.ACCEPTED, reviewer__isnull=False)
    return accepted.count() >= settings.CONTRIBUTION_TRUST_AFTER


def _check_rate(contributor):
    window = settings.CONTRIBUTION_RATE_WINDOW_SECONDS
    per_account = over_limit(
        f"contrib:user:{contributor.user.pk}", settings.CONTRIBUTION_RATE_LIMIT_PER_ACCOUNT, window
    )
    per_address = contributor.address and over_limit(
        f"contrib:addr:{contributor.address}", settings.CONTRIBUTION_RATE_LIMIT_PER_ADDRESS, window
    )
    if per_account or per_address:
        raise ValidationError(
            "You have sent many contributions in a short time. Please wait an hour and send this again: "
            "what you typed is kept below.",
            code="rate",
        )


def _supported(contribution, user):
    """Add ``user`` to an open contribution like theirs (not their own): the duplicate merged."""
    if contribution.contributor_id != user.pk:
        ContributionSupporter.objects.get_or_create(contribution=contribution, user=user)
    return contribution


def _new(contributor, **fields):
    # Only an address (a proxy's header may hold anything): the model would refuse the contribution.
    address = contributor.address if _is_address(contributor.address) else None
    return Contribution(contributor=contributor.user, address=address, **fields)


def _is_address(text):
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


# ---------------------------------------------------------------- suggest


def song_matching(title, artist):
    """The catalogue's song with this title by this artist, matched by
    normalised names ("Heat (Remastered 2011)" is Heat), or None."""
    wanted_song, wanted_artist = song_key(title), artist_key(artist)
    first_word = wanted_song.split(" ")[0] if wanted_song else ""
    candidates = Song.objects.select_related("artist").filter(title__icontains=first_word)[:200]
    for song in candidates:
        if song_key(song.title) == wanted_song and artist_key(song.artist.name) == wanted_artist:
            return song
    return None


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
    _check_rate(contributor)
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
        return _supported(duplicate, contributor.user), True
    contribution = _new(
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
            _publish(contribution)
    return contribution, False


@transaction.atomic
def unknown_report(*, contributor, scene, starts_at=None):
    """ "A song plays here but I don't know it": lists ``scene`` under
    unidentified songs at once (a report holds no text, only a time)."""
    _check_rate(contributor)
    duplicate = Contribution.objects.open().filter(kind=Kind.UNKNOWN, scene=scene).first()
    if duplicate is not None:
        return _supported(duplicate, contributor.user), True
    contribution = _new(
        contributor, kind=Kind.UNKNOWN, show_id=scene.show_id, scene=scene, starts_at=starts_at
    )
    contribution.full_clean()
    contribution.save()
    return contribution, False


def target_kind(obj):
    return next(kind for kind, model in TARGETS.items() if isinstance(obj, model))


def target_show_id(obj):
    return obj.scene.show_id if isinstance(obj, Cue) else obj.show_id


def current_values(target):
    """What the correctable fields of ``target`` hold now, normalized as the merge compares them."""
    values = {}
    for name in CORRECTABLE[target_kind(target)]:
        value = getattr(target, name)
        values[name] = normalize(value)
    return values


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
    _check_rate(contributor)
    same = Contribution.objects.open().filter(kind=Kind.CORRECTION, **{kind: target})
    duplicate = next((c for c in same if c.changes == changes), None)
    if duplicate is not None:
        return _supported(duplicate, contributor.user), True
    contribution = _new(
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
            _publish(contribution)
    return contribution, False


# ---------------------------------------------------------------- review


def _publish(contribution):
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
    _notify_all(contribution, f"Your {what} was accepted. Thank you!")
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
    _notify_all(contribution, f"Your {_described(contribution)} was declined: {contribution.decline_reason}")
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
        _notify_all(report, f"The song you could not name in “{scene}” was identified: “{song.title}”.")
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


# ---------------------------------------------------------------- votes


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
    transaction.on_commit(bump_generation, robust=True)
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
        _supported(open_dispute, user)
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


# ---------------------------------------------------------------- notifications

UNREAD_SECONDS = 24 * 3600  # how long a cached unread count is trusted without a change


def _unread_key(user_id):
    return f"notifications:unread:{user_id}"


def unread_count(user):
    """How many unread notifications ``user`` has, for the header: from the
    cache, which ``notify``, ``notifications_read`` and signing in keep
    current, so a page costs a query only when the cache lost the count (or
    is down: then it is counted and nothing is stored)."""
    key = _unread_key(user.pk)
    with contextlib.suppress(CacheUnavailable):
        count = cache.get(key)
        if count is not None:
            return count
    return unread_warm(user_ids=[user.pk])[user.pk]


def unread_warm(*, user_ids):
    """Count the unread notifications of ``user_ids`` (one query) and store the counts."""
    rows = (
        Notification.objects.filter(user_id__in=user_ids)
        .unread()
        .order_by()
        .values("user_id")
        .annotate(n=Count("pk"))
        .values_list("user_id", "n")
    )
    counts = {user_id: 0 for user_id in user_ids} | dict(rows)
    with contextlib.suppress(CacheUnavailable):
        cache.set_many({_unread_key(user_id): n for user_id, n in counts.items()}, timeout=UNREAD_SECONDS)
    return counts


def _unread_forget(user_ids):
    with contextlib.suppress(CacheUnavailable):
        cache.delete_many([_unread_key(user_id) for user_id in user_ids])


def notify(*, users, message, url=""):
    """Leave ``message`` for each of ``users`` (None skipped, each once). Their
    header counts are recounted once the notifications are committed (until
    then a page would count none of them)."""
    users = list({u.pk: u for u in users if u}.values())
    Notification.objects.bulk_create([Notification(user=u, message=message[:300], url=url) for u in users])
    user_ids = [u.pk for u in users]
    _unread_forget(user_ids)
    transaction.on_commit(lambda: unread_warm(user_ids=user_ids), robust=True)


def _notify_all(contribution, message):
    users = [contribution.contributor, *(s.user for s in contribution.supporters.select_related("user"))]
    notify(users=users, message=message, url="/account/contributions/")


def notifications_read(*, user):
    """Mark all of ``user``'s notifications read (they opened "My contributions")."""
    Notification.objects.filter(user=user).unread().update(read_at=timezone.now())
    with contextlib.suppress(CacheUnavailable):
        cache.set(_unread_key(user.pk), 0, timeout=UNREAD_SECONDS)
