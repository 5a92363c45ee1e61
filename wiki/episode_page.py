"""What the episode page reads: the site's hot path, in prepared queries.

The night an episode drops, its page is what nearly every reader opens, so
its reads are written for speed (docs/performance.md) where the other pages'
read rules stay on the querysets (``wiki.querysets``):

- every query is prepared (``wiki.prepared``): compiled to SQL once per
  process, then only bound to new values;
- rows come as plain lists on the objects (``scene_list``, ``character_list``,
  ``cue_list``, ``performer_list``) rather than through prefetched related
  managers, which build a queryset per row and per read;
- who is in which scene and who sings which cue come as id pairs, and each
  character of the episode is loaded once, with the episode's show as its
  show, so that links need no more rows;
- no query orders by a model's default ordering, which joins the show.

Eight queries here, whatever the episode holds: the episode, its neighbours,
then (for readers who may see them) its scenes, the two kinds of pairs, its
cues, its characters and the texts that mention it; the recaps app adds its
cards (``RecapQuerySet.cards_of``). The spoiler shield's rule for the
neighbours is ``Progress.hides``, the same as the page's own.
"""

from operator import attrgetter

from django.db.models import Q, Subquery

from .crosslinks import WikiLink
from .models import Appearance, Character, Cue, Episode, Scene
from .prepared import prepared

# What the page shows of the episode, its show and its season (and the season's show, for its link).
EPISODE_FIELDS = (
    *("show_id", "season_id", "number", "sort_key", "title", "air_date", "runtime_minutes", "synopsis_html"),
    *("still", "still_alt", "still_width", "still_height"),
    *("show__title", "show__slug", "show__accent_color", "show__embargo_days"),
    *("season__show_id", "season__number", "season__title", "season__show__slug", "season__show__title"),
)
LABEL_FIELDS = ("show_id", "season_id", "number", "sort_key", "title")
# What the page (and the API's episode) shows of a character and who plays them.
CHARACTER_FIELDS = ("show_id", "name", "slug", "played_by_id", "played_by__name", "played_by__slug")


@prepared
def _episode(show, season, number):
    return (
        Episode.objects.select_related("show", "season__show")
        .only(*EPISODE_FIELDS)
        .filter(show__slug=show, season__number=season, number=number)
        .order_by()
    )


@prepared
def _neighbours(show, key):
    same_show = Episode.objects.filter(show_id=show)
    before = same_show.filter(sort_key__lt=key).order_by("-sort_key").values("sort_key")[:1]
    after = same_show.filter(sort_key__gt=key).order_by("sort_key").values("sort_key")[:1]
    wanted = Q(sort_key=Subquery(before)) | Q(sort_key=Subquery(after))
    return same_show.filter(wanted).only(*LABEL_FIELDS).order_by("sort_key")


@prepared
def _scenes(episode):
    return Scene.objects.filter(episode_id=episode).order_by("position")


def _appearances(episode):
    return Appearance.objects.filter(scene__episode_id=episode).order_by()


def _performances(episode):
    return Cue.performers.through.objects.filter(cue__scene__episode_id=episode).order_by()


@prepared
def _cast(episode):
    return _appearances(episode).values_list("scene_id", "character_id")


@prepared
def _singers(episode):
    return _performances(episode).values_list("cue_id", "character_id")


@prepared
def _cues(episode):
    return (
        Cue.objects.filter(scene__episode_id=episode)
        .select_related("song__artist")
        .order_by("position", "pk")
    )


@prepared
def _mentions(episode):
    return WikiLink.objects.mentions_of(Episode(pk=episode))


@prepared
def _characters(episode, show):
    seen = _appearances(episode).values("character_id")
    singing = _performances(episode).values("character_id")
    return (
        Character.objects.filter(Q(pk__in=seen) | Q(pk__in=singing), show_id=show)
        .select_related("played_by")
        .only(*CHARACTER_FIELDS)
        .order_by()
    )


def episode(show, season, number):
    """The episode at ``/shows/<show>/season-<season>/episode-<number>/``, with
    its show and season (and the season's show), or None."""
    found = _episode(show=show, season=season, number=number)
    return found[0] if found else None


def neighbours(episode, progress):
    """The previous and next episode of the same show (or None), with what
    their links and labels need; ``spoiler`` when past the reader's limit."""
    previous = following = None
    for neighbour in _neighbours(show=episode.show_id, key=episode.sort_key):
        neighbour.show = episode.show
        neighbour.spoiler = progress.hides(neighbour.show_id, neighbour.sort_key)
        if neighbour.sort_key < episode.sort_key:
            previous = neighbour
        else:
            following = neighbour
    return previous, following


def mentions(episode, progress):
    """The texts readers may see that link to the episode
    (``WikiLink.objects.mentions_of``); prepared for readers without a shield."""
    return WikiLink.objects.mentions_of(episode, progress) if progress else _mentions(episode=episode.pk)


def scenes(episode):
    """``episode``'s scenes in order, each with ``character_list`` and
    ``cue_list`` (in order, with song, artist and ``performer_list``;
    characters by name, then id)."""
    scenes = {scene.pk: scene for scene in _scenes(episode=episode.pk)}
    for scene in scenes.values():
        scene.episode, scene.character_list, scene.cue_list = episode, [], []
    characters = {
        character.pk: character for character in _characters(episode=episode.pk, show=episode.show_id)
    }
    for character in characters.values():
        character.show = episode.show
    cues = {}
    for cue in _cues(episode=episode.pk):
        cue.scene, cue.performer_list = scenes[cue.scene_id], []
        cue.scene.cue_list.append(cue)
        cues[cue.pk] = cue
    for scene, character in _cast(episode=episode.pk):
        if character in characters:
            scenes[scene].character_list.append(characters[character])
    for cue, character in _singers(episode=episode.pk):
        if character in characters:
            cues[cue].performer_list.append(characters[character])
    by_name = attrgetter("name", "pk")
    for scene in scenes.values():
        scene.character_list.sort(key=by_name)
    for cue in cues.values():
        cue.performer_list.sort(key=by_name)
    return list(scenes.values())
