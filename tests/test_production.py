"""Health check, security headers and the read-replica router."""

import pytest
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext

from tests import factories as f
from wiki.models import Show


@pytest.mark.django_db(databases=["default", "replica"])
def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["databases"]["default"] == "ok"
    assert "no-cache" in response.headers["Cache-Control"]


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy(client, demo):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy


@pytest.mark.django_db
def test_the_policy_header_is_the_same_whichever_django_sends_it(client, demo):
    """Django 6 sends it with its own middleware, 5.2 with ours (config.security): the same bytes."""
    for url in ["/", "/shows/soundtrack/season-1/episode-2/", "/admin/login/"]:
        assert client.get(url).headers["Content-Security-Policy"] == (
            "default-src 'self'; img-src 'self' data: https:; style-src 'self'; script-src 'self'; "
            "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
        )


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_reads_go_to_the_replica_and_writes_to_the_primary(settings):
    settings.READ_REPLICA = "replica"
    with CaptureQueriesContext(connections["replica"]) as replica:
        list(Show.objects.all())
    assert any('FROM "wiki_show"' in q["sql"] for q in replica.captured_queries)
    with CaptureQueriesContext(connections["default"]) as primary:
        f.make_show(title="Routed")
    assert any("INSERT" in q["sql"] for q in primary.captured_queries)
    with transaction.atomic():
        assert Show.objects.all().db == "default"  # a writer reads its own writes


@pytest.mark.django_db
def test_without_a_replica_everything_uses_the_primary():
    assert Show.objects.all().db == "default"


@pytest.mark.django_db
def test_on_postgresql_a_connection_plans_the_episode_page_once_not_on_every_read(client, demo):
    """Planning was most of what PostgreSQL spent on the page's nine queries, on every
    request: with statements prepared, a connection that has served the page a few times
    serves it again from plans it keeps, and the page is the same."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("SQLite compiles each statement in the driver's own statement cache")
    url = "/shows/soundtrack/season-1/episode-2/"
    first = client.get(url).content
    for _ in range(5):
        client.get(url)
    with CaptureQueriesContext(connection) as page:
        again = client.get(url).content
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = {statement for (statement,) in cursor.fetchall()}
    assert again == first
    read = [query["sql"] for query in page.captured_queries if query["sql"].lstrip().startswith("SELECT")]
    assert len(read) >= 8
    kept = [sql for sql in read if any(_same_statement(sql, statement) for statement in prepared)]
    assert len(kept) == len(read)


def _same_statement(logged, prepared):
    """A logged query (its parameters written in) against a statement PostgreSQL keeps
    (with $1, $2 ...): the same words outside the values."""
    import re

    def shape(sql):
        values = r"\$\d+|'[^']*'(::\w+)?|\b(\d+|true|false|NULL)\b"
        return re.sub(values, "?", " ".join(sql.split()), flags=re.IGNORECASE)

    return shape(logged) == shape(prepared)
