"""Fan questions benchmark: how often the answer to "what was that song?"-style
questions about the demo is among the first three results a reader sees (the
best matches, or the one group there is), and how long each search takes.

Run with `.venv/bin/python bench/questions.py` (also part of `make bench`).
`--root DIR` runs the same questions against another checkout (to compare
with an older commit); the demo is loaded into a fresh SQLite file in /tmp.
"""

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from html import unescape
from pathlib import Path

# (question, a words the answer's title holds)
QUESTIONS = [
    ("who sings mercy", "Mercy"),
    ("who sang heat", "Heat"),
    ("kelly clarkson", "Kelly Clarkson"),
    ("song in the box", "scene 8"),
    ("the girl in the box", "The girl in the box"),
    ("what song does joanna sing in the box", "Inside the box"),
    ("song when nellie leaves the restaurant", "scene"),
    ("nellie storms out of the second date", "second date"),
    ("expensive second date song", "second date"),
    ("never gonna happen lily allen", "Never Gonna Happen"),
    ("lily allen", "Lily Allen"),
    ("song nellie sings to sam", "Never Gonna Happen"),
    ("crash and burn girl", "Crash and Burn Girl"),
    ("robyn song", "Robyn"),
    ("katy perry unconditionally", "Unconditionally"),
    ("unconditionally", "Unconditionally"),
    ("duffy", "Duffy"),
    ("mercy duffy", "Mercy"),
    ("two auditions mash-up", "mash-up"),
    ("doctoral interview with her mother", "mash-up"),
    ("nellie", "Nellie"),
    ("who plays nellie", "Nellie"),
    ("callie hernandez", "Callie Hernandez"),
    ("who plays joanna", "Joanna"),
    ("jenna dewan", "Jenna Dewan"),
    ("sam plays guitar for nellie", "Breathtaking"),
    ("the lost sketchbook", "sketchbook"),
    ("nellie mother throws away art book", "sketchbook"),
    ("joanna social work school", "new direction"),
    ("pool club audition", "girl in the box"),
    ("heat kelly clarkson audition", "Heat"),
    ("dance audition rejections", "audition"),
]
RESULT = re.compile(r'<article class="search-result">.*?<h3><a [^>]*>(.*?)</a>', re.S)


def first_titles(page):
    best = re.search(r'<section class="search-group search-best".*?</section>', page, re.S)
    found = RESULT.findall(best[0] if best else page)
    return [unescape(re.sub(r"<[^>]+>", "", title)) for title in found]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", default=str(Path(__file__).resolve().parent.parent))
    args = parser.parse_args()
    root = Path(args.root).resolve()
    sys.path.insert(0, str(root))
    os.chdir(root)
    database = Path(tempfile.mkdtemp()) / "questions.sqlite3"
    os.environ.update(
        DEBUG="1", DATABASE_URL=f"sqlite:///{database}", PAGE_CACHE_SECONDS="0", ALLOWED_HOSTS="testserver"
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    client, hits, times = Client(), 0, []
    for question, answer in QUESTIONS:
        started = time.perf_counter()
        page = client.get("/search/", {"q": question}).content.decode()
        times.append((time.perf_counter() - started) * 1000)
        top = first_titles(page)[:3]
        hit = any(answer.casefold() in title.casefold() for title in top)
        hits += hit
        print(f"{'hit ' if hit else 'MISS'}  {question!r:48} → {top}")
    print(f"\nanswer in the top 3: {hits} of {len(QUESTIONS)} ({hits / len(QUESTIONS):.0%})")
    print(
        f"search p50 {statistics.median(times):.1f} ms, max {max(times):.1f} ms (demo, SQLite, {root.name})"
    )


if __name__ == "__main__":
    main()
