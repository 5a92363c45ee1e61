"""What a fan may type, and what a correction may change.

Every text a fan sends is plain text (``clean_text``): tags refused, control
characters dropped, whitespace collapsed. Listening links come only from
the services in ``LISTEN_HOSTS``. Corrections change only the fields in
``CORRECTABLE``; Markdown fields (a bio, a synopsis) are sanitized when
rendered, like every editor's.
"""

import re
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError

from recaps.importing.soundtrack.values import SCRIPT

TAG = re.compile(r"<\s*/?\s*[a-z!][^>]*>", re.IGNORECASE)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")

# host (and its subdomains) -> the Song field it fills when empty
LISTEN_HOSTS = {
    "open.spotify.com": "spotify_url",
    "music.apple.com": "apple_music_url",
    "youtube.com": "youtube_url",
    "youtu.be": "youtube_url",
    "music.youtube.com": "youtube_url",
    "soundcloud.com": None,
    "bandcamp.com": None,
    "deezer.com": None,
    "tidal.com": None,
}

LISTEN_SERVICES = "Spotify, Apple Music, YouTube, SoundCloud, Bandcamp, Deezer or Tidal"

CORRECTABLE = {
    "scene": ("title", "description", "characters"),
    "episode": ("title", "synopsis", "air_date", "runtime_minutes"),
    "character": ("bio",),
    "cue": ("song", "kind", "performers", "starts_at", "note"),
}
MULTILINE = {"description", "synopsis", "bio"}


def clean_text(value, *, multiline=False):
    """A fan's text as plain text; refuses HTML (a fan types words, never markup)."""
    text = value or ""
    if SCRIPT.search(text) or TAG.search(text):
        raise ValidationError("Use plain text: HTML tags are not allowed here.", code="html")
    text = CONTROL.sub("", text)
    if multiline:
        lines = [" ".join(line.split()) for line in text.replace("\r\n", "\n").split("\n")]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return " ".join(text.split())


def listen_host(url):
    """The allowed service ``url`` is on (its key in ``LISTEN_HOSTS``), or None."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    if parts.scheme != "https" or parts.username or parts.password or parts.port not in (None, 443):
        return None
    for allowed in LISTEN_HOSTS:
        if host == allowed or host.endswith(f".{allowed}"):
            return allowed
    return None


def validate_listen_url(url):
    if url and listen_host(url) is None:
        raise ValidationError(
            f"Link to the song on a listening service ({LISTEN_SERVICES}), with an https:// address.",
            code="host",
        )
