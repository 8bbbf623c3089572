import gzip

from django.core.management import call_command
from django.core.management.base import BaseCommand

# Rebuilt by `migrate` on any database; rows that point at them are written by natural key.
NOT_BACKED_UP = ["contenttypes", "auth.permission"]


class Command(BaseCommand):
    help = "Write the whole database (records, audit history, accounts, roles) to a gzipped JSON file."

    def add_arguments(self, parser):
        parser.add_argument("path", help="Where to write, e.g. backups/tracker-2026-11-23.json.gz")

    def handle(self, *args, path, **options):
        with gzip.open(path, "wt", encoding="utf-8") as out:
            call_command("dumpdata", natural_foreign=True, exclude=NOT_BACKED_UP, indent=None, stdout=out, verbosity=0)
        self.stdout.write(self.style.SUCCESS(f"Backed up the database to {path}."))
