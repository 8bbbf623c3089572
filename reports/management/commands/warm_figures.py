import time

from django.core.management.base import BaseCommand
from django.http import QueryDict

from icibi_tracker import clock
from inspections.models import Inspection
from recommendations.models import Recommendation
from reports import trends
from reports.views import every_trend, pack_context
from responses.views import kept_overview_figures
from submissions.templatetags.submissions import closure_claimed_figure


class Command(BaseCommand):
    help = (
        "Work out now what the pages keep once per version of the data (the overview, the trends, everyone's "
        "board pack, the re-statement chains), so that the first person after a change does not wait for it. "
        "Safe to run every few minutes from cron: what is already kept is only read."
    )

    def handle(self, *args, **options):
        today = clock.today()
        steps = {
            "overview": lambda: kept_overview_figures(today),
            "closure claims": closure_claimed_figure,
            "re-statement chains": Recommendation.objects.restatement_id_chains,
            "business areas": Inspection.objects.business_areas,
            "trends, by quarter and by month": lambda: every_trend(today, trends.QUARTER),
            "board pack, everyone": lambda: pack_context(QueryDict())["body"],
        }
        for name, step in steps.items():
            started = time.monotonic()
            step()
            self.stdout.write(f"{name}: {time.monotonic() - started:.1f} s")
