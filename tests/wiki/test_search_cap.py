"""Search past its cap: totals read "N+", the exact name still comes first, pages stop at the cap,
and what the shield hides is neither shown nor counted."""

import io

import pytest
from django.core.management import call_command

from tests import factories as f
from tests.wiki.test_search import suggest, titles
from tests.wiki.test_spoilers import shield_at_s1e2
from wiki.models import Episode, SearchEntry, SearchName, Show

pytestmark = pytest.mark.django_db


def _clones(n, show=None, scene_in=None):
    """Characters whose names start with "Nellie", listed before hers in the index."""
    show = show or f.make_show(title="Another Show", slug="another-show")
    clones = [
        f.make_character(show, name=f"Nellie Clone {i:02}", slug=f"nellie-clone-{i:02}") for i in range(n)
    ]
    if scene_in is not None:
        f.make_scene(scene_in, characters=clones)
    return clones


def test_a_kind_past_the_cap_reads_n_plus_and_still_ranks_the_exact_name_first(client, demo, settings):
    settings.SEARCH_RESULTS_CAP = 10
    _clones(30)
    response = client.get("/search/", {"q": "nellie"})
    page = response.content.decode()
    assert 'Characters <span class="meta">(10+)</span>' in page
    assert "The first 10 of 10+ characters →" in page
    assert titles(response, "character")[0] == "Nellie"
    assert titles(response)[0] == "Nellie"
    assert suggest(client, "nellie")[0] == "Nellie"


def test_a_kind_under_the_cap_keeps_its_exact_total(client, demo, settings):
    settings.SEARCH_RESULTS_CAP = 100
    _clones(30)
    page = client.get("/search/", {"q": "nellie"}).content.decode()
    assert 'Characters <span class="meta">(34)</span>' in page and "All 34 characters →" in page


def test_pages_of_one_kind_stop_at_the_cap_and_say_so(client, demo, settings):
    settings.SEARCH_RESULTS_CAP = 25
    _clones(40)
    first = client.get("/search/", {"q": "nellie", "kind": "character"})
    page = first.content.decode()
    assert "25+ results" in page
    assert "More than 25 match: these are the first 25, best first." in page
    assert titles(first)[0] == "Nellie" and len(titles(first)) == 20
    assert "Page 1 of 2" in page
    last = client.get("/search/", {"q": "nellie", "kind": "character", "page": 2})
    assert len(titles(last)) == 5
    past = client.get("/search/", {"q": "nellie", "kind": "character", "page": 9})
    assert titles(past) == titles(last), "a page past the cap is the last one"


def test_what_the_shield_hides_is_not_counted_toward_the_cap(client, demo, settings):
    settings.SEARCH_RESULTS_CAP = 10
    show = Show.objects.get(slug="soundtrack")
    _clones(15, show=show, scene_in=Episode.objects.get(show=show, number=3))
    unshielded = client.get("/search/", {"q": "nellie"}).content.decode()
    assert 'Characters <span class="meta">(10+)</span>' in unshielded
    shield_at_s1e2(client)
    response = client.get("/search/", {"q": "nellie"})
    page = response.content.decode()
    assert "Clone" not in page
    assert 'Characters <span class="meta">(4)</span>' in page
    assert titles(response, "character")[0] == "Nellie"


def test_rebuilding_the_index_writes_its_names_again(client, demo):

    before = sorted(SearchName.objects.values_list("kind", "entry__object_id", "name", "alias"))
    call_command("rebuild_search_index", stdout=io.StringIO(), stderr=io.StringIO())
    assert sorted(SearchName.objects.values_list("kind", "entry__object_id", "name", "alias")) == before
    assert ("character", "nellie", False) in {(k, n, a) for k, _, n, a in before}
    assert suggest(client, "nel")[0] == "Nellie"


@pytest.mark.django_db
def test_on_postgresql_a_search_reads_each_kinds_matches_once_up_to_the_cap(client, demo, settings):
    """Each of the fourteen pools and counts used to test every entry against the query
    itself: a GIN scan each, 1.5 s for "nellie" at 1,000,000 scenes. Then all the shielded
    matches were read once, in one CTE: 81,727 rows, 780 ms. The ranking statement now
    reads each kind's shielded matches once, up to the cap and one past it, in a CTE of
    its own (on the kind's own index), and ranks the pool."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if connection.vendor != "postgresql":
        pytest.skip("FTS5 answers each pool and count itself (wiki.search.pools)")
    for shielded in (False, True):
        if shielded:
            shield_at_s1e2(client)
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/search/", {"q": "nellie"})
        assert response.status_code == 200 and titles(response, "character")[0] == "Nellie"
        ranking = [q["sql"] for q in queries.captured_queries if "ROW_NUMBER()" in q["sql"]]
        assert len(ranking) == 1
        kinds = [kind for kind, _ in SearchEntry.Kind.choices]
        assert ranking[0].startswith(f"WITH matches_{kinds[0]}(pk) AS MATERIALIZED")
        assert ranking[0].count("(pk) AS MATERIALIZED (") == len(kinds)
        assert ranking[0].count(f"LIMIT {settings.SEARCH_RESULTS_CAP + 1})") == len(kinds)
        assert ranking[0].count("@@") == len(kinds) + 1  # each kind's matches, and the ranked rows' own


@pytest.mark.django_db
def test_on_postgresql_every_kind_has_its_own_full_text_index_after_a_rebuild(demo):
    """A kind without one would be matched by reading every row of the table; a rebuild
    drops the indexes around its load and must make every one again."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("FTS5 matches a kind inside its own index")
    call_command("rebuild_search_index", stdout=io.StringIO(), stderr=io.StringIO())
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'wiki_searchentry'")
        definitions = [definition for (definition,) in cursor.fetchall()]

    def kinds_indexed(column):
        found = [d for d in definitions if f"USING gin ({column})" in d]
        assert all("WHERE" in d for d in found)  # no index of every kind, for the planner to pick
        return {d.rsplit("'", 2)[-2] for d in found}

    kinds = {kind for kind, _ in SearchEntry.Kind.choices}
    assert kinds_indexed("document") == kinds
    assert kinds_indexed("names_document") == kinds - {"scene"}  # what suggestions match


@pytest.mark.django_db(transaction=True)
def test_on_postgresql_a_rebuild_leaves_no_deleted_entries_for_search_to_read():
    """A rebuild deletes every entry and writes it again; PostgreSQL keeps the deleted rows,
    in the table and in every scan of its indexes, until a vacuum. With autovacuum off or
    behind, three rebuilds made a search at 1,000,000 scenes five times slower. The
    rebuild vacuums the tables it wrote once it has committed."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("SQLite reads no deleted row")
    f.make_rich_episode(scenes=4)
    for _ in range(2):
        call_command("rebuild_search_index", stdout=io.StringIO(), stderr=io.StringIO())
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, n_dead_tup, last_vacuum IS NOT NULL FROM pg_stat_user_tables "
            "WHERE relname IN ('wiki_searchentry', 'wiki_searchname') ORDER BY relname"
        )
        assert cursor.fetchall() == [("wiki_searchentry", 0, True), ("wiki_searchname", 0, True)]
    assert SearchEntry.objects.filter(kind="scene").count() == 4
