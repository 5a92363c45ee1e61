"""Prepared querysets (wiki.prepared) give what the querysets give, on every
database alias and thread, and refuse querysets whose SQL changes with their
arguments."""

import threading

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from tests import factories as f
from wiki import episode_page
from wiki.models import Character, Cue, Episode, Scene
from wiki.prepared import prepared


def _rows(queryset):
    return [(row.pk, row.song.title, row.song.artist.name) for row in queryset]


cues_of = episode_page._cues  # the episode page's cues, with song and artist


@prepared
def names_in_show(show, name):
    return (
        Character.objects.filter(show__slug=show, name__gte=name)
        .order_by("name")
        .values_list("name", flat=True)
    )


@pytest.mark.django_db
def test_prepared_query_gives_what_its_queryset_gives_for_every_value():
    episodes = [f.make_rich_episode(scenes=n) for n in (1, 3, 2)]
    for episode in episodes * 2:
        expected = Cue.objects.filter(scene__episode_id=episode.pk).select_related("song__artist")
        assert _rows(cues_of(episode=episode.pk)) == _rows(expected.order_by("position", "pk"))
    assert cues_of(episode=10**9) == []


@pytest.mark.django_db
def test_prepared_values_list_binds_strings_and_numbers():
    show = f.make_show(slug="bound")
    for name in ("Ann", "Bea", "Cat"):
        f.make_character(show, name=name)
    f.make_character(f.make_show(), name="Dee")
    assert names_in_show(show="bound", name="Bea") == ["Bea", "Cat"]
    assert names_in_show(show="bound", name="A") == ["Ann", "Bea", "Cat"]
    assert names_in_show(show="nowhere", name="A") == []


@pytest.mark.django_db
def test_values_that_could_change_the_sql_run_the_queryset_as_built():
    show = f.make_show(slug="nulls")
    f.make_character(show, name="Ann", played_by=None)

    @prepared
    def unplayed(show, person):
        return Character.objects.filter(show__slug=show, played_by=person).values_list("name", flat=True)

    assert unplayed(show="nulls", person=None) == ["Ann"]


@pytest.mark.django_db
def test_a_queryset_whose_sql_changes_with_its_arguments_is_refused():
    @prepared
    def containing(text):
        return Character.objects.filter(name__contains=text)

    @prepared
    def shaped(show):
        characters = Character.objects.all()
        return characters.filter(show_id=show) if show > 1 else characters

    with pytest.raises(ValueError, match="cannot be prepared"):
        containing(text="Nel")
    with pytest.raises(ValueError, match="cannot be prepared"):
        shaped(show=1)


@pytest.mark.django_db
def test_prefetching_querysets_are_refused():
    @prepared
    def with_cues(episode):
        return Scene.objects.filter(episode_id=episode).prefetch_related("cues")

    with pytest.raises(ValueError, match="prefetch"):
        with_cues(episode=1)


@pytest.mark.django_db(transaction=True)
def test_prepared_query_runs_on_the_calling_threads_connection():
    episode = f.make_rich_episode(scenes=2)
    main = _rows(cues_of(episode=episode.pk))
    seen, errors = [], []

    def in_thread():
        try:
            seen.extend(_rows(cues_of(episode=episode.pk)))
        except Exception as exc:  # noqa: BLE001 — reported below
            errors.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=in_thread)
    thread.start()
    thread.join()
    assert errors == [] and seen == main


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_prepared_queries_follow_the_replica_router(settings):
    episode = f.make_rich_episode(scenes=1)
    settings.READ_REPLICA = "replica"
    with CaptureQueriesContext(connections["replica"]) as replica:
        found = episode_page.episode(episode.show.slug, 1, 1)
    assert found.pk == episode.pk
    assert any('FROM "wiki_episode"' in query["sql"] for query in replica.captured_queries)


@pytest.mark.django_db
def test_episode_page_neighbours_skip_gaps_and_cross_seasons():
    show = f.make_show()
    one, two = f.make_season(show=show, number=1), f.make_season(show=show, number=2)
    first = f.make_episode(season=one, number=1)
    middle = f.make_episode(season=one, number=5)
    f.make_episode(season=two, number=1)
    from wiki.spoilers import NO_PROGRESS, Progress

    previous, following = episode_page.neighbours(middle, NO_PROGRESS)
    assert (previous.pk, following.code) == (first.pk, "S2E1")
    assert not following.spoiler
    assert episode_page.neighbours(first, NO_PROGRESS)[0] is None
    shielded = Progress({show.pk: middle.sort_key})
    assert episode_page.neighbours(middle, shielded)[1].spoiler
    assert Episode.objects.count() == 3
