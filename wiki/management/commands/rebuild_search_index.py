import time

from django.core.management.base import BaseCommand

from wiki.search import index as search_index


class Command(BaseCommand):
    help = "Rebuild the search index from scratch (after bulk writes such as generate_catalog)."

    def handle(self, *args, **options):
        started = time.perf_counter()

        def progress(kind, count):
            self.stderr.write(f"\r{kind}: {count:,}", ending="")
            self.stderr.flush()

        counts = search_index.rebuild(progress=progress)
        self.stderr.write("")
        summary = ", ".join(f"{kind} {n:,}" for kind, n in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Indexed in {time.perf_counter() - started:.1f} s: {summary}"))
