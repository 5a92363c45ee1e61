"""What every contribution's write shares: who sends it, the rate limits,
duplicates merged, trust, and where a target belongs."""

import ipaddress
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError

from recaps.importing.soundtrack.values import artist_key, song_key
from recaps.models import Contribution, ContributionSupporter
from recaps.services import normalize
from wiki.models import Character, Cue, Episode, Scene, Song
from wiki.ratelimit import client_address, over_limit

from ..values import CORRECTABLE

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


def check_rate(contributor):
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


def add_supporter(contribution, user):
    """Add ``user`` to an open contribution like theirs (not their own): the duplicate merged."""
    if contribution.contributor_id != user.pk:
        ContributionSupporter.objects.get_or_create(contribution=contribution, user=user)
    return contribution


def new_contribution(contributor, **fields):
    # Only an address (a proxy's header may hold anything): the model would refuse the contribution.
    address = contributor.address if _is_address(contributor.address) else None
    return Contribution(contributor=contributor.user, address=address, **fields)


def _is_address(text):
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


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
