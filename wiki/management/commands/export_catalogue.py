import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wiki.exports import catalogue
from wiki.models import Show


class Command(BaseCommand):
    help = (
        "Write one show's whole catalogue (seasons, episodes, scenes, characters, cast, songs, artists, "
        "cues) as the cuesheet-catalogue JSON document (docs/export-format.md), or as CSV files in a zip. "
        "import_catalogue reads the JSON back."
    )

    def add_arguments(self, parser):
        parser.add_argument("show", help="The show's slug, e.g. soundtrack.")
        parser.add_argument("--format", choices=["json", "csv"], default="json")
        parser.add_argument(
            "--output",
            help="Where to write. Default: JSON to standard output, CSV to <show>-catalogue-csv.zip.",
        )

    def handle(self, *args, show, format, output, **options):
        found = Show.objects.filter(slug=show).first()
        if found is None:
            raise CommandError(
                f'No show "{show}". The shows are: {", ".join(Show.objects.values_list("slug", flat=True)) or "none"}.'
            )
        document = catalogue.build(found)
        if format == "csv":
            target = Path(output or f"{found.slug}-catalogue-csv.zip")
            target.write_bytes(catalogue.csv_zip(document))
            self.stderr.write(self.style.SUCCESS(f"{found.title}: CSV tables written to {target}."))
            return
        text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        if output and output != "-":
            Path(output).write_text(text, encoding="utf-8")
            self.stderr.write(self.style.SUCCESS(f"{found.title}: catalogue written to {output}."))
        else:
            self.stdout.write(text, ending="")
