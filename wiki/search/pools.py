"""Bounded work per query: the candidates a results page ranks, and totals counted up to a cap.

A broad word ("nellie" in a catalogue of a million scenes) matches thousands
of entries, and ranking them all is linear in the matches. A page ranks a pool
instead, per kind: the entries named the query or with a name starting with
it, closest first, from the B-tree of names (``SearchName``), and the first
few other matches of that kind from the full-text index. A kind with no more
matches than that is ranked whole, exactly; past it, the order of its tail is
the index's, not bm25's. Totals are counted up to ``cap()`` (``SEARCH_RESULTS_CAP``)
and read "1,000+" past it.

Every pool and count goes through ``SearchEntry.objects.visible_to(progress)``:
what lies past the reader's limit is neither ranked nor counted.
"""

from django.conf import settings
from django.db import connection, connections
from django.db.models import BooleanField, F, IntegerField, Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import Collate

from wiki.models import SearchEntry

LAST = "\U0010ffff"  # above every character: "nel" <= name < "nel" + LAST is a prefix range


def cap():
    return settings.SEARCH_RESULTS_CAP


def _sql(queryset):
    sql, params = queryset.query.sql_with_params()
    return sql, list(params)


def named(phrase, progress, *, kind, show=None, limit):
    """The entries of ``kind`` with a name that is ``phrase`` or starts with it,
    closest first (an exact name sorts before its longer neighbours, and an
    entry's own name before another's alias)."""
    rows = SearchEntry.objects.visible_to(progress)
    if show is not None:
        rows = rows.filter(show=show)
    name = F("name_rows__name")
    if connection.vendor == "postgresql":
        # In the "C" collation, on its B-tree (migration 0016), the range is in code-point
        # order, as SQLite's: the ten closest names are the range's first ten.
        name = Collate(name, "C")
    # Filtered first, so that the name is the same row of the join as the kind.
    rows = rows.filter(name_rows__kind=kind).alias(pool_name=name)
    rows = rows.filter(pool_name__gte=phrase, pool_name__lt=phrase + LAST)
    return rows.order_by("pool_name", "name_rows__alias").values("pk")[:limit]


def unshielded(progress, show):
    """A reader with nothing shielded, all shows: the pools and counts are SQL written
    out (no filter to apply, and compiling fourteen querysets costs more than running
    them: 19 of the 26 ms of a suggestion on PostgreSQL at the demo size)."""
    return show is None and not (progress and progress.limits)


def named_sql(phrase, *, kind, limit):
    """``named`` for a reader with nothing shielded."""
    name = 'name COLLATE "C"' if connection.vendor == "postgresql" else "name"
    sql = f"SELECT entry_id FROM wiki_searchname WHERE kind = %s AND {name} >= %s AND {name} < %s ORDER BY {name}, alias LIMIT %s"  # noqa: S608 — ours
    return sql, [kind, phrase, phrase + LAST, limit]


def matched_sql(expression, *, limit):
    """The first ``limit`` entries FTS5 matches, in its order (by id), on SQLite."""
    return "SELECT rowid FROM wiki_search_fts WHERE wiki_search_fts MATCH %s LIMIT %s", [expression, limit]


def ts_matched_sql(tsquery, column, *, kind, limit):
    """The first ``limit`` entries of ``kind`` whose ``column`` (``document``, or
    ``names_document``) matches ``tsquery``, on PostgreSQL (on the kind's own index,
    migrations 0016 and 0017)."""
    sql = f"SELECT id FROM wiki_searchentry WHERE kind = %s AND {column} @@ to_tsquery('simple', %s)"  # noqa: S608 — our column name
    return first(sql, [kind, tsquery], kind=kind, limit=limit)


# PostgreSQL plans a LIMIT as if the matches were spread evenly over the table, but a kind's
# entries lie together (the index is written kind by kind): for the first eight characters
# matching "ne" at 1,000,000 scenes it read past the scenes in table order (690 ms) rather
# than take the characters' own index (3 ms). The scenes are most of the table, and a scan
# in table order finds their first matches soon; any other kind is read through a
# materialised CTE, which is planned for all its matches and read only as far as needed.
SPREAD = frozenset({"scene"})


def first(matches, params=(), *, kind, limit):
    """The first ``limit`` rows of ``matches`` (of ``kind``: a ``values("pk")`` queryset, or
    SQL and its ``params``), as ``(sql, params)``."""
    sql, params = (matches, list(params)) if isinstance(matches, str) else _sql(matches.order_by())
    if connection.vendor == "postgresql" and kind not in SPREAD:
        return f"WITH found AS MATERIALIZED ({sql}) SELECT * FROM found LIMIT %s", [*params, limit]  # noqa: S608 — ours or Django's SQL, values as params
    return f"{sql} LIMIT %s", [*params, limit]


def candidates(subqueries, *, matched=True):
    """A filter: the entry is in the union of these sliced querysets (or ``(sql,
    params)``), the pool a page ranks. On SQLite the condition is on the FTS5
    table's rowid, so that SQLite looks each candidate up in FTS5 rather than
    scanning every match and joining it before testing it."""
    parts, params = [], []
    for n, queryset in enumerate(subqueries):
        sql, sub_params = queryset if isinstance(queryset, tuple) else _sql(queryset)
        parts.append(f"SELECT * FROM ({sql}) AS pool_{n}")  # noqa: S608 — compiled by Django, values as params
        params += sub_params
    pool = " UNION ALL ".join(parts)
    if matched and connection.vendor == "sqlite":
        return RawSQL(f'+"wiki_search_fts"."rowid" IN ({pool})', params, output_field=BooleanField())  # noqa: S611 — the same
    return Q(pk__in=RawSQL(pool, params))  # noqa: S611 — the same


def counted(queryset):
    """``SELECT count(*)`` of a queryset of matches, up to ``cap() + 1``, as ``(sql, params)``."""
    return _count(*_sql(queryset.order_by().values("pk")[: cap() + 1]))


def fts_counted(expression):
    """The same count inside SQLite's FTS5 alone, for a reader with no shield and no
    show chosen: nothing joined, about a tenth of a microsecond a match."""
    return _count(*matched_sql(expression, limit=cap() + 1))


def totals(counts):
    """An annotation: each row's kind's capped total, from ``{kind: (sql, params)}``
    (each an uncorrelated subquery, which the database runs once). One expression
    written out: fourteen of Django's would cost more to build than the counts."""
    whens, params = [], []
    for kind, (sql, sub_params) in counts.items():
        whens.append(f"WHEN %s THEN ({sql})")
        params += [kind, *sub_params]
    case = f'CASE "wiki_searchentry"."kind" {" ".join(whens)} END'
    return RawSQL(case, params, output_field=IntegerField())  # noqa: S611 — ours and Django's SQL, values as params


def capped(total):
    """A total as shown: "1,000+" past the cap."""
    return f"{cap():,}+" if total > cap() else f"{total:,}"


# PostgreSQL: each kind's matches of a query, up to the cap and one past it, read once per
# statement (on the kind's own GIN index, migration 0016) for its pool and its count to take
# from. FTS5 needs none: it answers each itself.
def _shared(kind):
    return f"matches_{kind}"  # a kind is one of SearchEntry.Kind: letters


def shared_sql(*, kind, limit):
    """The first ``limit`` matches of ``kind`` among the shared ones."""
    return f"SELECT pk FROM {_shared(kind)} LIMIT %s", [limit]  # noqa: S608 — ours


def shared_counted(kind):
    """``counted`` of the shared matches of ``kind`` (they stop one past the cap)."""
    return f"SELECT count(*) FROM {_shared(kind)}", []  # noqa: S608 — ours


def _count(sql, params):
    """The rows of ``sql`` (a capped selection of matches), counted, as ``(sql, params)``."""
    return f"SELECT count(*) FROM ({sql}) AS matches", params  # noqa: S608 — ours or Django's SQL, values as params


def with_shared_matches(rows, matches):
    """The rows of the ``values_list`` queryset ``rows``, whose pools and counts read the
    shared matches: ``matches`` is ``{kind: (sql, params)}``, the first ``cap() + 1``
    matches of each kind, each a materialised common table expression in front of it."""
    tables, params = [], []
    for kind, (sql, kind_params) in matches.items():
        tables.append(f"{_shared(kind)}(pk) AS MATERIALIZED ({sql})")
        params += kind_params
    sql, rows_params = _sql(rows)
    with connections[rows.db].cursor() as cursor:
        cursor.execute(f"WITH {', '.join(tables)} {sql}", [*params, *rows_params])  # noqa: S608 — compiled by Django, values as params
        return cursor.fetchall()
