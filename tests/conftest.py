"""Test-only settings tweaks and shared fixtures."""

import pytest
from django.conf import settings

from tests import factories
from tests.pagecache_fixtures import app, shared_cache  # noqa: F401 — the page cache tests' fixtures


def pytest_configure(config):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.SECURE_SSL_REDIRECT = False
    # The suite's SQLite database is in memory, opened by two aliases through SQLite's shared
    # cache, which locks per table and never waits: there, transactions begin as by default.
    # (tests/test_sqlite_writers.py runs the real settings on a file, in a process of its own.)
    settings.DATABASES["default"].get("OPTIONS", {}).pop("transaction_mode", None)
    # A second alias mirroring the test database, for the read-replica router test.
    settings.DATABASES["replica"] = {**settings.DATABASES["default"], "TEST": {"MIRROR": "default"}}


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: no page, no rate-limit count of an earlier test
    (the suite makes more API requests in a minute than one reader may)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(scope="session")
def demo_rows(django_db_setup, django_db_blocker):
    """The rows `manage.py load_demo` makes, loaded once per session (tests/demo_rows.py)."""
    from tests.demo_rows import DemoRows

    with django_db_blocker.unblock():
        return DemoRows.take()


@pytest.fixture(autouse=True)
def _demo_first(request):
    """A test that asks for the demo gets it before any other row is made: the
    copied rows keep their ids, which a user or show made first would take."""
    if "demo" in request.fixturenames:
        request.getfixturevalue("demo")


@pytest.fixture
def demo(db, demo_rows):
    """The demo catalogue, as `manage.py load_demo` makes it. (Copied rows send no
    signals, so the page cache's generation is moved on here, as a save would.)"""
    from wiki.generation import bump_generation

    demo_rows.put()
    bump_generation()


@pytest.fixture
def editor(db):
    return factories.make_editor()


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
