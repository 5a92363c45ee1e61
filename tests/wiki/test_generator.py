"""`manage.py generate_catalog` builds the catalogue it is asked for, the same every time."""

import io

import pytest
from django.core.management import CommandError, call_command

from wiki.models import Appearance, Character, Cue, Episode, Scene, Show, Song

SMALL = {"shows": 3, "scenes": 300, "characters": 60, "songs": 40, "scenes_per_episode": 10}


def generate(**options):
    call_command("generate_catalog", stdout=io.StringIO(), stderr=io.StringIO(), **(SMALL | options))


@pytest.mark.django_db
def test_generator_makes_the_requested_counts():
    generate()
    assert Show.objects.count() == 3
    assert Scene.objects.count() == 300
    assert Episode.objects.count() == 30
    assert Character.objects.count() == 60
    assert Song.objects.count() == 40
    assert Appearance.objects.count() >= 300
    assert Cue.objects.exists()


@pytest.mark.django_db
def test_generator_is_deterministic_for_a_seed():
    generate(prefix="a")
    generate(prefix="b")
    first = list(Character.objects.filter(slug__startswith="a-").values_list("name", flat=True))
    assert first == list(Character.objects.filter(slug__startswith="b-").values_list("name", flat=True))


@pytest.mark.django_db
def test_generated_pages_render(client):
    generate()
    episode = Episode.objects.with_show().first()
    page = client.get(episode.get_absolute_url())
    assert page.status_code == 200 and "Scene 10" in page.content.decode()
    # Ids were given explicitly: new rows made the ordinary way must not collide.
    assert Show.objects.create(title="After", slug="after").pk > 3


@pytest.mark.django_db
def test_generator_refuses_to_run_twice_with_one_prefix():
    generate()
    with pytest.raises(CommandError, match="exists already"):
        generate()
