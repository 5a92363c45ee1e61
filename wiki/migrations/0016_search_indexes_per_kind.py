"""PostgreSQL: a full-text index per kind, and the names in code-point order.

Every full-text condition of a search names its kind (``wiki.search.pools``), so each
kind has its own GIN index (partial, ``WHERE kind = ...``): counting a kind's first
1,001 matches reads that kind's postings and rows, not those of every match. With one
index for all kinds, "nellie" at 1,000,000 scenes fetched 81,727 rows to find 2 episodes.

The names' B-tree is in the "C" collation: a prefix is a range of it and the range is
in the order the pools want (``name >= 'nel' AND name < 'nel' || U+10FFFF``), so the ten
closest names are the first ten of the range. The pattern index (migration 0015) gave
the range but not the order, so a pool sorted every name with the prefix (5,711 for
"nellie"). SQLite needs neither: FTS5 matches a kind itself, and its B-tree compares
code points.
"""

from django.db import migrations

from wiki.migrations._postgresql import on_postgresql

KINDS = ["character", "song", "episode", "scene", "recap", "person", "artist"]

FORWARD = [
    *(
        f"CREATE INDEX searchentry_document_{kind} ON wiki_searchentry USING GIN (document) WHERE kind = '{kind}'"
        for kind in KINDS
    ),
    "DROP INDEX searchentry_document_idx",
    'CREATE INDEX searchname_kind_name_c ON wiki_searchname (kind, (name COLLATE "C"), alias)',
    "DROP INDEX searchname_kind_name_like",
]
BACKWARD = [
    "CREATE INDEX searchname_kind_name_like ON wiki_searchname (kind, name varchar_pattern_ops, alias)",
    "DROP INDEX searchname_kind_name_c",
    "CREATE INDEX searchentry_document_idx ON wiki_searchentry USING GIN (document)",
    *(f"DROP INDEX searchentry_document_{kind}" for kind in KINDS),
]


class Migration(migrations.Migration):
    dependencies = [("wiki", "0015_search_names")]

    operations = [migrations.RunPython(on_postgresql(FORWARD), on_postgresql(BACKWARD))]
