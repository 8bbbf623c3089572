from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from icibi_tracker.audit import record_initial_history
from inspections.models import Inspection


class Command(BaseCommand):
    help = "Load the real data (fixtures/real_data.json) into an empty database; never over data already entered."

    def handle(self, *args, **options):
        existing = Inspection.objects.count()
        if existing:
            self.stdout.write(f"The database already holds {existing} inspections: the real data was not loaded again.")
            return
        with transaction.atomic():
            # The project's loaddata derives the stored fields once everything is in.
            call_command("loaddata", "real_data", verbosity=0)
            record_initial_history("Loaded from the real data")
        self.stdout.write(self.style.SUCCESS(f"Loaded the real data: {Inspection.objects.count()} inspections."))
