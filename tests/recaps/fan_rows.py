"""Rows for the fans' public side tests: accounts, votes and contributions."""

from django.contrib.auth.models import User

from recaps.models import Contribution
from tests import factories as f

ORIGIN = {"HTTP_ORIGIN": "http://testserver"}


def make_fan(username="fan"):
    return User.objects.create_user(username=username, password="pw", email=f"{username}@example.com")


def signed_in(client, user):
    client.force_login(user)
    return client


def two_episodes():
    """A show with episodes 1 and 2, a scene with one cue in each: (cue_1, cue_2)."""
    season = f.make_season()
    cues = []
    for number in (1, 2):
        episode = f.make_episode(season=season, number=number)
        cues.append(f.make_cue(f.make_scene(episode)))
    return cues


def make_contribution(fan, *, status=Contribution.Status.ACCEPTED, kind=Contribution.Kind.SONG, **target):
    """A contribution as the services leave it, made directly (no rate limit): a song for ``scene``
    by default; ``cue=``, ``episode=`` or ``character=`` with ``changes`` for a correction."""
    scene = target.get("scene") or (target["cue"].scene if "cue" in target else None)
    show = (scene.episode if scene else target.get("episode") or target["character"]).show
    fields = {"song": f.make_song()} if kind == Contribution.Kind.SONG and "song" not in target else {}
    return Contribution.objects.create(
        contributor=fan, status=status, kind=kind, show=show, address="203.0.113.9", **fields, **target
    )
