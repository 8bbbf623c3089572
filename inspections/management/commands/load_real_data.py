from django.core.management import call_command
from django.core.management.base import BaseCommand

from inspections.models import Inspection


class Command(BaseCommand):
    help = "Load the real data (fixtures/real_data.json) into an empty database; never over data already entered."

    def handle(self, *args, **options):
        existing = Inspection.objects.count()
        if existing:
            self.stdout.write(f"The database already holds {existing} inspections: the real data was not loaded again.")
            return
        call_command("loaddata", "real_data", verbosity=0)
        self.stdout.write(self.style.SUCCESS(f"Loaded the real data: {Inspection.objects.count()} inspections."))
