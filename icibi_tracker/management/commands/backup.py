import gzip
import os

from django.core.management import call_command
from django.core.management.base import BaseCommand

# Rebuilt by `migrate` on any database; rows that point at them are written by natural key. The
# data's version is made anew, so no figure cached before the restore is taken for the restored data's.
REBUILT = ["contenttypes", "auth.permission", "icibi_tracker.dataversion"]
# Transient: sign-in sessions (a restore signs everyone out) and django-axes' current
# failed-attempt counters and lock-outs (they expire after AXES_COOLOFF_TIME anyway).
# axes' access log (sign-ins and sign-outs) is kept, as audit history.
TRANSIENT = ["sessions", "axes.accessattempt", "axes.accessattemptexpiration"]
NOT_BACKED_UP = REBUILT + TRANSIENT

WARNING = (
    "The file holds every account's password hash and the calendar subscription secrets: "
    "keep it where only the tracker's administrators can read it."
)
EXCLUDED = "Left out: sign-in sessions and django-axes' failed-attempt counters and lock-outs."


class Command(BaseCommand):
    help = (
        "Write the whole database (records, audit history, accounts, roles) to a gzipped JSON file, "
        f"readable by its owner only (mode 0600). {EXCLUDED} {WARNING}"
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Where to write, e.g. backups/tracker-2026-11-23.json.gz")

    def handle(self, *args, path, **options):
        # Created owner-only from the start, never readable by others even for a moment;
        # a file already there keeps its own mode under os.open, so it is made owner-only
        # before anything is written into it.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as raw:
            os.fchmod(raw.fileno(), 0o600)
            with gzip.open(raw, "wt", encoding="utf-8") as out:
                call_command(
                    "dumpdata",
                    format="json_exact",
                    natural_foreign=True,
                    exclude=NOT_BACKED_UP,
                    indent=None,
                    stdout=out,
                    verbosity=0,
                )
        self.stdout.write(self.style.SUCCESS(f"Backed up the database to {path} (mode 0600). {EXCLUDED}"))
        self.stdout.write(WARNING)
