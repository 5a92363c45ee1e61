"""Loading the demo catalogue (``wiki.demo.data``) into the database, idempotently.

``manage.py load_demo`` (in ``recaps``, which adds the demo recap and its
history) calls ``load_catalogue``; so does anything else that needs the show.
"""

from wiki.demo import data as demo
from wiki.models import Appearance, Artist, Character, Cue, Episode, Person, Scene, Season, Show, Song


def load_catalogue():
    """The demo show with its people, characters, artists, songs, season 1,
    episodes, scenes and cues, as ``wiki.demo.data`` has them. Returns the show."""
    show = upsert(Show, {"slug": demo.SHOW["slug"]}, demo.SHOW)
    people = {p["slug"]: upsert(Person, {"slug": p["slug"]}, p) for p in demo.PEOPLE}
    characters = {
        c["slug"]: upsert(
            Character,
            {"show": show, "slug": c["slug"]},
            {**c, "played_by": people.get(c["played_by"])},
        )
        for c in demo.CHARACTERS
    }
    artists = {a["slug"]: upsert(Artist, {"slug": a["slug"]}, a) for a in demo.ARTISTS}
    songs = {
        s["slug"]: upsert(Song, {"slug": s["slug"]}, {**s, "artist": artists[s["artist"]]})
        for s in demo.SONGS
    }
    season = upsert(Season, {"show": show, "number": 1}, {})
    for data in demo.EPISODES:
        fields = {k: v for k, v in data.items() if k != "scenes"}
        episode = upsert(Episode, {"season": season, "number": data["number"]}, fields)
        for position, scene_data in enumerate(data["scenes"], start=1):
            _load_scene(episode, position, scene_data, characters, songs)
    return show


def upsert(model, lookup, fields):
    """Create the row, or bring it back to the demo's values; saving only when
    something differs keeps ``updated_at`` still on a second run."""
    values = {k: v for k, v in fields.items() if k not in lookup}
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.save()
    elif any(getattr(obj, k) != v for k, v in values.items()):
        for k, v in values.items():
            setattr(obj, k, v)
        obj.save()
    return obj


def _load_scene(episode, position, data, characters, songs):
    scene = upsert(
        Scene,
        {"episode": episode, "position": position},
        {"title": data["title"], "description": data["description"]},
    )
    for slug in data["characters"]:
        Appearance.objects.get_or_create(scene=scene, character=characters[slug])
    for cue_position, cue_data in enumerate(data["cues"], start=1):
        cue = upsert(
            Cue,
            {"scene": scene, "position": cue_position},
            {"song": songs[cue_data["song"]], "kind": cue_data["kind"]},
        )
        cue.performers.set([characters[slug] for slug in cue_data["performers"]])
