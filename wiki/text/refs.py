"""What a ``[[...]]`` says: ``song:Heat`` or ``Nellie``, an episode code ``S1E2`` or ``1x02``,
and the key a written name is stored and looked up by."""

import re

from django.db import models

from wiki.text.markdown import wikilink_key

CODE_RE = re.compile(r"^(?:s(\d{1,3})\s*e(\d{1,3})|(\d{1,3})x(\d{1,3}))$", re.IGNORECASE)


class Kind(models.TextChoices):
    CHARACTER = "character", "Character"
    SONG = "song", "Song"
    EPISODE = "episode", "Episode"


PREFIXES = {"character": Kind.CHARACTER, "char": Kind.CHARACTER, "song": Kind.SONG}
PREFIXES |= {"episode": Kind.EPISODE, "ep": Kind.EPISODE}


def episode_code(name):
    """(season, number) for "S1E3", "s01e03" or "1x03"; None otherwise."""
    match = CODE_RE.match(name.strip())
    if not match:
        return None
    season, number = (int(g) for g in match.groups() if g is not None)
    return season, number


def name_key(name):
    """The key a written name is stored and looked up by: episode codes in one form."""
    code = episode_code(name)
    return f"s{code[0]}e{code[1]}" if code else wikilink_key(name)


def parse_ref(written):
    """``song:Heat`` → ("song", "Heat"); ``Nellie`` → (None, "Nellie")."""
    prefix, sep, rest = written.partition(":")
    kind = PREFIXES.get(prefix.strip().casefold()) if sep else None
    return (kind, rest.strip()) if kind and rest.strip() else (None, written.strip())
