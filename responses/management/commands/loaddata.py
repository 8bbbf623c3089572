from django.core.management.commands import loaddata

from inspections.models import Inspection
from recommendations.models import Recommendation, SubElement
from responses.derivation import rederive
from responses.models import HomeOfficeResponse, TargetRevision


class Command(loaddata.Command):
    """Django's loaddata, then the stored derived fields of everything it loaded derived again.

    A fixture's rows go in raw (no save(), no signals), so their status, category, next due date
    and current targets are whatever the file says, often nothing. Deriving once everything is in,
    inside loaddata's own transaction, keeps half-loaded states out of the audit history."""

    help = f"{loaddata.Command.help} Then derives the stored fields (status, current targets ...) of what it loaded."

    def loaddata(self, fixture_labels):
        self.recommendation_ids, self.inspection_ids = set(), set()
        super().loaddata(fixture_labels)
        # An inspection's response date decides "awaiting response" for its recommendations.
        ids = self.recommendation_ids | set(
            Recommendation.objects.using(self.using)
            .filter(inspection__in=self.inspection_ids)
            .values_list("pk", flat=True)
        )
        if ids:
            stale = rederive(ids, using=self.using)
            if self.verbosity >= 1:
                self.stdout.write(
                    f"Derived the stored fields of {len(ids)} recommendation(s): {stale} value(s) changed."
                )

    def save_obj(self, obj):
        saved = super().save_obj(obj)
        row = obj.object
        if saved and isinstance(row, Inspection):
            self.inspection_ids.add(row.pk)
        elif saved and isinstance(row, Recommendation):
            self.recommendation_ids.update({row.pk, row.restates_id} - {None})
        elif saved and isinstance(row, SubElement):
            self.recommendation_ids.update({row.recommendation_id, row.restates_id} - {None})
        elif saved and isinstance(row, HomeOfficeResponse | TargetRevision):
            self.recommendation_ids.add(row.recommendation_id)
        return saved
