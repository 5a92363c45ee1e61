"""Schemathesis fuzzes every API operation on a live server, from the live /api/schema/.

Each operation gets the examples phase, the coverage phase (edge and invalid values:
page 0, a page size of 101, ids past 18 digits, strings where numbers go...) and up to
``MAX_EXAMPLES`` generated cases, with a fixed seed and deterministic generation so
every run sends the same requests. Every answer must be no 5xx, a status the document
lists, with the listed content type and a body matching its schema. It runs on the
suite's database, so CI fuzzes SQLite and PostgreSQL.

Schemathesis's engine (what its CLI runs) rather than its pytest plugin: the plugin's
``from_fixture`` reads ``Function._nodeid``, which pytest 9.2 no longer has.
"""

import io
import time
from collections import Counter

import pytest
import schemathesis
from schemathesis.engine import Status, StopReason
from schemathesis.engine import events as ev

MAX_EXAMPLES = 25
SEED = 20261203
CHECKS = [
    "not_a_server_error",
    "response_schema_conformance",
    "content_type_conformance",
    "status_code_conformance",
]


@pytest.fixture
def demo_site(transactional_db, settings):
    """The demo catalogue, committed for the live server's threads; no rate limit in the way."""
    from django.core.management import call_command

    settings.API_RATE_LIMIT_PER_MINUTE = 1_000_000
    call_command("load_demo", stdout=io.StringIO())


def fuzz(url):
    """Run schemathesis on the document at ``url``: (operations, requests by status, failures, run)."""
    config = schemathesis.Config()
    config.update(seed=SEED, max_failures=None)
    project = config.projects.override
    project.checks.update(included_check_names=CHECKS)
    project.generation.update(max_examples=MAX_EXAMPLES, deterministic=True, database="none")
    project.phases.update(phases=["examples", "coverage", "fuzzing"])
    schema = schemathesis.openapi.from_url(url, config=config)
    operations, statuses, failures, finished = set(), Counter(), [], None
    for event in schemathesis.engine.from_schema(schema).execute():
        if isinstance(event, ev.ScenarioFinished):
            operations.add(event.recorder.label)
            for interaction in event.recorder.interactions.values():
                statuses[interaction.response.status_code if interaction.response else None] += 1
            failures += [
                f"{check.name}: {check.failure_info.failure.title}: {check.failure_info.code_sample}"
                for checks in event.recorder.checks.values()
                for check in checks
                if check.status == Status.FAILURE
            ]
        elif isinstance(event, ev.NonFatalError | ev.FatalError):
            failures.append(f"error: {getattr(event, 'value', None) or event.exception}")
        elif isinstance(event, ev.EngineFinished):
            finished = event
    return operations, statuses, failures, finished


def test_every_operation_holds_to_its_schema_under_fuzzing(live_server, demo_site):
    start = time.monotonic()
    operations, statuses, failures, finished = fuzz(f"{live_server.url}/api/schema/")
    elapsed = time.monotonic() - start
    assert not failures, sorted(set(failures))[:20]
    assert finished.stop_reason == StopReason.COMPLETED
    assert len(operations) == 11, operations
    assert {200, 400, 404} <= set(statuses) and not any(s and s >= 500 for s in statuses)
    print(f"\nschemathesis: {sum(statuses.values())} requests to {len(operations)} operations "
          f"in {elapsed:.1f}s, by status {dict(sorted(statuses.items()))}")  # fmt: skip
