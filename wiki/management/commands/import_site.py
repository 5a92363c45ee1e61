import time

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from wiki.generation import bump_generation
from wiki.models import Show


class Command(BaseCommand):
    help = (
        "Load a file written by export_site into this database (SQLite or PostgreSQL, as DATABASE_URL "
        "says): migrate, load every row with its id, rebuild the search index. The database must "
        "hold no shows and no users yet."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A file written by export_site.")

    def handle(self, *args, file, **options):
        started = time.perf_counter()
        call_command("migrate", interactive=False, verbosity=0)
        shows, users = Show.objects.count(), get_user_model().objects.count()
        if shows or users:
            raise CommandError(
                f"This database already holds {shows} show(s) and {users} user(s): import into an "
                "empty one (a new database, or `manage.py flush` first)."
            )
        # loaddata writes the rows raw (no save(), no search-index signal) in one
        # transaction and then moves PostgreSQL's id sequences past the loaded ids.
        call_command("loaddata", file, verbosity=0)
        call_command("rebuild_search_index", stdout=self.stdout, stderr=self.stderr)
        bump_generation()  # pages cached from whatever this database held before are stale
        self.stdout.write(
            self.style.SUCCESS(
                f"Site loaded from {file} into {connection.vendor} in {time.perf_counter() - started:.1f} s: "
                f"{Show.objects.count()} show(s), {get_user_model().objects.count()} user(s)."
            )
        )
