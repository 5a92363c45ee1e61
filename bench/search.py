"""Search benchmark: p50 and p95 latency of autocomplete and of the full search
page over a fixed list of queries (some misspelt), through Django's test client,
on the databases bench/pages.py builds (BENCH_DATABASES, BENCH_SIZES: SQLite and
PostgreSQL, the demo and 1,000,000 scenes), one child process a database, so that
each size reads beside the demo's.

Run with `make bench` (after the page table) or `.venv/bin/python bench/search.py`.
"""

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import pages  # noqa: E402 — the same databases as the page benchmark

ROUNDS = int(os.environ.get("BENCH_SEARCH_ROUNDS", "20"))
AUTOCOMPLETE = ["ne", "nel", "nell", "jo", "joa", "kelly", "heat", "mi", "mid", "ze", "vel", "s1e"]
SEARCH = [
    "nellie",
    "joanna",
    "nelly",  # misspelt
    "joana",  # misspelt
    "kelly clarksen",  # misspelt
    "heat",
    "midnight river",
    "ada adler",
    "paul james",
    "velvet",
    "summer ghost",
    "zane",
]


def percentile(samples, p):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def measure(client, path, queries):
    times = []
    for q in queries:  # warm up: first hits read pages from disk
        client.get(path, {"q": q})
    for _ in range(ROUNDS):
        for q in queries:
            started = time.perf_counter()
            response = client.get(path, {"q": q})
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code in (200, 302), (path, q, response.status_code)
    return times


def main():
    blocks = pages.chosen_blocks()
    print(f"\nSearch: {ROUNDS} rounds of each list, Django test client, one process")
    print(f"{'database':42} | {'what':30} | {'queries':>7} | {'p50 ms':>7} | {'p95 ms':>7} | {'max ms':>7}")
    print("-" * 115)
    for block in blocks:
        block.prepare()
        block.manage("collectstatic", "--no-input", "-v0")  # pages name hashed files
        subprocess.run([sys.executable, __file__, block.database, block.size], check=True)


def measure_block(database, size):
    block = pages.Block(database, size)
    os.environ.update(block.env(page_cache=False, ALLOWED_HOSTS="testserver"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.test import Client

    from wiki.models import SearchEntry

    client = Client()
    where = f"{database}, {block.label} ({SearchEntry.objects.count():,} entries)"
    for label, path, queries in (
        ("autocomplete /search/suggest/", "/search/suggest/", AUTOCOMPLETE),
        ("full search /search/", "/search/", SEARCH),
    ):
        times = measure(client, path, queries)
        print(
            f"{where:42} | {label:30} | {len(queries):7} | {statistics.median(times):7.1f} | "
            f"{percentile(times, 95):7.1f} | {max(times):7.1f}",
            flush=True,
        )


if __name__ == "__main__":
    if len(sys.argv) == 3:
        measure_block(*sys.argv[1:])
    else:
        main()
