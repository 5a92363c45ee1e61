"""`manage.py load_demo` loads Soundtrack S1E2 from our own words, idempotently."""

import io

import pytest
from django.core.management import call_command

from wiki.models import Appearance, Character, Cue, Episode, Scene, Song


def snapshot():
    return {
        model.__name__: sorted(model.objects.values_list("pk", flat=True))
        for model in (Episode, Scene, Character, Song, Cue, Appearance)
    } | {"updated": sorted(Episode.objects.values_list("updated_at", flat=True))}


@pytest.mark.django_db
def test_load_demo_twice_changes_nothing(demo):
    before = snapshot()
    call_command("load_demo", no_art=True, stdout=io.StringIO())
    assert snapshot() == before


@pytest.mark.django_db
def test_demo_has_episodes_1_to_3_and_the_five_songs_of_episode_2(demo):
    assert list(Episode.objects.values_list("number", flat=True)) == [1, 2, 3]
    episode = Episode.objects.get(number=2)
    assert episode.title == "Track 2: Joanna and Nellie"
    cues = Cue.objects.filter(scene__episode=episode).order_by("scene__position", "position")
    sung = [(c.song.title, c.song.artist.name, [p.name for p in c.performers.all()]) for c in cues]
    assert sung == [
        ("Heat", "Kelly Clarkson", ["Joanna"]),
        ("Never Gonna Happen", "Lily Allen", ["Nellie"]),
        ("Crash and Burn Girl", "Robyn", ["Joanna"]),
        ("Unconditionally", "Katy Perry", ["Nellie"]),
        ("Mercy", "Duffy", ["Joanna"]),
    ]


@pytest.mark.django_db
def test_demo_has_the_seven_characters_of_the_seed(demo):
    names = set(Character.objects.values_list("name", flat=True))
    assert names == {"Joanna", "Nellie", "Sam", "Levi", "Nellie's mother", "Nellie's friend",
                     "The crying woman"}  # fmt: skip


@pytest.mark.django_db
def test_load_demo_draws_a_poster_stills_and_portraits_once_each_with_alt_text(client):
    from wiki.models import Character, Show

    call_command("load_demo", stdout=io.StringIO())
    show = Show.objects.get(slug="soundtrack")
    nellie = Character.objects.get(slug="nellie")
    episode = Episode.objects.get(number=2)
    for obj, field in ((show, "poster"), (episode, "still"), (nellie, "portrait")):
        assert getattr(obj, field) and getattr(obj, f"{field}_width"), field
        assert "Illustrat" in getattr(obj, f"{field}_alt"), field
    assert not Episode.objects.get(number=3).still  # no scenes yet: nothing to picture
    names = (show.poster.name, nellie.portrait.name)
    call_command("load_demo", stdout=io.StringIO())
    show.refresh_from_db()
    nellie.refresh_from_db()
    assert (show.poster.name, nellie.portrait.name) == names
    html = client.get("/shows/soundtrack/characters/nellie/").content.decode()
    assert 'alt="Illustrated portrait of Nellie' in html
