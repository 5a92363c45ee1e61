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
