import datetime
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from responses import demo_data


class Command(BaseCommand):
    help = (
        "Add synthetic demo data (marked synthetic everywhere, never mixed into the real fixtures) "
        "to try the tracker at any size; --delete removes it and nothing else."
    )

    def add_arguments(self, parser):
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--recommendations", type=int, metavar="N", help="how many recommendations to add")
        action.add_argument("--delete", action="store_true", help="remove all synthetic data, and only that")
        parser.add_argument("--seed", type=int, default=1, help="the same seed gives the same data (default 1)")
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            default=demo_data.DEMO_TODAY,
            help=f"the date the data is spread around, YYYY-MM-DD (default {demo_data.DEMO_TODAY})",
        )
        parser.add_argument("--force", action="store_true", help="run even with DEBUG off (a benchmark database)")

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "DEBUG is off, so this may be a production database: generate_demo_data will not write or delete "
                "synthetic data there. If this database is only for trying the tracker (e.g. a benchmark), "
                "run it again with --force."
            )
        started = time.monotonic()
        if options["delete"]:
            counts = demo_data.delete()
            self._report("Deleted synthetic demo data", counts, started)
            return
        total = options["recommendations"]
        if total < 1:
            raise CommandError("Give a number of recommendations of at least 1.")

        def progress(written):
            if written["recommendations"] < total:
                self.stdout.write(f"  {written['recommendations']:,} of {total:,} recommendations...")

        counts = demo_data.generate(total, seed=options["seed"], today=options["today"], progress=progress)
        self._report(f"Wrote synthetic demo data (seed {options['seed']}, around {options['today']})", counts, started)

    def _report(self, what, counts, started):
        self.stdout.write(self.style.SUCCESS(f"{what} in {time.monotonic() - started:.1f} s:"))
        for kind, n in counts.items():
            self.stdout.write(f"  {kind:<18} {n:>10,}")
