import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from responses.derivation import BATCH, Derivation


class Command(BaseCommand):
    help = (
        "Compare every stored derived field (a recommendation's status, category and next due date; a "
        "response's current target, number of revisions and search text; a target revision's recommendation) "
        "with a fresh derivation from the "
        "facts. Prints one line per difference and exits with status 1 if there are any; --repair writes "
        "the derived values instead (in batches, without history rows)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true", help="write the derived values where they differ")
        parser.add_argument("--batch-size", type=int, default=BATCH, help=f"recommendations per batch ({BATCH})")

    def handle(self, *args, repair, batch_size, **options):
        started = time.monotonic()
        derivation = Derivation(batch_size=batch_size)
        rows = set()
        found = 0
        with transaction.atomic():  # a repair is all or nothing
            for drift in derivation.drift(repair=repair):
                self.stdout.write(str(drift))
                rows.add(drift.record)
                found += 1
        checked = (
            f"{derivation.recommendations:,} recommendations and {derivation.responses:,} responses checked "
            f"in {time.monotonic() - started:.1f} s"
        )
        if not found:
            self.stdout.write(self.style.SUCCESS(f"No drift: {checked}."))
        elif repair:
            self.stdout.write(self.style.SUCCESS(f"Repaired {found:,} values in {len(rows):,} rows; {checked}."))
        else:
            self.stdout.write(f"{found:,} values in {len(rows):,} rows differ from a fresh derivation; {checked}.")
            raise CommandError("Stored derived fields have drifted: run `manage.py check_derived --repair`.")
