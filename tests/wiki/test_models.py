"""The database guards the catalogue: constraints, derived fields, validation."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests import factories as f
from wiki.models import Cue, Episode, Scene


@pytest.mark.django_db
def test_episode_number_is_unique_within_a_season():
    episode = f.make_episode(number=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        Episode.objects.create(season=episode.season, number=2, title="Again")
    duplicate = Episode(season=episode.season, number=2, title="Again")
    with pytest.raises(ValidationError, match="already has an episode with this number"):
        duplicate.full_clean()


@pytest.mark.django_db
def test_same_episode_number_is_fine_in_another_season():
    episode = f.make_episode(number=1)
    other = f.make_season(show=episode.season.show, number=2)
    assert f.make_episode(season=other, number=1).pk


@pytest.mark.django_db
def test_scene_position_is_unique_within_an_episode():
    episode = f.make_episode()
    f.make_scene(episode, position=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Scene.objects.create(episode=episode, position=1, title="Twin")


@pytest.mark.django_db
def test_negative_times_are_refused_by_validation_and_database():
    scene = f.make_scene(f.make_episode())
    cue = Cue(scene=scene, song=f.make_song(), starts_at=timedelta(seconds=-5))
    with pytest.raises(ValidationError) as error:
        cue.full_clean()
    assert "starts_at" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        cue.save()


@pytest.mark.django_db
def test_show_years_must_be_in_order():
    with pytest.raises(IntegrityError), transaction.atomic():
        f.make_show(first_year=2020, last_year=2019)


@pytest.mark.django_db
def test_episode_derives_show_and_sort_key_from_its_season():
    season = f.make_season(number=2)
    episode = f.make_episode(season=season, number=7)
    assert episode.show == season.show
    assert episode.code == "S2E7"
    assert episode.get_absolute_url() == f"/shows/{season.show.slug}/season-2/episode-7/"


@pytest.mark.django_db
def test_character_from_another_show_cannot_appear_in_a_scene():
    scene = f.make_scene(f.make_episode())
    stranger = f.make_character(f.make_show())
    from wiki.models import Appearance

    with pytest.raises(ValidationError, match="another show"):
        Appearance(scene=scene, character=stranger).full_clean()


@pytest.mark.django_db
def test_markdown_fields_are_rendered_and_sanitized_on_save():
    show = f.make_show(description="**Bold** <script>alert(1)</script> [x](javascript:alert(1))")
    assert "<strong>Bold</strong>" in show.description_html
    assert "<script" not in show.description_html
    assert "javascript:" not in show.description_html
