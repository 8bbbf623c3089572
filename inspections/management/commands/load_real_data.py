from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from icibi_tracker.audit import record_initial_history
from inspections.models import Inspection
from recommendations.models import Recommendation
from responses.models import HomeOfficeResponse


class Command(BaseCommand):
    help = "Load the real data (fixtures/real_data.json) into an empty database; never over data already entered."

    def handle(self, *args, **options):
        existing = Inspection.objects.count()
        if existing:
            self.stdout.write(f"The database already holds {existing} inspections: the real data was not loaded again.")
            return
        with transaction.atomic():
            call_command("loaddata", "real_data", verbosity=0)
            for response in HomeOfficeResponse.objects.all():
                response.refresh_current_target()
            HomeOfficeResponse.objects.all().refresh_search_documents()
            for recommendation in Recommendation.objects.all():
                recommendation.refresh_status(record_in_history=False)
            record_initial_history("Loaded from the real data")
        self.stdout.write(self.style.SUCCESS(f"Loaded the real data: {Inspection.objects.count()} inspections."))
