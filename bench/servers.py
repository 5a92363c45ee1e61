"""What the page bench runs against: the databases (built once, reused) and the servers.

A ``Block`` is one catalogue on one database: SQLite (a file in /tmp, as today) or
PostgreSQL + Redis (the production setup), at the demo size or with 1,000,000 generated
scenes. Building one times the generator and reports it. Servers are Gunicorn as
`make serve` runs it (config/gunicorn.conf.py, ``--max-requests 0``), each on its own port,
so every row's server can stay up while the rounds interleave.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).parent / "gunicorn")
WORKERS = 2
POSTGRES = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
REDIS_DB = {"sqlite": 11, "postgres": 10}
SIZES = {  # key: (label, generator arguments)
    "demo": ("demo", []),
    "1m": ("1M scenes", ["generate_catalog", "--scenes", "1000000"]),
}
INHERITED_OUT = {"DEBUG", "DATABASE_URL", "CACHE_URL", "REDIS_URL", "CACHE_KEY_PREFIX", "WEB_CONCURRENCY"}


def answers(port, host="127.0.0.1"):
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


@dataclass
class Block:
    database: str  # "sqlite" or "postgres"
    size: str  # a key of SIZES

    @property
    def label(self):
        return SIZES[self.size][0]

    @property
    def name(self):
        return f"{self.database}-{self.size}"

    @property
    def url(self):
        if self.database == "sqlite":
            return f"sqlite:////tmp/cuesheet-bench-{self.size}.sqlite3"
        return f"{POSTGRES}/cs_bench_{self.size}"

    @property
    def cache_url(self):
        if answers(6379):
            return f"rediscache://127.0.0.1:6379/{REDIS_DB[self.database]}"
        return f"filecache:///tmp/cuesheet-bench-cache-{self.name}"

    @property
    def static_root(self):
        return Path(f"/tmp/cuesheet-bench-static-{self.name}")

    def env(self, page_cache=False, url=None, **extra):
        base = {k: v for k, v in os.environ.items() if k not in INHERITED_OUT}
        return (
            base
            | {
                "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789abcdef",
                "SECURE_SSL_REDIRECT": "0",
                "DATABASE_URL": url or self.url,
                "CACHE_URL": self.cache_url,
                "CACHE_KEY_PREFIX": f"bench-{self.name}",
                "PAGE_CACHE_SECONDS": "600" if page_cache else "0",
                "STATIC_ROOT": str(self.static_root),
                "CONN_MAX_AGE": "600",
            }
            | extra
        )

    def manage(self, *args, url=None, capture=False):
        done = subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=self.env(url=url),
            check=True,
            stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
            text=True,
        )
        return done.stdout

    def prepare(self):
        """Bring the database up to date, building it first if it is missing; returns what
        building it took (the generator's own lines and the wall time), or None."""
        if self._exists():
            self.manage("migrate", "--no-input", "-v0")
            self.manage("load_demo")
            return None
        print(f"building {self.url} ...", file=sys.stderr)
        partial = self._partial()
        self.manage("migrate", "--no-input", "-v0", url=partial)
        report = []
        generate = SIZES[self.size][1]
        if generate:
            started = time.perf_counter()
            report = self.manage(*generate, url=partial, capture=True).strip().splitlines()
            report.append(f"generate_catalog took {time.perf_counter() - started:.1f} s in all")
        self.manage("load_demo", url=partial)
        self._publish(partial)
        return report

    def _exists(self):
        if self.database == "sqlite":
            return Path(self.url.removeprefix("sqlite:///")).exists()
        with _maintenance() as db:
            return bool(
                db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [self._pg_name()]).fetchone()
            )

    def _pg_name(self, suffix=""):
        return f"cs_bench_{self.size}{suffix}"

    def _partial(self):
        if self.database == "sqlite":
            path = Path(self.url.removeprefix("sqlite:///") + ".partial")
            path.unlink(missing_ok=True)
            return f"sqlite:///{path}"
        with _maintenance() as db:
            db.execute(f'DROP DATABASE IF EXISTS "{self._pg_name("_partial")}"')
            db.execute(f'CREATE DATABASE "{self._pg_name("_partial")}"')
        return f"{POSTGRES}/{self._pg_name('_partial')}"

    def _publish(self, partial):
        if self.database == "sqlite":
            os.rename(partial.removeprefix("sqlite:///"), self.url.removeprefix("sqlite:///"))
            return
        with _maintenance() as db:
            db.execute(f'ALTER DATABASE "{self._pg_name("_partial")}" RENAME TO "{self._pg_name()}"')

    def clear_cache(self):
        clear = "from django.core.cache import cache; cache.clear()"
        subprocess.run(
            [PYTHON, "manage.py", "shell", "-v0", "-c", clear], cwd=ROOT, env=self.env(), check=True
        )

    def episode_pk(self, show, season, number):
        code = (
            "from wiki.models import Episode; print(Episode.objects.get("
            f"season__show__slug={show!r}, season__number={season}, number={number}).pk)"
        )
        return int(self.manage("shell", "-v0", "-c", code, capture=True).split()[-1])


def _maintenance():
    import psycopg  # only when PostgreSQL is benched

    return psycopg.connect(f"{POSTGRES}/postgres", autocommit=True)


class Gunicorn:
    """Gunicorn as `make serve` runs it (config/gunicorn.conf.py), in ``environment``
    (which names ``BIND``), until /healthz answers. ``app`` overrides the WSGI callable."""

    def __init__(self, environment, app=None):
        self.environment = environment
        self.app = app
        self.url = f"http://{environment['BIND']}"

    def __enter__(self):
        command = [GUNICORN, "-c", "config/gunicorn.conf.py", "--max-requests", "0"]
        self.process = subprocess.Popen(
            command + ([self.app] if self.app else []),
            cwd=ROOT,
            env=self.environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(150):
            try:
                urllib.request.urlopen(f"{self.url}/healthz", timeout=1)
                return self
            except OSError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.1)
        self.__exit__()
        raise RuntimeError(f"gunicorn did not start on {self.url}")

    def __exit__(self, *exc):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=30)


class Ports:
    """Hands out ports from ``BENCH_PORT`` (8500) upwards."""

    def __init__(self):
        self.next = int(os.environ.get("BENCH_PORT", "8500"))

    def take(self):
        self.next += 1
        return self.next - 1


def site(block, port, page_cache):
    """The site on ``block``'s database: WORKERS workers, the page cache on or off."""
    return Gunicorn(block.env(page_cache, BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY=str(WORKERS)))


def bare(block, port, page_file):
    """bench/bare_wsgi.py serving the captured ``page_file``."""
    environment = block.env(
        BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY=str(WORKERS), BENCH_BARE_PAGE=str(page_file)
    )
    environment["PYTHONPATH"] = str(ROOT / "bench")
    return Gunicorn(environment, app="bare_wsgi:application")


def write_captured(path, status, headers, body):
    head = json.dumps({"status": status, "headers": headers}).encode()
    Path(path).write_bytes(head + b"\n" + body)
