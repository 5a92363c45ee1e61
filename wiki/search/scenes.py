"""The scenes' search entries, read as rows rather than through prefetched model instances.

A catalogue has some twenty times more scenes than anything else (a million in
``generate_catalog``'s), and each scene's entry names who is in it and what plays: with
``prefetch_related`` that was a dozen model instances a scene, and rebuilding the index
took most of an hour. Here a batch of scenes costs four queries of plain rows; episodes
and songs, shared by many scenes, are loaded once as instances (their URL and listen
links are theirs to build). Saving one scene goes through the same code (``load``).
"""

from types import SimpleNamespace

from wiki.models import Appearance, Character, Cue, Episode, Scene, SearchEntry, Song
from wiki.search.index import BATCH, BODY_CHARS, Source, listen_to, name_list, register, truncate, words


def scene_entries(pks=None):
    """(scene id, entry fields) of the scenes ``pks`` (every scene when None), by id."""
    scenes = Scene.objects.order_by("pk")
    if pks is not None:
        scenes = scenes.filter(pk__in=pks)
    episodes, songs, listen = {}, {}, {}
    # Every scene: every character's name, once (joining them batch by batch reads them all each time).
    names = {} if pks is not None else dict(Character.objects.values_list("pk", "name"))
    last = 0
    while rows := list(
        scenes.filter(pk__gt=last).values_list("pk", "episode_id", "position", "title", "description")[:BATCH]
    ):
        first, last = rows[0][0], rows[-1][0]
        # Every scene: the batch is every id from the first to the last (a range costs no parameters).
        of_batch = (
            {"scene__gte": first, "scene__lte": last} if pks is None else {"scene__in": [r[0] for r in rows]}
        )
        _load_missing(episodes, Episode.objects.with_show(), {row[1] for row in rows}, url=True)
        credited, cues = {}, {}
        cast = (
            Appearance.objects.filter(**of_batch)
            .order_by("scene_id", "pk")  # not "scene": Scene.Meta.ordering would join the show
            .values_list("scene_id", "character_id")
        )
        cast = list(cast)
        _load_missing(names, Character.objects.values_list("pk", "name"), {c for _s, c in cast}, pairs=True)
        for scene_id, character_id in cast:
            credited.setdefault(scene_id, []).append(names[character_id])
        for scene_id, _position, _pk, song_id in sorted(
            Cue.objects.filter(**of_batch).order_by().values_list("scene_id", "position", "pk", "song_id")
        ):
            cues.setdefault(scene_id, []).append(song_id)
        _load_missing(
            songs, Song.objects.select_related("artist"), {s for played in cues.values() for s in played}
        )
        for pk, episode_id, position, title, description in rows:
            episode, episode_url = episodes[episode_id]
            # The fields _fields reads, without making a Scene (a million of them at 1M scenes).
            scene = SimpleNamespace(episode=episode, position=position, title=title, description=description)
            played = [songs[song_id] for song_id in cues.get(pk, [])]
            url = f"{episode_url}#{Scene.anchor.fget(scene)}"
            yield pk, _fields(scene, url, played, credited.get(pk, []), listen)


def _load_missing(known, queryset, pks, pairs=False, url=False):
    """Add to ``known`` the rows of ``queryset`` with these ids that it lacks: as pk -> instance,
    pk -> (instance, its URL) with ``url``, or pk -> value of (pk, value) rows with ``pairs``."""
    missing = pks - known.keys()
    if not missing:
        return
    if pairs:
        known.update(queryset.filter(pk__in=missing))
    elif url:  # a scene's URL is its episode's and an anchor (``Scene.get_absolute_url``)
        known.update((pk, (obj, obj.get_absolute_url())) for pk, obj in queryset.in_bulk(missing).items())
    else:
        known.update(queryset.in_bulk(missing))


def _fields(scene, url, songs, credited, listen):
    """A scene, as a fan half-remembers it: its title counts as a name, who is
    in it and what plays as credits, the description as text. Its songs (in cue
    order) show under it; it is never a suggestion (``wiki.search.queries.suggestions``)."""
    episode = scene.episode
    for song in songs:
        if song.pk not in listen:
            listen[song.pk] = listen_to(song)
    credited = credited + [part for song in songs for part in (song.title, song.artist.name)]
    return {
        "show_id": episode.show_id,
        "episode_key": episode.sort_key,
        "title": f"{episode.code} · scene {scene.position} — {scene.title}",
        "subtitle": truncate(
            " · ".join(dict.fromkeys(f"{song.title} — {song.artist.name}" for song in songs)),
            SearchEntry.SUBTITLE_CHARS,
        ),
        "url": url,
        "names": name_list(scene.title),
        "credits": " ".join(word for name in credited for word in words(name)),
        "body": scene.description[:BODY_CHARS],
        "songs": [listen[song.pk] for song in dict.fromkeys(songs)],
    }


register(
    Source(
        "scene",
        Scene,
        lambda: Scene.objects.all(),
        entry=None,
        load=scene_entries,
    )
)
