"""Playlists of the songs of an episode, a season or a character, in three formats.

- XSPF (https://xspf.org/spec), ``application/xspf+xml``: a ``<track>`` per
  song with its ``<title>``, ``<creator>`` (the artist), ``<album>``, one
  ``<location>`` per listening-service link (Spotify, Apple Music, YouTube,
  in that order: the spec's "URI of resource to be rendered", which a
  streaming page is for the players that open them), ``<info>`` the song's
  page here, ``<annotation>`` where it is first heard, ``<trackNum>``.
- JSPF, the same playlist as JSON (https://xspf.org/jspf): ``{"playlist":
  {..., "track": [...]}}`` with ``location`` a list.
- Plain text: one "Artist – Title" line per song, which most playlist
  importers read.

Each song appears once, where it is first heard (scene order). A
character's playlist is the songs of the scenes they are in, and those they
perform. Cues past the reader's spoiler limit are left out
(``Cue.objects.visible_to``), as on the pages.
"""

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from django.conf import settings

from wiki.models import Cue

XSPF_NS = "http://xspf.org/ns/0/"
CONTENT_TYPES = {
    "xspf": "application/xspf+xml; charset=utf-8",
    "jspf": "application/json",
    "txt": "text/plain; charset=utf-8",
}


@dataclass
class Playlist:
    title: str
    annotation: str
    info: str  # the page of what the playlist is of (an absolute URL)
    location: str  # the playlist's own address
    filename: str  # without the extension
    cues: list = field(default_factory=list)

    @property
    def tracks(self):
        """The first use of each song, in order."""
        seen, firsts = set(), []
        for cue in self.cues:
            if cue.song_id not in seen:
                seen.add(cue.song_id)
                firsts.append(cue)
        return firsts


def episode_cues(episode, progress):
    return list(Cue.objects.filter(scene__episode=episode).visible_to(progress).in_playlist_order())


def season_cues(season, progress):
    return list(Cue.objects.filter(scene__episode__season=season).visible_to(progress).in_playlist_order())


def character_cues(character, progress):
    return list(Cue.objects.around(character).visible_to(progress).in_playlist_order())


def _first_heard(cue):
    return f"First heard in {cue.scene.episode.code}, scene {cue.scene.position}: {cue.kind_label}."


def _track(cue, absolute, number):
    song = cue.song
    return {
        "location": [url for _, url in song.listening_links],
        "title": song.title,
        "creator": song.artist.name,
        "annotation": _first_heard(cue),
        "info": absolute(song.get_absolute_url()),
        "album": song.album,
        "trackNum": number,
    }


def _tracks(playlist, absolute):
    return [_track(cue, absolute, n) for n, cue in enumerate(playlist.tracks, start=1)]


def xspf(playlist, absolute):
    """The playlist as XSPF bytes (UTF-8). ``absolute`` makes a path a full URL."""
    root = ET.Element("playlist", {"version": "1", "xmlns": XSPF_NS})
    for name, value in [
        ("title", playlist.title),
        ("creator", "Cuesheet"),
        ("annotation", playlist.annotation),
        ("info", playlist.info),
        ("location", playlist.location),
        ("license", settings.SITE_LICENSE_URL),
    ]:
        ET.SubElement(root, name).text = value
    track_list = ET.SubElement(root, "trackList")
    for data in _tracks(playlist, absolute):
        track = ET.SubElement(track_list, "track")
        for url in data["location"]:
            ET.SubElement(track, "location").text = url
        for name in ("title", "creator", "annotation", "info", "album", "trackNum"):
            if data[name]:
                ET.SubElement(track, name).text = str(data[name])
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def jspf(playlist, absolute):
    """The playlist as JSPF (a dict to dump as JSON)."""
    tracks = [{key: value for key, value in data.items() if value} for data in _tracks(playlist, absolute)]
    return {
        "playlist": {
            "title": playlist.title,
            "creator": "Cuesheet",
            "annotation": playlist.annotation,
            "info": playlist.info,
            "location": playlist.location,
            "license": settings.SITE_LICENSE_URL,
            "track": tracks,
        }
    }


def text(playlist):
    """One "Artist – Title" line per song."""
    return "".join(f"{cue.song.artist.name} – {cue.song.title}\n" for cue in playlist.tracks)
