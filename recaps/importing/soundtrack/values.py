"""One field of a soundtrack list at a time: plain text out of whatever the
site sent, the names songs and artists are matched by, and the typed values
(numbers, times, confidence, store ids). A value of the wrong form raises
``BadValue``; the reader turns it into a refusal naming file, record and field."""

import html
import math
import re
import unicodedata
from datetime import timedelta

from django.utils.html import strip_tags


class BadValue(ValueError):
    """A field whose value is not of its form (the message says what is wrong)."""


# Script in any shape a browser would run it: the file is refused, not cleaned.
SCRIPT = re.compile(
    r"<\s*/?\s*script|(?:java|vb)script\s*:|<[^>]*\son[a-z]+\s*=|\bon[a-z]+\s*=\s*[\"'`]", re.IGNORECASE
)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
QUOTES = {'"': '"', "'": "'", "“": "”", "‘": "’", "«": "»", "„": "“"}


def plain_text(value, *, limit):
    """The plain text of a field: script refuses the file; other tags are
    stripped and entities decoded (sites send "Guns N&#39; Roses" and
    "<i>Heat</i>"); whitespace is collapsed."""
    if value is None:
        return ""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise BadValue(f"is {type(value).__name__}, not text")
    text = str(value)
    if SCRIPT.search(text) or SCRIPT.search(html.unescape(text)):
        raise BadValue("holds HTML with script: only plain text is imported")
    text = html.unescape(strip_tags(html.unescape(text)))
    text = " ".join(CONTROL.sub(" ", text).split())
    if len(text) > limit:
        raise BadValue(f"is {len(text)} characters long, more than {limit}")
    return text


def unquoted(text):
    """A title without the quotes lists put around it: '"Heat"' is Heat."""
    while len(text) > 1 and QUOTES.get(text[0]) == text[-1]:
        text = text[1:-1].strip()
    return text


# Decorations of one release of a song, not another song: "(Remastered 2011)",
# "- 2011 Remaster", "(feat. X)", "[Live]", "(Radio Edit)".
VERSION_WORDS = (
    r"remaster(?:ed)?|version|edit|mono|stereo|mix|live|feat\.?|ft\.?|featuring|with|acoustic|demo|"
    r"deluxe|bonus|single|explicit|clean|instrumental|from|soundtrack|cover"
)
BRACKETED = re.compile(
    rf"\s*[(\[][^()\[\]]*\b(?:{VERSION_WORDS})(?:\b|\s|$)[^()\[\]]*[)\]]\s*$", re.IGNORECASE
)
DASHED = re.compile(rf"\s+[-–—]\s+[^-–—]*\b(?:{VERSION_WORDS})(?:\b|\s|$)[^-–—]*$", re.IGNORECASE)
FEATURING = re.compile(r"\s+(?:feat\.?|ft\.|featuring)\s.*$", re.IGNORECASE)


def song_title(title):
    """The song a release title names: "Heat (Remastered 2011)" is Heat."""
    previous = None
    while previous != title:
        previous = title
        title = FEATURING.sub("", DASHED.sub("", BRACKETED.sub("", title))).strip()
    return title or previous


def artist_name(name):
    """The original artist of a credit, as a page names it: "Kelly Clarkson
    feat. X" is Kelly Clarkson, "Beatles, The" is The Beatles."""
    name = FEATURING.sub("", name).strip() or name
    return re.sub(r"^(.+?),\s*the$", r"The \1", name, flags=re.IGNORECASE)


def normalize(text):
    """The form names are compared in: accents off, case folded, "&" is
    "and", apostrophes dropped, other punctuation a space."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    text = re.sub(r"['’`]", "", text.replace("&", " and "))
    return " ".join(re.sub(r"[^\w]+|_", " ", text).split())


def song_key(title):
    return normalize(song_title(title))


def artist_key(name):
    """One key for "The Beatles", "Beatles, The" and "the beatles"."""
    key = normalize(artist_name(name.strip()))
    return key[4:] if key.startswith("the ") and len(key) > 4 else key


UNIDENTIFIED = {"", "untitled", "unknown", "unknown song", "unknown title", "unknown artist", "unidentified",
                "tba", "tbd", "n a", "na", "none", "id", "track", "song", "artist", "various", "various artists"}  # fmt: skip


def unidentified(text):
    """A placeholder sites print for a song nobody has named ("Untitled", "?")."""
    return normalize(text) in UNIDENTIFIED


SEASON = re.compile(r"^(?:(?:season|series|s)\s*\.?\s*)?0*(\d{1,4})$", re.IGNORECASE)
EPISODE = re.compile(r"^(?:(?:episode|ep|e)\s*\.?\s*)?0*(\d{1,4})$", re.IGNORECASE)
CODE = re.compile(r"^s\s*0*(\d{1,4})\s*e\s*0*(\d{1,4})$", re.IGNORECASE)


def number(value, pattern):
    """A season or episode number however a list writes it: 1, "1", "S01",
    "Season 1", "E02", "Episode 2"."""
    if isinstance(value, bool):
        raise BadValue("is not a number")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        if not 0 <= value <= 9999:  # a year for a season ("2019") is only a season the show lacks
            raise BadValue(f"{value} is not between 0 and 9999")
        return value
    text = str(value or "").strip()
    if not text:
        raise BadValue("missing")
    if match := pattern.match(text):
        return int(match.group(1))
    raise BadValue(f"{text[:40]!r} is not a number")


def order(value):
    """A song's place in the episode: any finite number (lists number 1, 2, 2.5…)."""
    if value is None or value == "":
        return None
    try:
        place = float(str(value).strip()) if not isinstance(value, bool) else None
    except ValueError:
        place = None
    if place is None or not math.isfinite(place):
        raise BadValue(f"{str(value)[:40]!r} is not a number")
    return place


def episode_code(value):
    """(season, episode) of "S01E02" in an episode field, else None."""
    match = CODE.match(str(value or "").strip())
    return (int(match.group(1)), int(match.group(2))) if match else None


TIME = re.compile(r"^(?:(\d{1,2}):)?(\d{1,3}):([0-5]\d)$")


def timestamp(value):
    """Time into the episode: "12:34" (mm:ss), "1:02:03" (h:mm:ss) or seconds."""
    if value is None or value == "":
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        if not 0 <= value < 100_000:
            raise BadValue(f"{value} is not a time into the episode")
        return timedelta(seconds=value)
    match = TIME.match(str(value).strip())
    if not match:
        raise BadValue(f"{str(value)[:40]!r} is not a time (mm:ss or h:mm:ss)")
    hours, minutes, seconds = (int(part or 0) for part in match.groups())
    if hours and minutes > 59:
        raise BadValue(f"{value!r} is not a time (mm:ss or h:mm:ss)")
    return timedelta(hours=hours, minutes=minutes, seconds=seconds)


CONFIDENCE_WORDS = {
    "confirmed": 1.0, "verified": 1.0, "official": 1.0, "likely": 0.75, "probable": 0.75,
    "unconfirmed": 0.25, "unverified": 0.25, "suggested": 0.25, "disputed": 0.0, "guess": 0.0,
}  # fmt: skip
CONFIDENT = 0.5  # below this a song is someone's guess: it is ignored, and reported


def confidence(value):
    """How sure the site is of a song, 0 to 1: a number, a percentage or a word."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise BadValue("is not a confidence")
    text = str(value).strip().casefold()
    if text in CONFIDENCE_WORDS:
        return CONFIDENCE_WORDS[text]
    try:
        score = float(text.removesuffix("%")) / (100 if text.endswith("%") else 1)
    except ValueError:
        raise BadValue(f"{text[:40]!r} is not a number from 0 to 1, a percentage or one of "
                       f"{', '.join(CONFIDENCE_WORDS)}") from None  # fmt: skip
    if not 0 <= score <= 1:
        raise BadValue(f"{text!r} is not between 0 and 1")
    return score


KINDS = {
    "performed": "performed", "performed on screen": "performed", "on screen": "performed",
    "sung": "performed", "performance": "performed",
    "background": "background", "bg": "background", "score": "background", "source": "background",
    "opening": "opening", "opening theme": "opening", "theme": "opening", "intro": "opening",
    "end credits": "end_credits", "end_credits": "end_credits", "credits": "end_credits",
    "closing": "end_credits", "outro": "end_credits",
}  # fmt: skip


def kind(value):
    text = " ".join(str(value or "").replace("_", " ").replace("-", " ").casefold().split())
    if not text:
        return ""
    if text.replace(" ", "_") in KINDS:
        return KINDS[text.replace(" ", "_")]
    if text in KINDS:
        return KINDS[text]
    raise BadValue(f"{text[:40]!r} is not one of performed, background, opening, end credits")


# A store's id, or a link to it, becomes our link to the track.
STORES = {
    "spotify_id": (
        re.compile(r"^(?:spotify:track:|https://open\.spotify\.com/(?:intl-[a-z]+/)?track/)?([0-9A-Za-z]{22})(?:\?.*)?$"),
        "https://open.spotify.com/track/{}",
        "a Spotify track id (22 letters and digits)",
    ),
    "apple_music_id": (
        re.compile(r"^(?:https://music\.apple\.com/.*[/?&=])?(\d{5,15})$"),
        "https://music.apple.com/us/song/{}",
        "an Apple Music song id (digits)",
    ),
    "youtube_id": (
        re.compile(r"^(?:https://(?:www\.youtube\.com/watch\?v=|youtu\.be/))?([0-9A-Za-z_-]{11})(?:[&?].*)?$"),
        "https://www.youtube.com/watch?v={}",
        "a YouTube video id (11 letters, digits, - and _)",
    ),
}  # fmt: skip


def store_link(field, value):
    """``https://open.spotify.com/track/<id>`` and the like, from the list's id."""
    text = str(value or "").strip()
    if not text:
        return ""
    pattern, link, what = STORES[field]
    if not (match := pattern.match(text)):
        raise BadValue(f"{text[:40]!r} is not {what}")
    return link.format(match.group(1))


def names(value):
    """Performers, as a list or as "Nellie; Joanna" / "Nellie, Joanna" / "Nellie & Joanna"."""
    if isinstance(value, list):
        return [item.get("name", "") if isinstance(item, dict) else item for item in value]
    return re.split(r"\s*[;,/]\s*|\s+&\s+", str(value or ""))
