from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from recaps.importing.base import MAX_BYTES, ImportRefused
from recaps.importing.fetch import Unreachable, fetch, store_images
from recaps.importing.registry import import_files
from recaps.importing.tvmaze import TvmazeImporter


class Command(BaseCommand):
    help = (
        "Import a show's episode guide and main cast from TVmaze's JSON (files, or fetched with "
        "--show-id). Re-running it changes nothing; a newer guide updates what no editor has changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("guide", nargs="?", type=Path, help="The JSON of /shows/:id?embed[]=episodes.")
        parser.add_argument("--cast", type=Path, help="The JSON of /shows/:id/cast.")
        parser.add_argument("--show-id", type=int, help="Fetch both from TVmaze's API instead of files.")
        parser.add_argument(
            "--api-url", default=settings.TVMAZE_API_URL, help="TVmaze's API (a test server)."
        )
        parser.add_argument("--timeout", type=float, default=10.0, help="Seconds to wait for the API.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; change nothing."
        )
        parser.add_argument("--images", action="store_true", help="Also fetch posters, stills and photos.")

    def handle(self, *args, guide, cast, show_id, api_url, timeout, dry_run, images, **options):
        if (guide is None) == (show_id is None):
            raise CommandError("Give either a guide file or --show-id.")
        files = self.fetched(show_id, api_url.rstrip("/"), timeout) if show_id else self.read(guide, cast)
        try:
            importer, report = import_files(TvmazeImporter, files, dry_run=dry_run)
        except ImportRefused as exc:
            raise CommandError(f"Refused, nothing was changed: {exc}") from None
        for line in report.lines():
            self.stdout.write(line)
        if images:
            lines = ["images skipped: dry run"] if dry_run else store_images(importer.images, timeout=timeout)
            for line in lines:
                self.stdout.write(line)

    def read(self, guide, cast):
        files = {}
        for name, path in (("guide", guide), ("cast", cast)):
            if path is not None:
                try:
                    with path.open("rb") as file:
                        files[name] = (path.name, file.read(MAX_BYTES + 1))
                except OSError as exc:
                    raise CommandError(f"{path}: cannot be read ({exc.strerror})") from None
        return files

    def fetched(self, show_id, api_url, timeout):
        urls = {
            "guide": f"{api_url}/shows/{show_id}?embed[]=episodes",
            "cast": f"{api_url}/shows/{show_id}/cast",
        }
        try:
            return {name: (url, fetch(url, timeout=timeout)) for name, url in urls.items()}
        except Unreachable as exc:
            hint = (
                " Is this machine offline? Save the two files where there is network and run "
                "`manage.py import_tvmaze guide.json --cast cast.json`."
                if exc.offline
                else ""
            )
            raise CommandError(f"TVmaze: {exc}.{hint}") from None
