"""Shared fixtures of the catalogue's tests."""

import pytest

from tests import factories as f
from wiki.models import Character, Cue, Episode, Show

# Words that exist only in episode 3 and what it reveals.
MARKERS = ["Zanzibar", "ZEPHYRSYN", "Quixotica", "Marmalade", "XYLOPHONEBIO", "VELVETROLE"]


@pytest.fixture
def later(demo):
    """Episode 3 of the demo show, full of marker words."""
    show = Show.objects.get(slug="soundtrack")
    episode = Episode.objects.get(show=show, number=3)
    episode.title = "Track 3: Zanzibar"
    episode.synopsis = "Everything changes. ZEPHYRSYN."
    episode.save()
    nellie = Character.objects.get(show=show, slug="nellie")
    nellie.bio = "An artist.\n\n::: S1E3\nShe later XYLOPHONEBIO.\n:::\n"
    nellie.save()
    newcomer = f.make_character(
        show,
        name="Quixotica",
        slug="quixotica",
        played_by=f.make_person(name="Pat Persimmon", slug="pat-persimmon"),
    )
    newcomer.aliases = "VELVETROLE"
    newcomer.save()
    scene = f.make_scene(episode, title="Marmalade morning", characters=[nellie, newcomer])
    song = f.make_song(
        title="Marmalade Sky", slug="marmalade-sky", artist=f.make_artist(name="Velvetine", slug="velvetine")
    )
    f.make_cue(scene, song=song, performers=[nellie])
    heat = Cue.objects.get(song__slug="heat")
    f.make_cue(scene, song=heat.song, position=2, performers=[newcomer])
    f.make_recap(
        episode, title="Zanzibar at last", slug="zanzibar-recap", body="[[Nellie]] and [[Quixotica]] meet."
    )
    return episode
