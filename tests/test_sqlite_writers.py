"""SQLite takes a small site's concurrent writes: no "database is locked", no write lost.

The writers (``tests/sqlite_writers.py``) run in a process of their own on a file
database, as Gunicorn's workers would: the suite's own SQLite database is in memory,
where SQLite locks differently.
"""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
EDITORS, SAVES, COMMENTERS, COMMENTS = 3, 3, 3, 5


def run(args, database, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "CACHE_URL"}} | {
        "DATABASE_URL": f"sqlite:///{database}",
        "DEBUG": "1",  # plain static files storage: no collectstatic manifest needed
        "CACHE_URL": "locmemcache://writers",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "COMMENT_RATE_LIMIT_PER_ADDRESS": "10000",
        "COMMENT_RATE_LIMIT_PER_SESSION": "10000",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    result = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


@pytest.fixture
def sqlite_file(tmp_path, django_db_setup, django_db_blocker):
    """A migrated file database: a copy of the suite's in-memory one, or migrated anew."""
    path = tmp_path / "db.sqlite3"
    with django_db_blocker.unblock():
        if connection.vendor == "sqlite" and connection.is_in_memory_db():
            with sqlite3.connect(path) as target:
                sqlite3.connect(connection.settings_dict["NAME"], uri=True).backup(target)
        else:
            run(["manage.py", "migrate", "--no-input", "-v0"], path, tmp_path)
    return path


def test_concurrent_admin_saves_and_comments_on_sqlite_all_succeed_and_are_kept(sqlite_file, tmp_path):
    output = run(
        ["-m", "tests.sqlite_writers", *map(str, (EDITORS, SAVES, COMMENTERS, COMMENTS))],
        sqlite_file,
        tmp_path,
    )
    answers = json.loads(output.strip().splitlines()[-1])["answers"]
    assert len(answers) == EDITORS * SAVES + COMMENTERS * COMMENTS
    assert [a for a in answers if a["status"] != 302] == []
    with sqlite3.connect(sqlite_file) as db:
        descriptions = {description for (description,) in db.execute("SELECT description FROM wiki_scene")}
        comments = {body for (body,) in db.execute("SELECT body FROM recaps_comment")}
    assert descriptions == {f"Description {n}.{SAVES - 1}" for n in range(EDITORS)}  # each editor's last
    assert comments == {a["value"] for a in answers if a["kind"] == "comment"}
