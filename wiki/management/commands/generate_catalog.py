import time

from django.core.management.base import BaseCommand, CommandError

from wiki.demo.generator import Plan, generate
from wiki.models import Scene, Show
from wiki.search import index as search_index


class Command(BaseCommand):
    help = (
        "Build a synthetic catalogue of realistic shape (deterministic for a seed, bulk inserts). "
        "Defaults: 200 shows, 1,000,000 scenes, 100,000 characters, 20,000 songs."
    )

    def add_arguments(self, parser):
        defaults = Plan()
        parser.add_argument("--shows", type=int, default=defaults.shows)
        parser.add_argument("--scenes", type=int, default=defaults.scenes)
        parser.add_argument("--scenes-per-episode", type=int, default=defaults.scenes_per_episode)
        parser.add_argument("--episodes-per-season", type=int, default=defaults.episodes_per_season)
        parser.add_argument("--characters", type=int, default=defaults.characters)
        parser.add_argument("--songs", type=int, default=defaults.songs)
        parser.add_argument("--seed", type=int, default=defaults.seed)
        parser.add_argument("--prefix", default=defaults.slug_prefix, help="Slug prefix of generated rows.")

    def handle(self, *args, **options):
        plan = Plan(
            shows=options["shows"],
            scenes=options["scenes"],
            scenes_per_episode=options["scenes_per_episode"],
            episodes_per_season=options["episodes_per_season"],
            characters=options["characters"],
            songs=options["songs"],
            seed=options["seed"],
            slug_prefix=options["prefix"],
        )
        if min(plan.shows, plan.scenes_per_episode, plan.episodes_per_season, plan.songs) < 1:
            raise CommandError(
                "--shows, --scenes-per-episode, --episodes-per-season and --songs must be at least 1."
            )
        if plan.episodes_per_season >= 1000 or plan.episodes // plan.shows > 999 * plan.episodes_per_season:
            raise CommandError("Too many episodes per show: raise --shows or --scenes-per-episode.")
        if Show.objects.filter(slug__startswith=f"{plan.slug_prefix}-show-").exists():
            raise CommandError(
                f"A catalogue with prefix {plan.slug_prefix!r} exists already; use another --prefix."
            )

        started = time.perf_counter()
        bar = ProgressBar(self.stderr, Scene._meta.db_table, plan.scenes)
        counts = generate(plan, progress=bar.update)
        bar.done()
        elapsed = time.perf_counter() - started
        summary = ", ".join(f"{table.removeprefix('wiki_')} {n:,}" for table, n in sorted(counts.items()))
        self.stdout.write(self.style.SUCCESS(f"Generated in {elapsed:.1f} s: {summary}"))
        started = time.perf_counter()
        indexed = sum(search_index.rebuild().values())  # bulk rows bypass the save hooks
        self.stdout.write(
            f"Search index rebuilt in {time.perf_counter() - started:.1f} s: {indexed:,} entries"
        )


class ProgressBar:
    """A one-line progress bar for the biggest table."""

    def __init__(self, stream, table, total, width=30):
        self.stream, self.table, self.total, self.width = stream, table, max(total, 1), width

    def update(self, table, count):
        if table != self.table:
            return
        filled = self.width * count // self.total
        self.stream.write(
            f"\rscenes [{'#' * filled}{'.' * (self.width - filled)}] {count:,}/{self.total:,}", ending=""
        )
        self.stream.flush()

    def done(self):
        self.stream.write("")
