from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from submissions import demo


class Command(BaseCommand):
    help = (
        "Add synthetic submissions in every state (draft, sent, returned, resubmitted, recorded, withdrawn) and "
        "an open update round, over the synthetic recommendations of generate_demo_data; --delete removes them."
    )

    def add_arguments(self, parser):
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--submissions", type=int, metavar="N", help="how many submissions to add")
        action.add_argument("--delete", action="store_true", help="remove the synthetic submissions, and only those")
        parser.add_argument("--force", action="store_true", help="run even with DEBUG off (a benchmark database)")

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError("DEBUG is off, so this may be a production database: add --force if it is not.")
        counts = demo.delete() if options["delete"] else demo.generate(options["submissions"])
        self.stdout.write(self.style.SUCCESS(", ".join(f"{n:,} {kind}" for kind, n in counts.items())))
