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
from django.db import connection
from django.db.models import Case, IntegerField, When
from django.db.models.expressions import RawSQL

from wiki.models import SearchEntry

CAP = 1_000
LAST = "\U0010ffff"  # above every character: "nel" <= name < "nel" + LAST is a prefix range


def cap():
    return getattr(settings, "SEARCH_RESULTS_CAP", CAP)


def _sql(queryset):
    sql, params = queryset.query.sql_with_params()
    return sql, list(params)


def named(phrase, progress, *, kind, show=None, limit):
    """The entries of ``kind`` with a name that is ``phrase`` or starts with it,
    closest first (an exact name sorts before its longer neighbours)."""
    rows = SearchEntry.objects.visible_to(progress)
    if show is not None:
        rows = rows.filter(show=show)
    if connection.vendor == "postgresql":  # the collation's order is not a prefix's: LIKE, on a pattern index
        rows = rows.filter(name_rows__kind=kind, name_rows__name__startswith=phrase)
    else:
        rows = rows.filter(
            name_rows__kind=kind, name_rows__name__gte=phrase, name_rows__name__lt=phrase + LAST
        )
    return rows.order_by("name_rows__name").values("pk")[:limit]


def candidates(subqueries):
    """``pk IN`` the union of these sliced querysets: the pool a page ranks."""
    parts, params = [], []
    for n, queryset in enumerate(subqueries):
        sql, sub_params = _sql(queryset)
        parts.append(f"SELECT * FROM ({sql}) AS pool_{n}")  # noqa: S608 — compiled by Django, values as params
        params += sub_params
    return RawSQL(" UNION ALL ".join(parts), params)  # noqa: S611 — the same


def counted(queryset):
    """``SELECT count(*)`` of a queryset of matches, up to ``cap() + 1``."""
    sql, params = _sql(queryset.order_by().values("pk")[: cap() + 1])
    count = f"SELECT count(*) FROM ({sql}) AS matches"  # noqa: S608 — compiled by Django, values as params
    return RawSQL(count, params, output_field=IntegerField())  # noqa: S611 — the same


def fts_counted(expression):
    """The same count inside SQLite's FTS5 alone, for a reader with no shield and no
    show chosen: nothing joined, about a tenth of a microsecond a match."""
    return RawSQL(
        "SELECT count(*) FROM (SELECT rowid FROM wiki_search_fts WHERE wiki_search_fts MATCH %s LIMIT %s) AS matches",
        [expression, cap() + 1],
        output_field=IntegerField(),
    )


def totals(counts):
    """An annotation: each row's kind's capped total, from ``{kind: count expression}``
    (each an uncorrelated subquery, which the database runs once)."""
    return Case(*(When(kind=kind, then=count) for kind, count in counts.items()), output_field=IntegerField())


def capped(total):
    """A total as shown: "1,000+" past the cap."""
    return f"{cap():,}+" if total > cap() else f"{total:,}"
