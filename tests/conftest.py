"""Test-only settings tweaks and shared fixtures."""

import io

import pytest
from django.conf import settings

from tests import factories


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
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def demo(db):
    """The demo catalogue, as `manage.py load_demo` makes it."""
    from django.core.management import call_command

    call_command("load_demo", stdout=io.StringIO())


@pytest.fixture
def editor(db):
    return factories.make_editor()


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
