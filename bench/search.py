"""Search benchmark: p50 and p95 latency of autocomplete and of the full search
page over a fixed list of queries (some misspelt), through Django's test client,
on the generated catalogue of 1,000,000 scenes (100,000 characters, 20,000 songs)
that bench/pages.py builds in /tmp.

Run with `make bench` (after the page table) or `.venv/bin/python bench/search.py`.
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import pages  # noqa: E402 — the same databases as the page benchmark

BLOCK = pages.Block("sqlite", "1m")
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
    BLOCK.prepare()
    BLOCK.manage("collectstatic", "--no-input", "-v0")  # pages name hashed files
    os.environ.update(BLOCK.env(page_cache=False, ALLOWED_HOSTS="testserver"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.test import Client

    from wiki.models import Character, Scene, SearchEntry, Song

    client = Client()
    print(
        f"\nSearch on SQLite: {Scene.objects.count():,} scenes, {Character.objects.count():,} characters, "
        f"{Song.objects.count():,} songs, {SearchEntry.objects.count():,} index entries; "
        f"{ROUNDS} rounds, Django test client, one process"
    )
    print(f"{'what':34} | {'queries':>7} | {'p50 ms':>7} | {'p95 ms':>7} | {'max ms':>7}")
    print("-" * 74)
    for label, path, queries in (
        ("autocomplete /search/suggest/", "/search/suggest/", AUTOCOMPLETE),
        ("full search /search/", "/search/", SEARCH),
    ):
        times = measure(client, path, queries)
        print(
            f"{label:34} | {len(queries):7} | {statistics.median(times):7.1f} | "
            f"{percentile(times, 95):7.1f} | {max(times):7.1f}"
        )


if __name__ == "__main__":
    main()
