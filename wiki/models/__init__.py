"""The catalogue: what is in a show.

Show ─< Season ─< Episode ─< Scene ─< Cue >─ Song >─ Artist
                               │        └── performers >─ Character
                               └── Appearance >─ Character >─ Person (played_by)

Every ``get_absolute_url`` runs no query as long as the queryset selected
the related rows it names (``show`` for characters and episodes, ``episode``
and its ``show`` for scenes): the querysets in ``wiki.querysets`` do.

The models live in small modules by subject; import them from here.
"""

from wiki.models.fields import EPISODES_PER_SEASON, image_fields
from wiki.models.links import FormerName, WikiLink
from wiki.models.music import Artist, Cue, Song
from wiki.models.people import CastRole, Character, Person
from wiki.models.readers import ReaderProgress
from wiki.models.scenes import Appearance, Scene
from wiki.models.search import SearchEntry, SearchIndex, SearchName, SearchTerm
from wiki.models.shows import Episode, Season, Show
from wiki.models.sources import SourceRecord

__all__ = [
    "EPISODES_PER_SEASON",
    "Appearance",
    "Artist",
    "CastRole",
    "Character",
    "Cue",
    "Episode",
    "FormerName",
    "Person",
    "ReaderProgress",
    "Scene",
    "SearchEntry",
    "SearchIndex",
    "SearchName",
    "SearchTerm",
    "Season",
    "Show",
    "Song",
    "SourceRecord",
    "WikiLink",
    "image_fields",
]
