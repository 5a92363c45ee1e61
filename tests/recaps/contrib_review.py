"""Rows for the review queue's tests: fans, and contributions made through the services."""

from django.contrib.auth.models import User

from recaps.contributions.services import (
    Contributor,
    correction_propose,
    current_values,
    song_suggest,
    unknown_report,
)
from recaps.services import normalize

_addresses = iter(range(1, 250))


def make_fan(username="fan"):
    return User.objects.create_user(username, password="pw")


def as_fan(user):
    return Contributor(user, f"10.0.0.{next(_addresses)}")


def suggest(scene, fan, **fields):
    """A song suggestion for ``scene``: ``song=`` or ``title=`` and ``artist=``."""
    return song_suggest(contributor=as_fan(fan), scene=scene, **fields)[0]


def report(scene, fan, **fields):
    return unknown_report(contributor=as_fan(fan), scene=scene, **fields)[0]


def correct(target, fan, **changes):
    """A correction of ``target``: its fields as the fan saw them now, with ``changes``."""
    base = current_values(target)
    proposed = {**base, **{name: normalize(value) for name, value in changes.items()}}
    return correction_propose(contributor=as_fan(fan), target=target, changes=proposed, base=base)[0]
