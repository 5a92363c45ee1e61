"""A site moves from SQLite to PostgreSQL and back with `export_site` and
`import_site`, and every public page and API response stays the same.

Each database is worked by `manage.py` in a subprocess with its own
``DATABASE_URL``; the pages are fetched there with Django's test client by
``snapshot()`` below, which follows every link from the home page, the API
index, the sitemaps and the feeds. Needs PostgreSQL on 127.0.0.1:5432 (user
postgres); skipped otherwise.
"""

import hashlib
import html
import json
import os
import re
import socket
import subprocess
import sys
from collections import deque
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
PG_DATABASE = f"cuesheet_move_test_{os.getpid()}"  # a run of its own
SEEDS = ["/", "/shows/", "/api/", "/sitemap.xml", "/robots.txt", "/recaps/feed/rss/", "/recaps/feed/atom/"]
SEARCHES = ["/search/?q=nellie", "/search/?q=heat", "/search/?q=s1e2", "/search/suggest/?q=nel"]
# Not pages of the site for an anonymous crawl (the fans' forms send it to log in).
PRIVATE = ("/admin", "/accounts", "/editors", "/contribute", "/static", "/media", "/healthz")
LINK = re.compile(r"""(?:href|src)=["'](/[^"'#]*)|https?://testserver(/[^"'<\s#]*)""")
CHANGES_PER_REQUEST = [
    (re.compile(r'nonce="[^"]+"'), 'nonce=""'),  # the Content-Security-Policy nonce
    (re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"'), 'name="csrfmiddlewaretoken" value=""'),
    (
        re.compile(r'name="started" value="[^"]+"'),
        'name="started" value=""',
    ),  # the comment form's signed time
]
EMPTY_FEED_DATE = re.compile(r"<(updated|lastBuildDate)>[^<]*<")
# Rows that tie on every sort key come in each engine's own order: the home
# page's latest episodes sort by air date and episode order only, and
# generated shows air their episodes on the same days.
TIES_ACROSS_ENGINES = {"/"}
MAX_PAGES = 3000


def postgres_answers():
    try:
        socket.create_connection(("127.0.0.1", 5432), timeout=1).close()
    except OSError:
        return False
    return True


needs_postgres = pytest.mark.skipif(
    not postgres_answers(),
    reason="no PostgreSQL answers on 127.0.0.1:5432: the SQLite ↔ PostgreSQL move is untested",
)


def snapshot():
    """Every public page reachable by links: {url: [status, content type, body]}.
    Runs inside a ``manage.py shell`` of the database to read."""
    from django.conf import settings
    from django.test import Client, override_settings
    from django.test.utils import setup_test_environment

    setup_test_environment()
    static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # no collectstatic here
    override_settings(STORAGES={**settings.STORAGES, "staticfiles": static}).enable()
    client, seen, queue, pages = Client(), set(SEEDS + SEARCHES), deque(SEEDS + SEARCHES), {}
    while queue and len(pages) < MAX_PAGES:
        url = queue.popleft()
        response = client.get(url)
        raw = b"".join(response.streaming_content) if response.streaming else response.content
        binary = response.get("Content-Type", "").startswith(("image/", "application/zip"))
        body = hashlib.sha256(raw).hexdigest() if binary else raw.decode()  # icons, the CSV zip
        for pattern, replacement in CHANGES_PER_REQUEST:
            body = pattern.sub(replacement, body)
        if "/feed/" in url and "<item>" not in body and "<entry>" not in body:
            body = EMPTY_FEED_DATE.sub(r"<\1><", body)  # a feed with nothing in it is as of now
        pages[url] = [response.status_code, response.get("Content-Type", ""), body]
        for match in LINK.finditer(body):
            link = html.unescape(match[1] or match[2])
            if link not in seen and not link.startswith(PRIVATE):
                seen.add(link)
                queue.append(link)
    return pages


def manage(database_url, *args, tmp_path):
    env = os.environ | {
        "DATABASE_URL": database_url,
        "SECRET_KEY": "moving-databases-test",
        "DEBUG": "0",
        "SECURE_SSL_REDIRECT": "0",
        "PAGE_CACHE_SECONDS": "0",
        "API_RATE_LIMIT_PER_MINUTE": "1000000",
        "CACHE_URL": "locmemcache://moving",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    env.pop("REDIS_URL", None)
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def take_snapshot(database_url, tmp_path):
    out = tmp_path / f"snapshot-{len(list(tmp_path.glob('snapshot-*')))}.json"
    code = f"import json; from tests.test_moving_databases import snapshot; json.dump(snapshot(), open({str(out)!r}, 'w'))"
    manage(database_url, "shell", "-c", code, tmp_path=tmp_path)
    return json.loads(out.read_text())


def psql(*commands):
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
        for command in commands:
            connection.execute(command)


def alike_across_engines(url, page, other):
    if url.startswith("/search/"):
        return page[:2] == other[:2]
    if url in TIES_ACROSS_ENGINES:
        return sorted(page[2].splitlines()) == sorted(other[2].splitlines())
    return page == other


def differences(before, after, across_engines=False):
    """The pages that differ, by URL, with what differs (at most 20). Across
    engines, search pages need only answer alike: matching and ranking are
    each engine's own (FTS5 and bm25, tsvector and ts_rank)."""
    found = []
    for url in sorted(set(before) | set(after)):
        if (
            across_engines
            and url in before
            and url in after
            and alike_across_engines(url, before[url], after[url])
        ):
            continue
        if before.get(url) != after.get(url):
            old, new = before.get(url) or [None, None, ""], after.get(url) or [None, None, ""]
            at = next((i for i, (a, b) in enumerate(zip(old[2], new[2], strict=False)) if a != b), 0)
            found.append((url, old[:2], new[:2], old[2][at - 80 : at + 80], new[2][at - 80 : at + 80]))
    return found[:20]


@needs_postgres
def test_site_moves_from_sqlite_to_postgresql_and_back_with_every_page_the_same(tmp_path):
    sqlite_a, sqlite_c = f"sqlite:///{tmp_path / 'a.sqlite3'}", f"sqlite:///{tmp_path / 'c.sqlite3'}"
    postgres = f"{PG_SERVER}/{PG_DATABASE}"
    manage(sqlite_a, "migrate", "--no-input", tmp_path=tmp_path)
    manage(sqlite_a, "load_demo", tmp_path=tmp_path)
    manage(sqlite_a, "generate_catalog", "--shows", "3", "--scenes", "300", "--characters", "60", "--songs", "40",
           "--scenes-per-episode", "10", tmp_path=tmp_path)  # fmt: skip
    before = take_snapshot(sqlite_a, tmp_path)
    assert len(before) > 400
    for kind in (
        "/api/episodes/",
        "/api/characters/?",
        "/shows/",
        "/recaps/soundtrack/",
        "/sitemap-",
        "/search/?q=",
    ):
        assert any(url.startswith(kind) for url in before), kind
    assert {url: status for url, (status, _, _) in before.items() if status != 200} == {}

    manage(sqlite_a, "export_site", str(tmp_path / "from-sqlite.json.gz"), tmp_path=tmp_path)
    psql(f"DROP DATABASE IF EXISTS {PG_DATABASE}", f"CREATE DATABASE {PG_DATABASE}")
    try:
        out = manage(postgres, "import_site", str(tmp_path / "from-sqlite.json.gz"), tmp_path=tmp_path)
        assert "into postgresql" in out and "4 show(s)" in out
        on_postgres = take_snapshot(postgres, tmp_path)
        manage(postgres, "export_site", str(tmp_path / "from-postgres.json"), tmp_path=tmp_path)
        # New rows get new ids: the sequences were moved past the loaded ones.
        manage(postgres, "shell", "-c", "from wiki.models import Show; Show.objects.create(title='New', slug='new')",
               tmp_path=tmp_path)  # fmt: skip
    finally:
        psql(f"DROP DATABASE IF EXISTS {PG_DATABASE}")
    manage(sqlite_c, "import_site", str(tmp_path / "from-postgres.json"), tmp_path=tmp_path)
    after = take_snapshot(sqlite_c, tmp_path)

    assert differences(before, on_postgres, across_engines=True) == []
    assert differences(before, after) == []


def test_import_refuses_a_database_that_already_holds_a_site(tmp_path):
    sqlite = f"sqlite:///{tmp_path / 'site.sqlite3'}"
    manage(sqlite, "migrate", "--no-input", tmp_path=tmp_path)
    manage(sqlite, "load_demo", tmp_path=tmp_path)
    manage(sqlite, "export_site", str(tmp_path / "site.json"), tmp_path=tmp_path)
    with pytest.raises(AssertionError, match="already holds 1 show"):
        manage(sqlite, "import_site", str(tmp_path / "site.json"), tmp_path=tmp_path)
