"""HTTP benchmark: Gunicorn (2 sync workers) under wrk at 16 connections.

Prints one table: requests per second, p50 and p99 latency and errors for
the episode page served as a static file (the limit), the episode page
cached and uncached, and the character and search pages uncached, at the
demo size and on a generated catalogue of 1,000,000 scenes (the Soundtrack
demo is loaded into both, so the same pages are compared).

Run with `make bench`. Databases are built once in /tmp and reused.
Everything targets 127.0.0.1 only.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PORT = int(os.environ.get("BENCH_PORT", "8400"))
DURATION = os.environ.get("BENCH_SECONDS", "10")
CONNECTIONS = 16
WORKERS = 2
EPISODE = "/shows/soundtrack/season-1/episode-2/"
CHARACTER = "/shows/soundtrack/characters/nellie/"
SEARCH = "/search/?q=nellie"
STATIC_COPY = "bench/episode.html"

SIZES = {
    "demo": ("/tmp/cuesheet-bench-demo.sqlite3", []),
    "1M scenes": ("/tmp/cuesheet-bench-1m.sqlite3", ["generate_catalog", "--scenes", "1000000"]),
}


def env(database, page_cache, **extra):
    base = {
        k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL", "CACHE_URL", "REDIS_URL"}
    }
    return (
        base
        | {
            "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789abcdef",
            "SECURE_SSL_REDIRECT": "0",
            "DATABASE_URL": f"sqlite:///{database}",
            "CACHE_URL": cache_url(),
            "PAGE_CACHE_SECONDS": "600" if page_cache else "0",
            "STATIC_ROOT": "/tmp/cuesheet-bench-static",
            "CONN_MAX_AGE": "600",
        }
        | extra
    )


def cache_url():
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return "rediscache://127.0.0.1:6379/9"
    except OSError:
        return "filecache:///tmp/cuesheet-bench-cache"


def manage(*args, database):
    subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env(database, False),
        check=True,
        stdout=subprocess.DEVNULL,
    )


def prepare(database, generate):
    if Path(database).exists():  # built by an earlier run: bring its schema and demo up to date
        manage("migrate", "--no-input", "-v0", database=database)
        manage("load_demo", database=database)
        return
    print(f"building {database} ...", file=sys.stderr)
    partial = database + ".partial"
    Path(partial).unlink(missing_ok=True)
    manage("migrate", "--no-input", "-v0", database=partial)
    if generate:
        manage(*generate, database=partial)
    manage("load_demo", database=partial)
    os.rename(partial, database)


class Gunicorn:
    """Gunicorn as `make serve` runs it (config/gunicorn.conf.py), in ``environment``
    (which names ``BIND``), until /healthz answers."""

    def __init__(self, environment):
        self.environment = environment
        self.url = f"http://{environment['BIND']}"

    def __enter__(self):
        self.process = subprocess.Popen(
            [str(Path(PYTHON).parent / "gunicorn"), "-c", "config/gunicorn.conf.py", "--max-requests", "0"],
            cwd=ROOT,
            env=self.environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{self.url}/healthz", timeout=1)
                return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not start")

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


class Server(Gunicorn):
    """The page bench's server: WORKERS workers, an empty cache."""

    def __init__(self, database, page_cache):
        super().__init__(env(database, page_cache, BIND=f"127.0.0.1:{PORT}", WEB_CONCURRENCY=str(WORKERS)))

    def __enter__(self):
        clear = "from django.core.cache import cache; cache.clear()"
        subprocess.run(
            [PYTHON, "manage.py", "shell", "-c", clear], cwd=ROOT, env=self.environment, check=True
        )
        return super().__enter__()


def wrk(path):
    url = f"http://127.0.0.1:{PORT}{path}"
    urllib.request.urlopen(url, timeout=10).read()  # warm up, and fill the cache
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = re.search(r"50%\s+([\d.]+\w+)", out).group(1)
    p99 = re.search(r"99%\s+([\d.]+\w+)", out).group(1)
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rps, p50, p99, errors + (int(non2xx.group(1)) if non2xx else 0)


def static_copy(database):
    """Collect static files and save the episode page's HTML among them."""
    static_root = Path("/tmp/cuesheet-bench-static")
    shutil.rmtree(static_root, ignore_errors=True)
    manage("collectstatic", "--no-input", "-v0", database=database)
    with Server(database, page_cache=False):
        html = urllib.request.urlopen(f"http://127.0.0.1:{PORT}{EPISODE}").read()
    (static_root / "bench").mkdir(parents=True, exist_ok=True)
    (static_root / STATIC_COPY).write_bytes(html)
    return len(html)


def main():
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")
    rows = []
    chosen = os.environ.get("BENCH_SIZES", ",".join(SIZES)).split(",")
    for size, (database, generate) in SIZES.items():
        if size not in chosen:
            continue
        prepare(database, generate)
        page_bytes = static_copy(database)
        plan = [
            ("episode, static file (limit)", True, f"/static/{STATIC_COPY}"),
            ("episode, cached", True, EPISODE),
            ("episode, uncached", False, EPISODE),
            ("character, uncached", False, CHARACTER),
        ]
        if search_exists(database):
            plan.append(("search, uncached", False, SEARCH))
        for cached in (True, False):
            with Server(database, page_cache=cached):
                for label, needs_cache, path in plan:
                    if needs_cache == cached:
                        rows.append((size, label, *wrk(path)))
                        print(f"  {size:10} {label:30} {rows[-1][2]:8.0f} req/s", file=sys.stderr)
        print(f"{size}: episode page is {page_bytes / 1024:.1f} KB", file=sys.stderr)

    print(
        f"\nGunicorn {WORKERS} sync workers, wrk -t2 -c{CONNECTIONS} -d{DURATION}s, {os.cpu_count()} cores, cache {cache_url()}"
    )
    print(f"{'catalogue':10} | {'page':30} | {'req/s':>8} | {'p50':>8} | {'p99':>8} | errors")
    print("-" * 84)
    for size, label, rps, p50, p99, errors in rows:
        print(f"{size:10} | {label:30} | {rps:8.0f} | {p50:>8} | {p99:>8} | {errors}")


def search_exists(database):
    with Server(database, page_cache=False):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}{SEARCH}", timeout=10)
            return True
        except OSError:
            return False


if __name__ == "__main__":
    main()
