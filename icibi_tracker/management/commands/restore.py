import gzip
import tempfile

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from icibi_tracker.roles import TRACKER_APPS


class Command(BaseCommand):
    help = "Restore a backup written by `backup` into this database, all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("path", help="A file written by `manage.py backup`.")
        parser.add_argument(
            "--replace", action="store_true", help="Delete everything in this database first (asks no question)."
        )

    def handle(self, *args, path, replace, **options):
        try:
            with gzip.open(path, "rt", encoding="utf-8") as backup:
                text = backup.read()
        except (OSError, EOFError, UnicodeDecodeError) as error:
            raise CommandError(f"{path} is not a backup written by `manage.py backup` ({error}).") from error
        tracked = [model for label in TRACKER_APPS for model in apps.get_app_config(label).get_models()]
        holds_data = any(model.objects.exists() for model in [*tracked, get_user_model()])
        if holds_data and not replace:
            raise CommandError("This database already holds data. Restore into an empty one, or add --replace.")
        # loaddata reads files by name; the decompressed copy lives only as long as the restore.
        with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8") as plain, transaction.atomic():
            plain.write(text)
            plain.flush()
            if replace:
                call_command("flush", interactive=False, verbosity=0)
            call_command("loaddata", plain.name, verbosity=0)
        self.stdout.write(self.style.SUCCESS(f"Restored {path}."))
