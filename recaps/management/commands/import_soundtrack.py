from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from recaps.importing.base import MAX_BYTES, ImportRefused, run_import
from recaps.importing.soundtrack import SoundtrackImporter
from wiki.models import Show


class Command(BaseCommand):
    help = (
        "Import a soundtrack list (CSV or JSON) into a show's existing episodes: scenes, songs, "
        "artists and cues, matched to what the catalogue holds. Prints what was created, changed, "
        "left alone, skipped and ignored; --dry-run changes nothing. Bad input changes nothing either."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The soundtrack list, .csv or .json.")
        parser.add_argument("--show", required=True, help="The show's slug, e.g. soundtrack.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change, change nothing."
        )

    def handle(self, *args, file, show, dry_run, **options):
        try:
            show = Show.objects.get(slug=show)
        except Show.DoesNotExist:
            raise CommandError(f"No show with the slug {show!r}.") from None
        try:
            with file.open("rb") as handle:
                content = handle.read(MAX_BYTES + 1)  # read_text refuses anything longer
        except OSError as exc:
            raise CommandError(f"{file}: {exc.strerror}") from None
        importer = SoundtrackImporter(show=show)
        try:
            report = run_import(importer, importer.parse({"list": (file.name, content)}), dry_run=dry_run)
        except ImportRefused as exc:
            raise CommandError(f"Refused, nothing changed: {exc}") from None
        self.stdout.write(str(report))
