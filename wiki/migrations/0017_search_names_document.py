"""PostgreSQL: the names' own ``tsvector``, for suggestions.

A suggestion matches names and aliases alone: in the document that is its weight-A part
(``'mid':*A``), but GIN keeps no weights, so the index gave every entry holding the word
anywhere and each was read to be rechecked. "mid" at 1,000,000 scenes read the 7,500
characters holding it in a bio or credit to keep none of them (8 ms of a suggestion).
``names_document`` holds only the names, with an index per kind that is suggested (every
kind but scenes, whose titles are not names). SQLite needs none: FTS5 matches a column.
"""

from django.db import migrations

from wiki.migrations._postgresql import on_postgresql

SUGGESTED = ["character", "song", "episode", "recap", "person", "artist"]

FORWARD = [
    """ALTER TABLE wiki_searchentry ADD COLUMN names_document tsvector
        GENERATED ALWAYS AS (to_tsvector('simple', names)) STORED""",
    *(
        f"CREATE INDEX searchentry_names_{kind} ON wiki_searchentry USING GIN (names_document) WHERE kind = '{kind}'"
        for kind in SUGGESTED
    ),
]
BACKWARD = ["ALTER TABLE wiki_searchentry DROP COLUMN names_document"]  # its indexes go with it


class Migration(migrations.Migration):
    dependencies = [("wiki", "0016_search_indexes_per_kind")]

    operations = [migrations.RunPython(on_postgresql(FORWARD), on_postgresql(BACKWARD))]
