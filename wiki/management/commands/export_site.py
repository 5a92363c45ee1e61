from django.core import serializers
from django.core.management import call_command
from django.core.management.base import BaseCommand

from wiki import site_transfer


class Command(BaseCommand):
    help = (
        "Write the whole site (catalogue, recaps, comments, accounts, history) to a JSON file that "
        "import_site loads into an empty database of either engine. Media files are not included."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", help="Where to write, e.g. site.json; site.json.gz (or .bz2, .xz) is compressed."
        )

    def handle(self, *args, file, **options):
        serializers.register_serializer(site_transfer.FORMAT, "wiki.site_transfer")
        call_command(
            "dumpdata",
            format=site_transfer.FORMAT,
            exclude=site_transfer.EXCLUDED,
            natural_foreign=True,
            use_base_manager=True,
            output=file,
            verbosity=0,
        )
        self.stdout.write(self.style.SUCCESS(f"Site written to {file}."))
