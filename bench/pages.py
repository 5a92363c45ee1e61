"""HTTP benchmark: Gunicorn (2 sync workers) under wrk at 16 connections.

Prints one table: requests per second, its ratio to the baseline, p50 and p99 latency
and errors, per catalogue and database, for
  - the baseline: bench/bare_wsgi.py, a WSGI callable without Django serving the episode
    page's captured bytes and headers from memory, under the same Gunicorn settings;
  - the episode page as a static file (WhiteNoise), cached and uncached, and cached for a
    reader with a spoiler shield (its X-Cache header is printed: a shielded reader may
    bypass the page cache);
  - the character and search pages uncached.
Catalogues: the demo, and a generated 1,000,000 scenes (the Soundtrack demo is loaded into
both, so the same pages are compared); databases: SQLite, and PostgreSQL + Redis.

Each figure is the median of BENCH_ROUNDS (3) interleaved rounds: every row once, then
every row again, so drift on the machine hits all rows alike. All servers stay up at once,
each on its own port (from BENCH_PORT, 8500); one wrk runs at a time.

Knobs: BENCH_SECONDS (10) per wrk run, BENCH_ROUNDS (3), BENCH_DATABASES (sqlite,postgres),
BENCH_SIZES (demo,1m). Databases are built once and reused: SQLite in /tmp, PostgreSQL as
cs_bench_demo and cs_bench_1m (skipped when nothing answers on 5432); building one prints
the generator's time. Everything targets 127.0.0.1 only.
"""

import os
import platform
import shutil
import statistics
import sys
from contextlib import ExitStack

import measure
from servers import PYTHON, ROOT, SIZES, WORKERS, Block, Gunicorn, Ports, answers, bare, site

__all__ = ["PYTHON", "ROOT", "Gunicorn"]  # bench/writes.py uses them

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
EPISODE = "/shows/soundtrack/season-1/episode-2/"
CHARACTER = "/shows/soundtrack/characters/nellie/"
SEARCH = "/search/?q=nellie"
STATIC_COPY = "bench/episode.html"
BASELINE = "baseline: bare WSGI, same bytes"


def chosen_blocks():
    databases = os.environ.get("BENCH_DATABASES", "sqlite,postgres").split(",")
    sizes = os.environ.get("BENCH_SIZES", ",".join(SIZES)).split(",")
    if "postgres" in databases and not answers(5432):
        print("PostgreSQL: nothing answers on 127.0.0.1:5432, skipped", file=sys.stderr)
        databases.remove("postgres")
    return [Block(database, size) for database in databases for size in sizes if size in SIZES]


def start_block(block, ports, stack):
    """Start the servers of ``block``; return its rows as (page, url, cookie)."""
    shutil.rmtree(block.static_root, ignore_errors=True)
    block.manage("collectstatic", "--no-input", "-v0")
    uncached = stack.enter_context(site(block, ports.take(), page_cache=False))
    html = measure.fetch(uncached.url + EPISODE)[2]
    (block.static_root / "bench").mkdir(parents=True, exist_ok=True)
    (block.static_root / STATIC_COPY).write_bytes(html)  # before WhiteNoise scans the root
    cached = stack.enter_context(site(block, ports.take(), page_cache=True))
    page_file = f"/tmp/cuesheet-bench-bare-{block.name}.page"
    measure.capture(cached.url + EPISODE, page_file)
    baseline = stack.enter_context(bare(block, ports.take(), page_file))
    shield = measure.shield_cookie(cached.url, block.episode_pk("soundtrack", 1, 2))
    x_cache = measure.fetch(cached.url + EPISODE, shield)[1].get("X-Cache") or "none"
    print(f"{block.name}: episode page {len(html) / 1024:.1f} KB; a shielded reader's X-Cache: {x_cache}")
    rows = [
        (BASELINE, baseline.url + EPISODE, None),
        ("episode, static file", cached.url + f"/static/{STATIC_COPY}", None),
        ("episode, cached", cached.url + EPISODE, None),
        ("episode, uncached", uncached.url + EPISODE, None),
        (f"episode, shielded cached (X-Cache {x_cache})", cached.url + EPISODE, shield),
        ("character, uncached", uncached.url + CHARACTER, None),
    ]
    if measure.fetch(uncached.url + SEARCH)[0] == 200:
        rows.append(("search, uncached", uncached.url + SEARCH, None))
    return rows


def main():
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")
    blocks = chosen_blocks()
    built = {}
    for block in blocks:
        report = block.prepare()
        if report:  # a generated catalogue: how long the generator took
            built[block.name] = report
            print(f"{block.name} built: " + "; ".join(report))
    for block in {b.cache_url: b for b in blocks}.values():
        block.clear_cache()  # once per cache: the blocks' keys differ by prefix and port
    ports, results = Ports(), {}
    with ExitStack() as stack:
        plan = [(block, *row) for block in blocks for row in start_block(block, ports, stack)]
        for n in range(1, ROUNDS + 1):
            for block, page, url, cookie in plan:
                result = measure.wrk(url, cookie)
                results.setdefault((block.name, page), []).append(result)
                print(
                    f"round {n}/{ROUNDS}  {block.label:9} {block.database:8} {page:44} {measure.line(result)}"
                )
    print_table(blocks, plan, results, built)


def print_table(blocks, plan, results, built):
    print(
        f"\nGunicorn {WORKERS} sync workers (config/gunicorn.conf.py, --max-requests 0), "
        f"wrk -t2 -c{measure.CONNECTIONS} -d{measure.DURATION}s, median of {ROUNDS} interleaved "
        f"round(s); {os.cpu_count()} cores ({platform.processor() or platform.machine()}), "
        f"load average at the end {os.getloadavg()[0]:.2f}; caches: "
        + ", ".join(sorted({f"{b.database} {b.cache_url}" for b in blocks}))
    )
    for name, report in built.items():
        print(f"built {name}: " + "; ".join(report))
    header = f"{'catalogue':9} | {'database':8} | {'page':44} | {'req/s':>8} | {'ratio':>5} | {'p50':>8} | {'p99':>8} | errors"
    print(header)
    print("-" * len(header))
    for block, page, _url, _cookie in plan:
        runs = results[(block.name, page)]
        rps = statistics.median(r["rps"] for r in runs)
        base = statistics.median(r["rps"] for r in results[(block.name, BASELINE)])
        p50 = measure.ms(statistics.median(r["p50"] for r in runs))
        p99 = measure.ms(statistics.median(r["p99"] for r in runs))
        errors = sum(r["errors"] for r in runs)
        print(
            f"{block.label:9} | {block.database:8} | {page:44} | {rps:8.0f} | {rps / base:5.2f} | {p50:>8} | {p99:>8} | {errors}"
        )


if __name__ == "__main__":
    main()
