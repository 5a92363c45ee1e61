"""The episode page's reads written as SQL (wiki.pages.episode, RecapQuerySet.cards_of)
give what their queryset twins give, row for row and field for field, for
every episode of the demo and for episodes that do not exist; they load no
more and no fewer fields than the twins, and follow the replica router.

The twins below are the queries the SQL stands for: change both together."""

import pytest
from django.db import connections
from django.db.models import Prefetch
from django.test.utils import CaptureQueriesContext

from recaps.models import Recap
from recaps.querysets import RecapQuerySet
from tests import factories as f
from wiki.models import Character, Cue, Episode, Scene
from wiki.models.links import WikiLink
from wiki.pages import episode as page
from wiki.spoilers import NO_PROGRESS, Progress


def _fields(obj, *related):
    """What a row holds: its loaded field values, which fields it left
    unloaded, and the same of the related rows it carries (``related``: paths)."""
    if obj is None:
        return None
    loaded = {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}
    deferred = obj.get_deferred_fields()
    state = [sorted((k, v) for k, v in loaded.items() if k not in deferred), sorted(deferred)]
    for path in related:
        target = obj
        for name in path.split("."):
            target = getattr(target, name)
        state.append((path, _fields(target)))
    return state


def _episode_twin(show, season, number):
    return (
        Episode.objects.select_related("show", "season__show")
        .only(
            *page.EPISODE_FIELDS,
            *(f"show__{n}" for n in page.SHOW_FIELDS),
            *(f"season__{n}" for n in page.SEASON_FIELDS),
            *(f"season__show__{n}" for n in page.SEASON_SHOW_FIELDS),
        )
        .filter(show__slug=show, season__number=season, number=number)
        .first()
    )


def _neighbours_twin(episode):
    same_show = Episode.objects.filter(show_id=episode.show_id).only(*page.LABEL_FIELDS)
    before = same_show.filter(sort_key__lt=episode.sort_key).order_by("-sort_key").first()
    after = same_show.filter(sort_key__gt=episode.sort_key).order_by("sort_key").first()
    return before, after


def _scenes_twin(episode):
    characters = Character.objects.select_related("played_by").only(
        *page.CHARACTER_FIELDS, *(f"played_by__{n}" for n in page.PERSON_FIELDS)
    )
    cues = (
        Cue.objects.select_related("song__artist")
        .only(
            *page.CUE_FIELDS,
            *(f"song__{n}" for n in page.SONG_FIELDS),
            *(f"song__artist__{n}" for n in page.ARTIST_FIELDS),
        )
        .prefetch_related(Prefetch("performers", queryset=characters))
        .order_by("position", "pk")
    )
    return (
        Scene.objects.filter(episode=episode)
        .only(*page.SCENE_FIELDS)
        .prefetch_related(Prefetch("characters", queryset=characters), Prefetch("cues", queryset=cues))
        .order_by("position")
    )


def _by_name(characters):
    return sorted(characters, key=lambda c: (c.name, c.pk))


def _scene_rows(scenes, characters, cues, performers):
    """Each scene with its characters and its cues (with song, artist and performers)."""
    return [
        (
            _fields(scene),
            [_fields(c, "played_by") if c.played_by_id else _fields(c) for c in characters(scene)],
            [
                (_fields(cue, "song", "song.artist"), [_fields(c) for c in performers(cue)])
                for cue in cues(scene)
            ],
        )
        for scene in scenes
    ]


def _cards_twin(episode):
    return (
        Recap.objects.published()
        .filter(episode=episode)
        .select_related("author")
        .only(*RecapQuerySet.CARD_FIELDS, *(f"author__{n}" for n in RecapQuerySet.AUTHOR_FIELDS))
        .order_by("-published_at", "-pk")
    )


@pytest.fixture
def catalogue(later):
    """The demo with a richer episode 3 (``later``), a character nobody plays,
    an episode of another show, texts that mention episodes and recaps in every state."""
    episode = Episode.objects.get(show__slug="soundtrack", number=3)
    scene = episode.scenes.order_by("position").first()
    unplayed = f.make_character(episode.show, name="Anonymous Busker", slug="busker", played_by=None)
    scene.characters.add(unplayed)
    f.make_cue(scene, position=3, performers=[unplayed])
    f.make_rich_episode(scenes=2, show=f.make_show(title="Other", slug="other"))
    f.make_recap(episode, title="Second take", slug="second-take", body="Back to [[episode:S1E2]].")
    f.make_recap(
        episode, title="Draft", slug="draft-take", status=Recap.Status.DRAFT, body="[[episode:S1E1]]"
    )
    return list(Episode.objects.select_related("show", "season__show").order_by("show_id", "sort_key"))


# (show slug, season, number) of episodes that exist and of some that do not.
def _addresses(episodes):
    found = [(e.show.slug, e.season.number, e.number) for e in episodes]
    return [*found, ("soundtrack", 1, 99), ("soundtrack", 9, 1), ("nowhere", 1, 1)]


@pytest.mark.django_db
def test_episode_sql_gives_what_its_queryset_gives(catalogue):
    for address in _addresses(catalogue):
        paths = ("show", "season", "season.show")
        raw, twin = page.episode(*address), _episode_twin(*address)
        assert (raw and _fields(raw, *paths)) == (twin and _fields(twin, *paths)), address
    assert page.episode("soundtrack", 1, 2).title == "Track 2: Joanna and Nellie"


@pytest.mark.django_db
def test_neighbours_sql_gives_what_its_queryset_gives(catalogue):
    for episode in catalogue:
        raw = page.neighbours(episode, NO_PROGRESS)
        assert [_fields(e) for e in raw] == [_fields(e) for e in _neighbours_twin(episode)], episode


@pytest.mark.django_db
def test_scenes_sql_gives_what_its_querysets_give(catalogue):
    seen = []
    for episode in [*catalogue, Episode(pk=10**9, show_id=catalogue[0].show_id)]:
        raw = _scene_rows(
            page.scenes(episode), lambda s: s.character_list, lambda s: s.cue_list, lambda c: c.performer_list
        )
        twin = _scene_rows(
            _scenes_twin(episode),
            lambda s: _by_name(s.characters.all()),
            lambda s: s.cues.all(),
            lambda c: _by_name(c.performers.all()),
        )
        assert raw == twin, episode
        seen += raw
    assert any(row[1] and row[2] for row in seen)


@pytest.mark.django_db
def test_scenes_sql_keeps_characters_of_the_episodes_show_only(catalogue):
    episode = catalogue[1]
    scene = episode.scenes.first()
    stranger = f.make_character(f.make_show(slug="elsewhere"), name="Stranger")
    scene.characters.add(stranger)
    assert stranger not in [c for s in page.scenes(episode) for c in s.character_list]


@pytest.mark.django_db
def test_mentions_sql_gives_what_its_queryset_gives(catalogue):
    seen = []
    for episode in [*catalogue, Episode(pk=10**9)]:
        twin = list(WikiLink.objects.mentions_of(episode))
        assert page.mentions(episode, NO_PROGRESS) == twin, episode
        seen += twin
    assert any(m["source_title"] == "Second take" for m in seen)
    assert not any(m["source_title"] == "Draft" for m in seen)


@pytest.mark.django_db
def test_recap_cards_sql_gives_what_its_queryset_gives(catalogue):
    for episode in [*catalogue, Episode(pk=10**9)]:
        raw = [_fields(r, "author") for r in Recap.objects.cards_of(episode)]
        assert raw == [_fields(r, "author") for r in _cards_twin(episode)], episode
    titles = [r.title for r in Recap.objects.cards_of(catalogue[2])]
    assert titles[0] == "Second take" and "Draft" not in titles and len(titles) >= 2


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_episode_page_sql_follows_the_replica_router(settings):
    episode = f.make_rich_episode(scenes=1)
    slug = episode.show.slug
    settings.READ_REPLICA = "replica"
    with CaptureQueriesContext(connections["replica"]) as replica:
        found = page.episode(slug, 1, 1)
        page.scenes(found)
        page.mentions(found, NO_PROGRESS)
    assert found.pk == episode.pk
    assert len(replica.captured_queries) == 7  # the episode, scenes, characters, cues, two pairs, mentions


@pytest.mark.django_db
def test_episode_page_neighbours_skip_gaps_and_cross_seasons():
    show = f.make_show()
    one, two = f.make_season(show=show, number=1), f.make_season(show=show, number=2)
    first = f.make_episode(season=one, number=1)
    middle = f.make_episode(season=one, number=5)
    f.make_episode(season=two, number=1)

    previous, following = page.neighbours(middle, NO_PROGRESS)
    assert (previous.pk, following.code) == (first.pk, "S2E1")
    assert not following.spoiler
    assert page.neighbours(first, NO_PROGRESS)[0] is None
    shielded = Progress({show.pk: middle.sort_key})
    assert page.neighbours(middle, shielded)[1].spoiler
