"""Load with writes: do acknowledged writes survive, and do readers see them?

Gunicorn as `make serve` runs it (config/gunicorn.conf.py, its default worker count) with
the page cache on; wrk reads the episode page for ``BENCH_WRITES_SECONDS`` (20) while, at
the same time, a reader posts a comment on the demo recap about once a second and an editor
saves the episode in the admin, with a new description of one of its scenes, about once a
second (``BENCH_WRITES_EDITORS`` such editors, 2, at once, on different scenes). After each acknowledged write (a redirect), an anonymous reader fetches the page
that should show it, through the page cache. Afterwards the server is stopped and the
database read. Printed, per database: writes attempted, acknowledged, failed (an error, a
5xx or no answer), lost (acknowledged but not in the database), and stale pages seen (a
page fetched after an acknowledged write that does not show it).

Run with `make bench-writes`. ``BENCH_WRITES_ENGINES`` picks ``sqlite`` (a fresh file in
/tmp, the file cache `make serve` uses without Redis) and ``postgres`` (a database created
anew at ``BENCH_POSTGRES_URL``, with Redis at ``BENCH_REDIS_URL`` under the key prefix
``BENCH_CACHE_KEY_PREFIX``, whose keys alone are deleted); ``BENCH_PORT`` the port.
Everything targets 127.0.0.1 only.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pages

ROOT, PYTHON = pages.ROOT, pages.PYTHON
sys.path.insert(0, str(ROOT))
from tests.admin_pages import form_data  # noqa: E402 - what a browser posts from an admin form

PORT = int(os.environ.get("BENCH_PORT", "8410"))
SECONDS = float(os.environ.get("BENCH_WRITES_SECONDS", "20"))
EDITORS = int(os.environ.get("BENCH_WRITES_EDITORS", "2"))
ENGINES = os.environ.get("BENCH_WRITES_ENGINES", "sqlite,postgres").split(",")
POSTGRES_URL = os.environ.get(
    "BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/cuesheet_bench_writes"
)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")
KEY_PREFIX = os.environ.get("BENCH_CACHE_KEY_PREFIX", "bench-writes")
SQLITE = "/tmp/cuesheet-bench-writes.sqlite3"
FILE_CACHE = "/tmp/cuesheet-bench-writes-cache"
EPISODE = "/shows/soundtrack/season-1/episode-2/"
EDITOR, PASSWORD = "bench-editor", "bench-editor-password-0123456789"
TRUSTED = "bench-reader@example.invalid"  # a trusted commenter: their comments show at once
BASE = f"http://127.0.0.1:{PORT}"

SETUP = f"""
from django.contrib.auth.models import User
from recaps.models import Recap, TrustedCommenter
from wiki.models import Episode
User.objects.create_superuser({EDITOR!r}, password={PASSWORD!r})
TrustedCommenter.objects.create(email={TRUSTED!r})
episode = Episode.objects.get(season__show__slug="soundtrack", season__number=1, number=2)
print({{"episode": episode.pk, "recap": Recap.objects.filter(episode=episode).get().get_absolute_url()}})
"""
CHECK = """
import json, os
from recaps.models import Comment
from reversion.models import Version
from wiki.models import Scene
sent = json.load(open(os.environ["BENCH_WRITES_SENT"]))
bodies = set(Comment.objects.filter(body__startswith="Bench comment").values_list("body", flat=True))
saved = {v for v in sent["saves"] if Version.objects.filter(serialized_data__contains=v).exists()}
scenes = dict(Scene.objects.filter(pk__in=sent["last"]).values_list("pk", "description"))
print(json.dumps({"comments": sorted(bodies), "saves": sorted(saved),
                  "current": {str(pk): text for pk, text in scenes.items()}}))
"""


def environment(engine):
    inherited = {"DEBUG", "DATABASE_URL", "CACHE_URL", "REDIS_URL", "WEB_CONCURRENCY", "PAGE_CACHE_SECONDS"}
    return {k: v for k, v in os.environ.items() if k not in inherited} | {
        "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789abcdef",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "DATABASE_URL": f"sqlite:///{SQLITE}" if engine == "sqlite" else POSTGRES_URL,
        "CACHE_URL": f"filecache://{FILE_CACHE}"
        if engine == "sqlite"
        else REDIS_URL.replace("redis", "rediscache", 1),
        "CACHE_KEY_PREFIX": KEY_PREFIX,
        "STATIC_ROOT": "/tmp/cuesheet-bench-writes-static",
        "BIND": f"127.0.0.1:{PORT}",
        "COMMENT_MIN_SECONDS": "0",  # the bench posts at once from the form it fetched
        "COMMENT_RATE_LIMIT_PER_ADDRESS": "100000",
        "COMMENT_RATE_LIMIT_PER_SESSION": "100000",
    }


def manage(engine, *args, **extra):
    return subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=environment(engine) | extra,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def prepare(engine):
    """A fresh database with the demo, an editor and a trusted commenter; an empty page cache."""
    if engine == "sqlite":
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(SQLITE + suffix).unlink(missing_ok=True)
        shutil.rmtree(FILE_CACHE, ignore_errors=True)
    else:
        import psycopg

        url = urlsplit(POSTGRES_URL)
        with psycopg.connect(url._replace(path="/postgres").geturl(), autocommit=True) as maintenance:
            maintenance.execute(f'DROP DATABASE IF EXISTS "{url.path[1:]}" WITH (FORCE)')
            maintenance.execute(f'CREATE DATABASE "{url.path[1:]}"')
        clear_redis()
    manage(engine, "migrate", "--no-input", "-v0")
    manage(engine, "load_demo")
    manage(engine, "collectstatic", "--no-input", "-v0")
    return eval(manage(engine, "shell", "-c", SETUP).strip().splitlines()[-1])  # noqa: S307 - our own output


def clear_redis():
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(f"{KEY_PREFIX}:*"):
        client.delete(key)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is the answer to a save: keep it


def browser(cookies=True):
    handlers = [NoRedirect()] + ([urllib.request.HTTPCookieProcessor()] if cookies else [])
    return urllib.request.build_opener(*handlers)


def fetch(opener, path, data=None):
    """``(status, body)``; ``(error name, "")`` when no answer came."""
    headers = {"Origin": BASE} if data is not None else {}
    body = urlencode(data, doseq=True).encode() if data is not None else None
    try:
        with opener.open(urllib.request.Request(BASE + path, body, headers), timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")
    except OSError as error:
        return type(error).__name__, ""


class Writes:
    """Writes of one kind: what each attempt answered, and the pages read after them."""

    def __init__(self):
        self.answers, self.acknowledged, self.stale, self.seconds = Counter(), [], 0, []

    def attempt(self, status, value, check_path, started):
        self.seconds.append(time.monotonic() - started)
        self.answers[status] += 1
        if status == 302:
            self.acknowledged.append(value)
            if value not in fetch(browser(cookies=False), check_path)[1]:
                self.stale += 1


def every_second(work, until):
    i = 0
    while time.monotonic() < until:
        work(i)
        i += 1
        time.sleep(max(0.0, 1.0 - (time.monotonic() % 1.0)))


def post_comments(recap, writes, until):
    reader = browser(cookies=False)

    def comment(i):
        started = time.monotonic()
        page = fetch(reader, recap)[1]
        token = re.search(r'name="started" value="([^"]+)"', page)
        body = f"Bench comment {i:04d}"
        data = {"name": "Bench reader", "email": TRUSTED, "body": body, "website": ""}
        status = fetch(reader, f"{recap}comments/", data | {"started": token.group(1) if token else ""})[0]
        writes.attempt(status, body, recap, started)

    every_second(comment, until)


def save_episode(n, episode, writes, until, last):
    """Editor ``n`` of ``EDITORS``, each saving scenes of their own in the same episode."""
    editor, url = browser(), f"/admin/wiki/episode/{episode}/change/"
    login = fetch(editor, "/admin/login/")[1]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login).group(1)
    fetch(editor, "/admin/login/", {"username": EDITOR, "password": PASSWORD, "csrfmiddlewaretoken": token})

    def save(i):
        started = time.monotonic()
        form = form_data(fetch(editor, url)[1])
        rows = int(form.get("scenes-INITIAL_FORMS", 0)) // EDITORS * EDITORS
        if not rows:
            writes.answers["no change form"] += 1
            return
        row, text = f"scenes-{(i * EDITORS + n) % rows}", f"Bench edit {n}.{i:04d}."
        status = fetch(editor, url, form | {f"{row}-description": text})[0]
        writes.attempt(status, text, EPISODE, started)
        if status == 302:
            last[form[f"{row}-id"]] = text

    every_second(save, until)


def read_load(seconds):
    """wrk on the episode page (a Python loop when wrk is missing):
    ``{"rps", "non_2xx", "socket"}``, socket errors being connections closed or timed out."""
    url = BASE + EPISODE
    if shutil.which("wrk"):
        out = subprocess.run(
            ["wrk", "-t2", "-c8", f"-d{int(seconds)}s", url], capture_output=True, text=True, check=True
        ).stdout
        non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        return {
            "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
            "non_2xx": int(non2xx.group(1)) if non2xx else 0,
            "socket": sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out)),
        }
    reader, until, statuses = browser(cookies=False), time.monotonic() + seconds, Counter()
    while time.monotonic() < until:
        statuses[fetch(reader, EPISODE)[0]] += 1
    failed = sum(n for status, n in statuses.items() if status != 200)
    return {"rps": sum(statuses.values()) / seconds, "non_2xx": failed, "socket": 0}


def run(engine):
    ids = prepare(engine)
    comments, saves, last, reads = Writes(), Writes(), {}, {}
    with pages.Gunicorn(environment(engine)):
        fetch(browser(cookies=False), EPISODE)  # warm up, and fill the cache
        until = time.monotonic() + SECONDS
        threads = [
            threading.Thread(target=post_comments, args=(ids["recap"], comments, until)),
            *(
                threading.Thread(target=save_episode, args=(n, ids["episode"], saves, until, last))
                for n in range(EDITORS)
            ),
            threading.Thread(target=lambda: reads.update(read_load(SECONDS))),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    sent = Path(f"/tmp/cuesheet-bench-writes-{engine}.json")
    sent.write_text(json.dumps({"saves": saves.acknowledged, "last": list(last)}))
    stored = json.loads(
        manage(engine, "shell", "-c", CHECK, BENCH_WRITES_SENT=str(sent)).strip().splitlines()[-1]
    )
    lost_comments = set(comments.acknowledged) - set(stored["comments"])
    lost_saves = set(saves.acknowledged) - set(stored["saves"])
    lost_saves |= {text for pk, text in last.items() if stored["current"].get(pk) != text}
    if engine != "sqlite":
        clear_redis()
    return reads, [("comments", comments, len(lost_comments)), ("admin saves", saves, len(lost_saves))]


def main():
    results = []
    for engine in ENGINES:
        label = "SQLite, file cache" if engine == "sqlite" else "PostgreSQL, Redis"
        print(f"{label}: {SECONDS:.0f} s of load with writes ...", file=sys.stderr)
        results.append((label, *run(engine)))
    workers = (os.cpu_count() or 1) * 2 + 1  # config/gunicorn.conf.py's default
    print(
        f"\nGunicorn {workers} sync workers (the default), {SECONDS:.0f} s, wrk -t2 -c8 on the episode page, "
        f"1 commenter and {EDITORS} editors, each writing about once a second"
    )
    print(
        f"{'database':20} | {'writes':11} | attempted | acknowledged | failed | lost | stale pages "
        "| p50, max s | answers"
    )
    print("-" * 115)
    for label, reads, kinds in results:
        for kind, writes, lost in kinds:
            attempted = sum(writes.answers.values())
            failed = attempted - len(writes.acknowledged)
            answers = ", ".join(f"{status}: {n}" for status, n in writes.answers.most_common())
            took = sorted(writes.seconds) or [0.0]
            print(
                f"{label:20} | {kind:11} | {attempted:9} | {len(writes.acknowledged):12} | {failed:6} | "
                f"{lost:4} | {writes.stale:11} | {took[len(took) // 2]:4.1f}, {took[-1]:4.1f} | {answers}"
            )
        print(
            f"{label:20} | reads       | {reads['rps']:.0f} req/s, {reads['non_2xx']} answers not 200, "
            f"{reads['socket']} socket errors"
        )


if __name__ == "__main__":
    main()
