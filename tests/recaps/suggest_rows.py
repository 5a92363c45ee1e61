"""Rows and helpers of the fans' suggestion and correction tests (test_contrib_suggest_*)."""

import html
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.test import Client

from tests import factories as f
from wiki.models import ReaderProgress


@dataclass
class Catalogue:
    """A show of two episodes: Ada is in the first one's scenes; Bea is first seen in
    the second, which a reader shielded after the first may not see. "Heat" by
    The Shivers is in the catalogue, used nowhere."""

    show: object
    first: object
    second: object
    scene: object
    later_scene: object
    ada: object
    bea: object
    heat: object


def make_catalogue():
    show = f.make_show(title="Night Owls", slug="night-owls")
    season = f.make_season(show=show)
    first = f.make_episode(season=season, number=1, title="Pilot", runtime_minutes=45)
    second = f.make_episode(season=season, number=2, title="The Reveal")
    ada = f.make_character(show, name="Ada", is_main=True)
    bea = f.make_character(show, name="Bea")
    scene = f.make_scene(first, title="The diner", description="Ada orders pie.", characters=[ada])
    f.make_scene(first, title="The drive home", characters=[ada])
    later_scene = f.make_scene(second, title="The secret", characters=[ada, bea])
    heat = f.make_song(title="Heat", artist=f.make_artist(name="The Shivers"))
    return Catalogue(show, first, second, scene, later_scene, ada, bea, heat)


def fan_client(name="fan", address="10.0.0.1"):
    """A signed-in reader (no staff rights) in a browser of their own, from ``address``."""
    user = User.objects.create_user(username=name, password="pw")
    client = Client(REMOTE_ADDR=address)
    client.force_login(user)
    client.user = user
    return client


def shield(client, catalogue, episode):
    """The reader has watched ``catalogue.show`` up to ``episode``."""
    ReaderProgress.objects.create(user=client.user, show=catalogue.show, sort_key=episode.sort_key)


def song_data(**fields):
    return {
        "what": "song",
        "song": "",
        "title": "Heat",
        "artist": "The Shivers",
        "usage": "background",
        "starts_at": "12:34",
        "listen_url": "",
        "note_to_editors": "",
    } | fields


def page_text(response):
    """The page as a reader reads it: entities decoded (``&#39;`` is an apostrophe)."""
    return html.unescape(response.content.decode())
