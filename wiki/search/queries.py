"""Search: one interface, two engines, picked by ``connection.vendor``.

SQLite matches through its FTS5 table (``SearchIndex``, bm25 rank),
PostgreSQL through the generated ``tsvector`` column (``ts_rank``); both
rank the same way on top of that (``_tier``): an exact name or alias, then a
name or alias that starts with the query ("Nel" → Nellie), then who plays or
sings it ("Paul James" → Nellie), then the text (bios, synopses, recaps).

Typing is free text: it is cut to words (``wiki.search.index.words``), so
quotes, operators, ``NEAR``, SQL and emoji are only ever words to look for.
A query that finds nothing is tried again with each unknown word replaced by
the nearest word of the index (``SearchTerm``): edit distance on SQLite,
trigram similarity on PostgreSQL ("Nelly" → nellie, "Clarksen" → clarkson).

Every query goes through ``SearchEntry.objects.visible_to(progress)``, the
spoiler shield's one filter.
"""

import os
import re
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import BooleanField, Case, F, IntegerField, Q, Value, When, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import RowNumber
from django.utils.html import escape
from django.utils.safestring import mark_safe

from wiki.models import Episode, SearchEntry, SearchTerm
from wiki.search import pools
from wiki.search.index import words
from wiki.text.refs import episode_code

MAX_QUERY_CHARS = 200
MAX_TERMS = 8
PER_KIND = 5
BEST = 3
MIN_PREFIX = 2
POOL = 2 * PER_KIND  # of each kind, from the names' index and from the rest: what the grouped page ranks
KIND_ORDER = [kind for kind, _ in SearchEntry.Kind.choices]


# Words a question is made of that say little about what is asked for: they
# are weighed down (left out of the match once every word fails), never required.
STOP_WORDS = frozenset(
    """a an and are as at be by did do does for from has have her his how i in is it its of on or
    she that the their them then they this to was were what when where which while who whom whose
    why with song songs sing sings sang sung singing play plays played playing music tune called""".split()
)


@dataclass
class Query:
    text: str
    terms: list = field(default_factory=list)
    corrected_from: str = ""
    any_word: bool = False  # match rows holding any of the terms, most matched first
    whole: str = ""  # the phrase as typed, when ``terms`` leave some of it out

    @property
    def phrase(self):
        return self.whole or " ".join(self.terms)

    def __bool__(self):
        return bool(self.terms)

    def asked(self):
        """How to ask the index. Stop words are weighed down, never required:
        the words that are left match as any of them, rows ranked by how many
        match (``_coverage``), so a row naming two of three words beats a recap
        that merely holds all three. The tier still compares the whole phrase."""
        content = [term for term in self.terms if term not in STOP_WORDS]
        if not content or (content == self.terms and len(content) == 1):
            return self
        return Query(self.text, content, self.corrected_from, any_word=len(content) > 1, whole=self.phrase)


def parse(text):
    """The words of what the reader typed; an episode code becomes ``s1e2``."""
    text = " ".join((text or "").split())[:MAX_QUERY_CHARS]
    terms = []
    for word in words(text)[:MAX_TERMS]:
        code = episode_code(word)
        terms.append(f"s{code[0]}e{code[1]}" if code else word)
    return Query(text=text, terms=terms)


def episode_for_code(query, show=None):
    """The one episode a query like ``S1E2`` or ``1x02`` names, if exactly one does."""
    if len(query.terms) != 1 or not (code := episode_code(query.terms[0])):
        return None
    episodes = Episode.objects.with_show().filter(season__number=code[0], number=code[1])
    if show is not None:
        episodes = episodes.filter(show=show)
    found = list(episodes[:2])
    return found[0] if len(found) == 1 else None


def _tier(phrase):
    return Case(
        When(names__contains=f"|{phrase}|", then=Value(0)),
        When(Q(names__contains=f"|{phrase}") | Q(names__contains=f" {phrase}"), then=Value(1)),
        When(credits__contains=phrase, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )


def _coverage(query):
    """How much of the question a row answers: two for each term in its names
    or credits (a character, song or artist), one for each only in its text.
    Constant unless the query matches on any word."""
    if not query.any_word:
        return Value(0, output_field=IntegerField())
    parts = [
        Case(
            When(Q(names__contains=term) | Q(credits__contains=term), then=Value(2)),
            When(body__icontains=term, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
        for term in query.terms
    ]
    return sum(parts[1:], parts[0])


def _kind_order():
    return Case(
        *(When(kind=kind, then=Value(i)) for i, kind in enumerate(KIND_ORDER)), output_field=IntegerField()
    )


def matching(query, progress, *, kind=None, show=None, names_only=False):
    """The entries matching every word (the last ones as prefixes), ranked.
    ``names_only`` (autocomplete) looks at names and aliases alone."""
    return (
        _matches(query, progress, kind=kind, show=show, names_only=names_only)
        .annotate(tier=_tier(query.phrase), kind_order=_kind_order(), coverage=_coverage(query))
        .order_by("kind_order", "-coverage", "tier", "score", "title", "pk")
    )


def _matches(query, progress, *, kind=None, show=None, names_only=False):
    rows = SearchEntry.objects.visible_to(progress)
    if names_only:  # suggestions are names: a scene's title is not one
        rows = rows.exclude(kind=SearchEntry.Kind.SCENE)
    if connection.vendor == "postgresql":
        return _postgresql_match(rows.narrowed(kind=kind, show=show), query, names_only)
    return _sqlite_match(rows.narrowed(), query, names_only, kind=kind, show=show)


def _sqlite_match(rows, query, names_only, *, kind=None, show=None):
    # The show is written "+show_id = value" so that SQLite never drives the query
    # from the index on show and probes FTS5 once per row (2.3 s for the 100,000
    # characters of the generated catalogue): the match comes first. The kind is a
    # column of the FTS5 table, matched there.
    if show is not None:
        rows = rows.filter(
            RawSQL('+"wiki_searchentry"."show_id" = %s', [show.pk], output_field=BooleanField())
        )
    match = rows.filter(fts__document__match=fts_expression(query, kind=kind, names_only=names_only))
    if names_only:  # names are ranked by tier, then title: bm25 would tell little more
        return match.annotate(score=Value(0.0))
    return match.annotate(score=RawSQL('"wiki_search_fts"."rank"', []))


def fts_expression(query, *, kind=None, names_only=False):
    """The FTS5 query: the words in the names (suggestions) or in every column
    but the kind, and the kind when one is asked for. Suggestions leave scenes out."""
    words = (" OR " if query.any_word else " ").join(
        f'"{term}"*' if _as_prefix(term) else f'"{term}"' for term in query.terms
    )  # letters, digits
    if names_only:
        expression = f"names : ({words})"
    elif any(map(_may_match_a_kind, query.terms)):
        expression = f"{{names credits body}} : ({words})"
    else:  # the same rows; a column filter makes FTS5 read every match's positions (twice the time)
        expression = f"({words})"
    if kind:
        return f'{expression} AND kind : "{kind}"'
    return f'{expression} NOT kind : "scene"' if names_only else expression


def _may_match_a_kind(term):
    """Whether ``term`` could match the FTS5 table's kind column, which holds a kind's name."""
    return any(kind == term or (_as_prefix(term) and kind.startswith(term)) for kind in KIND_ORDER)


def _as_prefix(term):
    """Words of two letters or more match as prefixes ("Nel" finds Nellie); a
    single letter only as itself, not as the start of a third of the index."""
    return len(term) >= MIN_PREFIX


def ts_query(query):
    """The ``tsquery`` text."""
    marks = {True: ":*", False: ""}  # prefix, or the word itself
    return (" | " if query.any_word else " & ").join(
        f"'{term}'{marks[_as_prefix(term)]}" for term in query.terms
    )  # letters and digits only


def _ts_column(names_only):
    """The ``tsvector`` a match reads: the names alone for suggestions (migration 0017)."""
    return "names_document" if names_only else "document"


def _matched_sql(query, *, kind, names_only=False, limit):
    """The first ``limit`` matches of ``kind``, as ``(sql, params)``, for a reader with
    nothing shielded and no show chosen (``pools.unshielded``)."""
    if connection.vendor == "postgresql":
        return pools.ts_matched_sql(ts_query(query), _ts_column(names_only), kind=kind, limit=limit)
    return pools.matched_sql(fts_expression(query, kind=kind, names_only=names_only), limit=limit)


def _postgresql_match(rows, query, names_only):
    tsquery, column = ts_query(query), f"wiki_searchentry.{_ts_column(names_only)}"
    matches = RawSQL(f"{column} @@ to_tsquery('simple', %s)", [tsquery], output_field=BooleanField())  # noqa: S611 — our column name
    score = RawSQL(f"-ts_rank({column}, to_tsquery('simple', %s))", [tsquery])  # noqa: S611 — the same
    return rows.filter(matches).annotate(score=score)


def corrected(query):
    """The query with each word the index does not know replaced by its nearest
    known word, or None when there is nothing to correct."""
    known = set(SearchTerm.objects.filter(term__in=query.terms).values_list("term", flat=True))
    unknown = [
        term
        for term in query.terms
        if term not in known and term not in STOP_WORDS and len(term) >= 3 and not term.isdigit()
    ]
    if not unknown:
        return None
    nearest = _postgresql_nearest(unknown) if connection.vendor == "postgresql" else _sqlite_nearest(unknown)
    if not nearest:
        return None
    terms = [nearest.get(term, term) for term in query.terms]
    return Query(text=" ".join(terms), terms=terms, corrected_from=query.text)


def _postgresql_nearest(unknown):
    nearest = {}
    for term in unknown:
        similar = SearchTerm.objects.filter(
            RawSQL("wiki_searchterm.term %% %s", [term], output_field=BooleanField())
        ).annotate(similarity=RawSQL("similarity(wiki_searchterm.term, %s)", [term]))
        best = similar.order_by("-similarity", "term").values_list("term", flat=True).first()
        if best:
            nearest[term] = best
    return nearest


def _sqlite_nearest(unknown):
    """Known words with the same first letter, within one edit (two for long words)."""
    same_start = Q()
    for term in unknown:
        same_start |= Q(term__gte=term[0], term__lt=term[0] + "\U0010ffff")
    candidates = list(SearchTerm.objects.filter(same_start).values_list("term", flat=True)[:50_000])
    nearest = {}
    for term in unknown:
        allowed = 1 if len(term) <= 4 else 2
        scored = [
            (
                distance,
                -len(os.path.commonprefix([term, candidate])),
                abs(len(candidate) - len(term)),
                candidate,
            )
            for candidate in candidates
            if candidate[0] == term[0] and abs(len(candidate) - len(term)) <= allowed
            if (distance := edit_distance(term, candidate, allowed)) <= allowed
        ]
        if scored:
            nearest[term] = min(scored)[-1]
    return nearest


def edit_distance(a, b, limit):
    """Damerau–Levenshtein distance (adjacent swaps count one), or limit + 1 past ``limit``."""
    previous2, previous = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if previous2 is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def _with_correction(query, find):
    """``find`` of the query as ``asked``, or of the corrected query's when that
    finds nothing and the correction does. ``find`` applies the spoiler shield,
    so a correction into words only hidden rows hold is never offered: the page
    then reads as it does for a word the index has never seen."""
    asked = query.asked()
    found = find(asked)
    if not found and (better := corrected(query)) and (better_found := find(better_asked := better.asked())):
        return better_asked, better_found
    return asked, found


@dataclass
class Group:
    kind: str
    label: str
    total: int  # counted up to the cap, and one past it
    entries: list

    @property
    def capped(self):
        return self.total > pools.cap()

    @property
    def shown_total(self):
        return pools.capped(self.total)


@dataclass
class Results:
    """The grouped page: ``best`` across every kind, then ``groups`` by kind."""

    query: Query
    best: list
    groups: list


def _pool(query, progress, *, kinds, show=None, limit, names_only=False, matched=True, shared=False):
    """Per kind, the closest names and the first other matches: what a page ranks
    (``wiki.search.pools``); with ``shared``, the matches are those read once for the
    statement (``pools.with_shared_matches``)."""
    subqueries, fast = [], pools.unshielded(progress, show)
    for kind in kinds:
        if fast:
            subqueries.append(pools.named_sql(query.phrase, kind=kind, limit=limit))
        else:
            subqueries.append(pools.named(query.phrase, progress, kind=kind, show=show, limit=limit))
        if shared:
            subqueries.append(pools.shared_sql(kind=kind, limit=limit))
        elif fast:
            subqueries.append(_matched_sql(query, kind=kind, names_only=names_only, limit=limit))
        else:
            matches = _matches(query, progress, kind=kind, show=show, names_only=names_only)
            subqueries.append(pools.first(matches.values("pk"), kind=kind, limit=limit))
    return pools.candidates(subqueries, matched=matched)


def _totals(query, progress, show, shared=False):
    """Each kind's total, up to the cap: inside FTS5 for a reader with nothing
    shielded and no show chosen, from the matches read once with ``shared``, else
    through the shield."""
    if shared:
        counts = {kind: pools.shared_counted(kind) for kind in KIND_ORDER}
    elif pools.unshielded(progress, show):
        counts = {kind: pools.fts_counted(fts_expression(query, kind=kind)) for kind in KIND_ORDER}
    else:
        counts = {kind: pools.counted(_matches(query, progress, kind=kind, show=show)) for kind in KIND_ORDER}
    return pools.totals(counts)


def _first_matches(query, progress, show):
    """Each kind's first ``cap() + 1`` matches, as ``(sql, params)``, for
    ``pools.with_shared_matches``: written out for a reader with nothing shielded."""
    limit = pools.cap() + 1
    if pools.unshielded(progress, show):
        return {kind: _matched_sql(query, kind=kind, limit=limit) for kind in KIND_ORDER}
    return {
        kind: pools.first(
            _matches(query, progress, kind=kind, show=show).values("pk"), kind=kind, limit=limit
        )
        for kind in KIND_ORDER
    }


def search(query, progress, *, show=None):
    """Every kind of result, grouped, the best ``PER_KIND`` of each with its
    total, and the ``BEST`` few of them all ranked together, in one query: a
    bounded pool of each kind is ranked (``_pool``), window functions number
    it within each kind, and the totals are counted up to the cap."""

    # PostgreSQL: a GIN scan per use of the matches (fourteen pools and counts) cost 1.5 s for
    # "nellie" at 1,000,000 scenes; each kind's are read once, up to the cap. FTS5 answers
    # each use itself.
    shared = connection.vendor == "postgresql"

    def best(q):
        ranked = (
            _matches(q, progress, show=show)
            .filter(_pool(q, progress, kinds=KIND_ORDER, show=show, limit=POOL, shared=shared))
            .annotate(tier=_tier(q.phrase), coverage=_coverage(q))
            .annotate(
                place=Window(
                    RowNumber(),
                    partition_by=F("kind"),
                    order_by=[F("coverage").desc(), F("tier"), F("score"), F("title"), F("pk")],
                ),
                total=_totals(q, progress, show, shared=shared),
            )
        )
        rows = ranked.filter(place__lte=PER_KIND).order_by()
        rows = rows.values_list("pk", "kind", "place", "total", "coverage", "tier", "score")
        if shared:
            return pools.with_shared_matches(rows, _first_matches(q, progress, show))
        return list(rows)

    query, best_rows = _with_correction(query, best)
    entries = SearchEntry.objects.narrowed().in_bulk([pk for pk, *_ in best_rows])
    labels = dict(SearchEntry.Kind.choices)
    groups = {}
    for pk, kind, _, total, *_ in sorted(best_rows, key=lambda row: (KIND_ORDER.index(row[1]), row[2])):
        if kind not in groups:
            groups[kind] = Group(kind, labels[kind], total, [])
        groups[kind].entries.append(entries[pk])
    overall = sorted(best_rows, key=lambda row: (-row[4], row[5], row[6], KIND_ORDER.index(row[1]), row[2]))
    top = [entries[pk] for pk, *_ in overall[:BEST]] if len(groups) > 1 else []
    return Results(query, top, list(groups.values()))


def search_kind(query, progress, *, kind, show=None):
    """One kind's results, ranked, for a paginator (corrected if need be): the
    pool is up to the cap of names and of other matches, so a paginator counting
    it finds the exact total, or more than the cap."""

    def found(q):
        return list(_matches(q, progress, kind=kind, show=show).values_list("pk", flat=True)[:1])

    query, _ = _with_correction(query, found)
    pool = _pool(query, progress, kinds=[kind], show=show, limit=pools.cap() + 1)
    return query, matching(query, progress, kind=kind, show=show).filter(pool)


SUGGESTED = [kind for kind in KIND_ORDER if kind != SearchEntry.Kind.SCENE]


def suggestions(text, progress, limit=8):
    """What the header box offers as one types: names that start with it, the
    closest of each kind from the names' index, and a few that hold its words."""
    query = parse(text)
    if not query or len(query.phrase) < 2:
        return []

    def find(q):
        # Every candidate holds the words in its names (a name starting with
        # them, or a match of the names' index): the entries are read by id,
        # not matched again, and ranked by tier, kind and title.
        pool = _pool(q, progress, kinds=SUGGESTED, limit=limit, names_only=True, matched=False)
        rows = (
            SearchEntry.objects.visible_to(progress)
            .narrowed()
            .filter(pool)
            .annotate(tier=_tier(q.phrase), kind_order=_kind_order(), score=Value(0.0))
        )
        return list(rows.order_by("tier", "kind_order", "score", "title")[:limit])

    return _with_correction(query, find)[1]


def highlight(text, terms, width=None):
    """``text`` escaped, words starting with a query term in ``<mark>``; with
    ``width``, only a window of about that many characters around the first match."""
    if not text:
        return ""
    pattern = (
        re.compile(r"\b(?:" + "|".join(re.escape(t) for t in terms) + r")\w*", re.IGNORECASE)
        if terms
        else None
    )
    first = pattern.search(text) if pattern else None
    prefix = suffix = ""
    if width and len(text) > width:
        start = max(0, (first.start() if first else 0) - width // 3)
        start = text.rfind(" ", 0, start) + 1 if start else 0
        end = text.find(" ", start + width)
        end = len(text) if end == -1 else end
        prefix, suffix = ("… " if start else ""), (" …" if end < len(text) else "")
        text = text[start:end]
    if not pattern:
        return escape(prefix + text + suffix)
    parts, position = [], 0
    for match in pattern.finditer(text):
        parts += [escape(text[position : match.start()]), f"<mark>{escape(match[0])}</mark>"]
        position = match.end()
    parts.append(escape(text[position:]))
    return mark_safe(escape(prefix) + "".join(parts) + escape(suffix))  # noqa: S308 — every piece escaped
