"""The example TVmaze files (tests/recaps/data/tvmaze/) and ways to spoil them."""

import json
from pathlib import Path

from recaps.importing.base import run_import
from recaps.importing.tvmaze import TvmazeImporter
from wiki.models import Character, Episode, Person, SearchEntry, Season, Show, SourceRecord

DATA = Path(__file__).parent / "data" / "tvmaze"
GUIDE, NEWER, CAST = "soundtrack.json", "soundtrack_newer.json", "soundtrack_cast.json"


def raw(name):
    return (DATA / name).read_bytes()


def loaded(name):
    return json.loads(raw(name))


def files(guide=GUIDE, cast=CAST):
    """``{name: (filename, bytes)}`` as ``TvmazeImporter.parse`` takes it; a name or bytes each."""
    out = {}
    for key, value in (("guide", guide), ("cast", cast)):
        if value is not None:
            out[key] = (value, raw(value)) if isinstance(value, str) else (f"{key}.json", value)
    return out


def spoiled(name, change):
    """The file ``name`` as bytes after ``change(data)`` edits its JSON."""
    data = loaded(name)
    change(data)
    return json.dumps(data).encode()


def tvmaze(*, dry_run=False, **kwargs):
    importer = TvmazeImporter()
    return run_import(importer, importer.parse(files(**kwargs)), dry_run=dry_run)


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Show, Season, Episode, Person, Character, SourceRecord, SearchEntry)
    }
