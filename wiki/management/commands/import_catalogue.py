from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wiki.exports.importing import ImportRefused, catalogue_import, read


class Command(BaseCommand):
    help = (
        "Add a show from a cuesheet-catalogue JSON file (export_catalogue, or the show page's "
        "download). The show must be new here; people, artists and songs the site already has "
        "(same slug) are reused. All or nothing: a file with any problem is refused with a message."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The catalogue JSON file.")

    def handle(self, *args, file, **options):
        try:
            raw = Path(file).read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror or exc}.") from exc
        try:
            show = catalogue_import(document=read(raw))
        except ImportRefused as exc:
            raise CommandError(f"{file} was not imported: {exc}") from exc
        counts = ", ".join(
            f"{count} {name}"
            for name, count in [
                ("episodes", show.episodes.count()),
                ("characters", show.characters.count()),
            ]
        )
        self.stdout.write(self.style.SUCCESS(f"Imported {show.title} ({show.slug}): {counts}."))
