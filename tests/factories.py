"""Small ``make_*`` helpers that build catalogue rows with sensible defaults."""

import io
import itertools
import time
from datetime import timedelta

from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from wiki.models import (
    Appearance,
    Artist,
    CastRole,
    Character,
    Cue,
    Episode,
    Person,
    Scene,
    Season,
    Show,
    Song,
)

_n = itertools.count(1)


def days_ago(days):
    """The date ``days`` days before today (an air date for embargo tests)."""
    return timezone.localdate() - timedelta(days=days)


def make_show(**fields):
    n = next(_n)
    fields.setdefault("title", f"Show {n}")
    fields.setdefault("slug", f"show-{n}")
    return Show.objects.create(**fields)


def make_season(show=None, number=1, **fields):
    return Season.objects.create(show=show or make_show(), number=number, **fields)


def make_episode(season=None, number=1, **fields):
    fields.setdefault("title", f"Episode {number}")
    return Episode.objects.create(season=season or make_season(), number=number, **fields)


def make_person(**fields):
    n = next(_n)
    fields.setdefault("name", f"Actor {n}")
    fields.setdefault("slug", f"actor-{n}")
    return Person.objects.create(**fields)


def make_character(show, **fields):
    n = next(_n)
    fields.setdefault("name", f"Character {n}")
    fields.setdefault("slug", f"character-{n}")
    if "is_main" in fields:  # the main cast, or not: a guest
        fields["role"] = CastRole.MAIN if fields.pop("is_main") else CastRole.GUEST
    return Character.objects.create(show=show, **fields)


def make_artist(**fields):
    n = next(_n)
    fields.setdefault("name", f"Artist {n}")
    fields.setdefault("slug", f"artist-{n}")
    return Artist.objects.create(**fields)


def make_song(artist=None, **fields):
    n = next(_n)
    fields.setdefault("title", f"Song {n}")
    fields.setdefault("slug", f"song-{n}")
    return Song.objects.create(artist=artist or make_artist(), **fields)


def make_scene(episode, position=None, characters=(), **fields):
    if position is None:
        position = episode.scenes.count() + 1
    fields.setdefault("title", f"Scene {position}")
    scene = Scene.objects.create(episode=episode, position=position, **fields)
    for character in characters:
        Appearance.objects.create(scene=scene, character=character)
    return scene


def make_cue(scene, song=None, performers=(), **fields):
    fields.setdefault("kind", Cue.Kind.PERFORMED if performers else Cue.Kind.BACKGROUND)
    cue = Cue.objects.create(scene=scene, song=song or make_song(), **fields)
    cue.performers.set(performers)
    return cue


def make_rich_episode(scenes=3, show=None):
    """An episode with ``scenes`` scenes, each with two characters and two
    cues (one performed), all distinct rows: the worst case for queries."""
    season = make_season(show=show or make_show())
    episode = make_episode(season=season, number=1)
    for _ in range(scenes):
        people = [make_character(season.show, played_by=make_person()) for _ in range(2)]
        scene = make_scene(episode, characters=people)
        make_cue(scene, performers=[people[0]])
        make_cue(scene, position=2)
    return episode


def make_editor(username="editor"):
    user = User.objects.create_user(username=username, password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def make_recap(episode=None, author=None, **fields):
    """A published recap (pass ``status`` for a draft)."""
    from recaps.models import Recap

    n = next(_n)
    fields.setdefault("title", f"Recap {n}")
    fields.setdefault("slug", f"recap-{n}")
    fields.setdefault("body", "A recap.")
    fields.setdefault("status", Recap.Status.PUBLISHED)
    author = (
        author
        or User.objects.get_or_create(
            username="writer", defaults={"first_name": "Rita", "last_name": "Writer", "is_staff": True}
        )[0]
    )
    return Recap.objects.create(episode=episode or make_episode(), author=author, **fields)


def make_image_upload(width=1000, height=750, fmt="JPEG", name="photo.jpg", camera="Spy Camera 3000"):
    """An uploaded image whose EXIF names a camera (to check it is stripped)."""
    buffer = io.BytesIO()
    image = Image.new("RGBA" if fmt == "PNG" else "RGB", (width, height), (200, 60, 90))
    exif = Image.Exif()
    exif[0x010F] = camera  # Make
    image.save(buffer, fmt, exif=exif)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def make_comment(recap=None, **fields):
    """An approved comment (pass ``status`` for a pending one or spam)."""
    from recaps.models import Comment

    fields.setdefault("name", f"Reader {next(_n)}")
    fields.setdefault("body", "What a scene.")
    fields.setdefault("status", Comment.Status.APPROVED)
    return Comment.objects.create(recap=recap or make_recap(), **fields)


def comment_form_data(seconds_ago=60, **fields):
    """What a reader's browser posts from a recap's comment form, opened ``seconds_ago``."""
    from recaps.comments import form_started_token

    started = form_started_token(time.time() - seconds_ago)
    return {
        "name": "Mina",
        "email": "",
        "body": "Loved the box scene.",
        "website": "",
        "started": started,
    } | fields
