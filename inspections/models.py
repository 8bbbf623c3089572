import datetime

from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from simple_history.models import HistoricalRecords

from icibi_tracker import data_version
from icibi_tracker.audit import Versioned
from icibi_tracker.dates import (
    FactPrecision,
    PlausibleDates,
    describe,
    end_of_period,
    fact_precision_field,
    start_of_period,
)

# The Home Secretary commits to lay a report within eight weeks of receipt,
# subject to both Houses of Parliament being in session.
PUBLICATION_COMMITMENT = datetime.timedelta(weeks=8)


class InspectionQuerySet(models.QuerySet):
    def with_counts(self):
        """Each inspection with its number of recommendations and of those with a response, in one query.

        Counted per row by subqueries, so a page of 50 counts 50 inspections, however many there are.
        """
        of_this = Inspection.objects.filter(pk=OuterRef("pk")).order_by().values("pk")
        counted = of_this.annotate(n=Count("recommendations")).values("n")
        responded = of_this.annotate(
            n=Count("recommendations", filter=Q(recommendations__responses__isnull=False), distinct=True)
        ).values("n")
        return self.annotate(
            recommendation_count=Coalesce(Subquery(counted), 0),
            responded_count=Coalesce(Subquery(responded), 0),
        )

    def newest_first(self):
        return self.order_by(F("published_on").desc(nulls_last=True), "-fieldwork_end", "title")

    def business_areas(self):
        """Every business area named, A to Z, for the filters' choices: read once per version of the data, since
        finding the few there are reads every inspection."""
        areas = self.exclude(business_area="").order_by("business_area").values_list("business_area", flat=True)
        return data_version.cached(lambda: list(areas.distinct()), "business-areas")


class Inspection(PlausibleDates, Versioned):
    """One ICIBI inspection report and the facts of its publication."""

    title = models.CharField(max_length=300)
    short_title = models.CharField(
        max_length=80, help_text='What people call it, e.g. "Clandestine entrants". Used in references.'
    )
    slug = models.SlugField(max_length=120, unique=True, help_text="Short name used in web addresses.")
    business_area = models.CharField(
        max_length=120,
        blank=True,
        help_text="The Home Office business area inspected, e.g. Border Force.",
    )
    chief_inspector = models.CharField(
        max_length=120, blank=True, help_text="Chief Inspector when the report was sent. Leave empty if not known."
    )
    fieldwork_start = models.DateField(
        null=True, blank=True, help_text="Month the fieldwork began (any day of that month)."
    )
    fieldwork_end = models.DateField(
        null=True, blank=True, help_text="Month the fieldwork ended (any day of that month)."
    )
    sent_on = models.DateField("sent to the Home Secretary", null=True, blank=True)
    published_on = models.DateField("published (laid)", null=True, blank=True)
    published_precision = fact_precision_field()
    response_published_on = models.DateField("Home Office response published", null=True, blank=True)
    response_published_precision = fact_precision_field()
    report_url = models.URLField("link to the report", max_length=500, blank=True)
    response_url = models.URLField("link to the response", max_length=500, blank=True)
    notes = models.TextField(blank=True, help_text="Facts from the documents that have no field of their own.")

    objects = InspectionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_on", "title"]
        constraints = [
            models.CheckConstraint(
                name="inspection_fieldwork_in_order",
                condition=Q(fieldwork_start__isnull=True)
                | Q(fieldwork_end__isnull=True)
                | Q(fieldwork_start__lte=F("fieldwork_end")),
                violation_error_message="Fieldwork must start before it ends: check the two months.",
            ),
            models.CheckConstraint(
                name="inspection_sent_before_published",
                condition=Q(sent_on__isnull=True) | Q(published_on__isnull=True) | Q(sent_on__lte=F("published_on")),
                violation_error_message=(
                    "A report is published after it is sent to the Home Secretary: check both dates."
                ),
            ),
        ]
        # PostgreSQL also has an index in newest_first()'s order (migration 0005: SQLite cannot build it).

    def __str__(self):
        return f"{self.short_title} ({self.year})" if self.year else self.short_title

    @property
    def year(self):
        """The year people know the report by: published, else responded to, else fieldwork."""
        for date in (self.published_on, self.response_published_on, self.fieldwork_end):
            if date:
                return date.year
        return None

    def clean(self):
        # Fieldwork is known to the month: keep the first and last day of the months.
        if self.fieldwork_start:
            self.fieldwork_start = self.fieldwork_start.replace(day=1)
        self.fieldwork_end = end_of_period(self.fieldwork_end, FactPrecision.MONTH)

    @property
    def fieldwork(self):
        """The fieldwork period as the reports write it: "August 2024 – November 2024"."""
        if not (self.fieldwork_start and self.fieldwork_end):
            return ""
        return f"{self.fieldwork_start:%B %Y} – {self.fieldwork_end:%B %Y}"

    @property
    def published(self):
        return describe(self.published_on, self.published_precision)

    @property
    def response_published(self):
        return describe(self.response_published_on, self.response_published_precision)

    @property
    def days_to_publication(self):
        """Days from sent to published, or None when either is missing.

        With a month-precision publication date the figure is approximate:
        see `days_to_publication_is_approximate`.
        """
        if not (self.sent_on and self.published_on):
            return None
        return (self.published_on - self.sent_on).days

    @property
    def days_to_publication_is_approximate(self):
        return self.published_precision != FactPrecision.DAY

    def days_since_publication(self, today):
        return (today - self.published_on).days if self.published_on else None

    @property
    def published_within_commitment(self):
        """True or False against the eight-week commitment; None when it cannot be told.

        With a month-precision publication date, the answer is known only when
        every day of that month falls on the same side of the deadline.
        """
        if not (self.sent_on and self.published_on):
            return None
        deadline = self.sent_on + PUBLICATION_COMMITMENT
        if self.published_on <= deadline:
            return True
        if start_of_period(self.published_on, self.published_precision) > deadline:
            return False
        return None
