"""Fixtures of the editorial tests."""

import pytest
from django.test import Client

from tests import factories as f


@pytest.fixture
def editors(db):
    """Two editors signed in, each in a browser of their own: for concurrent edits."""
    first, second = Client(), Client()
    first.force_login(f.make_editor("first"))
    second.force_login(f.make_editor("second"))
    return first, second
