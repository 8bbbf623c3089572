import datetime

from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models import Count, Exists, F, FloatField, Func, OuterRef, Q, Subquery
from django.db.models.expressions import RawSQL
from simple_history.models import HistoricalRecords

from icibi_tracker import clock
from icibi_tracker.audit import Versioned
from icibi_tracker.dates import (
    FactPrecision,
    PlausibleDates,
    Precision,
    describe,
    end_of_period,
    fact_precision_field,
    start_of_period,
)
from recommendations import rules
from recommendations.choices import Category
from recommendations.models import Owner, Recommendation, StaysWithItsRecommendation, store_derived

from .targets import parse_target

# PostgreSQL generates each response's text-search vector from search_document into a column the model
# does not declare (SQLite has none: it searches search_document), migration 0009: a search ranks what it
# finds without parsing each text again.
STORED_VECTOR = RawSQL('"responses_homeofficeresponse"."search_vector"', [], output_field=SearchVectorField())


class RankDistance(Func):
    """How far a text is from a search, best match least: the rum extension's ranking, which its index
    (migration 0014) reads in this order without reading the rows."""

    arg_joiner = " <=> "
    template = "(%(expressions)s)"
    output_field = FloatField()


# A search's list (on PostgreSQL) is in this order, then by id: the rank index reads it, ties in no order.
SEARCH_RANK = "search_rank"
TARGET_PRECISION_HELP = "Derived from the target as written when you leave the due date empty."


def target_precision_field(**options):
    return models.CharField(max_length=8, choices=Precision.choices, default=Precision.NONE, **options)


def derive_due(target_text, due_date, precision):
    """The due date and precision to keep: the one a person typed, else the one the text gives."""
    if due_date is None:
        return parse_target(target_text)
    if precision in (Precision.NONE, Precision.UNKNOWN):
        precision = Precision.DAY
    return due_date, precision


def due_date_disagreement(target_text, due_date):
    """What the target as written means, when a typed due date says otherwise ("by the end of 2024"
    typed as 15/06/2024); None when they agree or the text gives no date."""
    read, precision = parse_target(target_text)
    if due_date is None or read is None or read == due_date:
        return None
    return (
        f"The target as written, “{' '.join(target_text.split())}”, means {describe(read, Precision.DAY)}, "
        f"but the due date says {describe(due_date, Precision.DAY)}. Correct the due date, leave it empty "
        f"to use {describe(read, Precision.DAY)}, or tick “Keep this due date” if the source gives it."
    )


# A response carries a target of its own: a date, or text that could not be read.
HAS_TARGET = Q(current_due_date__isnull=False) | ~Q(current_due_precision=Precision.NONE)
# Its recommendation open, read from the copy of the recommendation's status each response keeps
# (`recommendation_status`), so the lists filter one table through its own indexes, without a join.
RECOMMENDATION_OPEN = rules.open_q("recommendation_")


# What a response keeps for the lists, in the order HomeOfficeResponse.derived_listing() gives it.
LISTING = ("tracked", "recommendation_status", "recommendation_owner_id", "owner_name", "inspection_title")
# Those copied from its recommendation, and from where (no owner: None, sorted last as before).
COPIED = {
    "recommendation_status": "recommendation__status",
    "recommendation_owner_id": "recommendation__owner",
    "owner_name": "recommendation__owner__name",
    "inspection_title": "recommendation__inspection__short_title",
}


def tracked_q():
    """QuerySet form of rules.is_tracked_item(): how the stored `tracked` is derived in SQL."""
    element_targets = HomeOfficeResponse.objects.filter(
        HAS_TARGET, recommendation=OuterRef("recommendation"), sub_element__isnull=False
    )
    return HAS_TARGET | Q(sub_element__isnull=True) & ~Exists(element_targets)


def open_item_q():
    """An item still open: its recommendation is open and the Home Office has not closed the item
    itself (an element with its own target). The row form is HomeOfficeResponse.is_open_item."""
    return RECOMMENDATION_OPEN & Q(closed_on__isnull=True)


def overdue_on(today):
    """Open, and the current due date has passed: the row form is HomeOfficeResponse.is_overdue()."""
    return open_item_q() & Q(current_due_date__lt=today)


# At risk (DOMAIN.md): open, due within 30 days, and no progress update in the last 90 days, so a
# team hears before the date passes, not after. An update counts for the item it concerns: one on
# the whole recommendation counts for each of its items, one on an element for that element's.
AT_RISK_DUE_DAYS = 30
AT_RISK_QUIET_DAYS = 90


def _at_risk_window(today):
    return today, today + datetime.timedelta(days=AT_RISK_DUE_DAYS), today - datetime.timedelta(days=AT_RISK_QUIET_DAYS)


def at_risk_on(today):
    """The QuerySet form of HomeOfficeResponse.is_at_risk()."""
    first, last, quiet_since = _at_risk_window(today)
    recent = ProgressUpdate.objects.filter(
        Q(sub_element__isnull=True) | Q(sub_element=OuterRef("sub_element")),
        recommendation=OuterRef("recommendation"),
        reported_on__gte=quiet_since,
    )
    return open_item_q() & Q(current_due_date__gte=first, current_due_date__lte=last) & ~Exists(recent)


class HomeOfficeResponseQuerySet(models.QuerySet):
    def tracked(self):
        """Tracked items (DOMAIN.md), by the stored flag (tracked_q() derives it)."""
        return self.filter(tracked=True)

    def open(self):
        return self.filter(open_item_q())

    def refresh_listing(self):
        """Store these responses' LISTING as derived, writing only the rows that changed, in six UPDATEs
        however many there are. Whether a response is tracked depends on its siblings: give all of a
        recommendation's."""
        recommendation = Recommendation.objects.filter(pk=OuterRef("recommendation_id"))
        for field, source in COPIED.items():
            same = Q(**{field: F(source)}) | Q(**{f"{field}__isnull": True, f"{source}__isnull": True})
            value = recommendation.values(source.removeprefix("recommendation__"))[:1]
            self.exclude(same).update(**{field: Subquery(value)})
        self.filter(tracked_q(), tracked=False).update(tracked=True)
        self.filter(~tracked_q(), tracked=True).update(tracked=False)

    def for_list(self):
        """What a list of tracked items shows, in the same query: report, owner, element, extensions."""
        return self.select_related("recommendation__inspection", "recommendation__owner", "sub_element")

    def search(self, text):
        """Responses whose recommendation, element, narrative or target mention `text`: stemmed, ranked
        and read from an index on PostgreSQL."""
        if connection.vendor == "postgresql":
            query = SearchQuery(text, config="english", search_type="websearch")
            found = self.annotate(document=STORED_VECTOR).filter(document=query)
            return found.annotate(**{SEARCH_RANK: RankDistance(STORED_VECTOR, query)}).order_by(SEARCH_RANK, "pk")
        return self.filter(search_document__icontains=text)

    def refresh_search_documents(self):
        """Responses quote their recommendation's and element's text for search: rewrite those that changed."""
        changed = []
        for response in self.select_related("recommendation", "sub_element"):
            document = response.derive_search_document()
            if document != response.search_document:
                response.search_document = document
                changed.append(response)
        HomeOfficeResponse.objects.bulk_update(changed, ["search_document"], batch_size=2000)

    def overdue(self, today):
        return self.tracked().filter(overdue_on(today))

    def for_calendar(self, today, until=None):
        """What a calendar shows on their own dates, soonest first: the items due from today up to
        `until`; with no `until`, every dated item that is not overdue. The overdue are gathered on
        today instead (overdue_for_calendar())."""
        dated = self.filter(current_due_date__isnull=False)
        if until is None:
            return dated.exclude(overdue_on(today)).order_by("current_due_date", "pk")
        return dated.filter(current_due_date__gte=today, current_due_date__lte=until).order_by("current_due_date", "pk")

    def overdue_for_calendar(self, today, listed):
        """(how many are overdue, from how many recommendations, the first `listed` of them, soonest
        due first): counted in the database, however many there are."""
        overdue = self.filter(overdue_on(today))
        figures = overdue.aggregate(count=Count("pk"), recommendations=Count("recommendation", distinct=True))
        first = list(overdue.order_by("current_due_date", "pk")[:listed])
        return figures["count"], figures["recommendations"], first

    def became_overdue(self, since, today):
        """Open items whose current due date passed on or after `since`: newly overdue since then."""
        return self.tracked().filter(overdue_on(today), current_due_date__gte=since)

    def at_risk(self, today):
        return self.tracked().filter(at_risk_on(today))

    def for_page(self):
        """For a page's list: what the apps above this one add to each item (LIST_ANNOTATIONS)."""
        return self.annotate(**{name: expression() for name, expression in LIST_ANNOTATIONS.items()})

    def with_at_risk(self, today):
        """Each item with `at_risk` worked out in the same query, for a list's tag."""
        return self.annotate(at_risk=models.ExpressionWrapper(at_risk_on(today), output_field=models.BooleanField()))

    def due_within(self, days, today):
        return self.tracked().open().falling_due(days, today)

    def falling_due(self, days, today):
        """Due from today to `days` days on, whatever their status: due_within() of items already open."""
        return self.filter(current_due_date__gte=today, current_due_date__lte=today + datetime.timedelta(days=days))

    def overdue_or_due_within(self, days, today):
        """What a team has to deliver in the next `days` days: what is late as well as what falls due. The
        union of overdue() and due_within(), as one range of due dates that an index reads in order."""
        last = today + datetime.timedelta(days=days)
        return self.tracked().open().filter(current_due_date__lte=last)


# What an app above this one adds to each item of a page's list, {name: a function giving the
# expression}: the Home Office's submissions add "closure_claimed" (submissions/apps.py).
LIST_ANNOTATIONS = {}


# A response's current target, in the order HomeOfficeResponse.derived_target() gives it.
CURRENT_TARGET = ("current_target_text", "current_due_date", "current_due_precision", "revision_count")


class HomeOfficeResponse(StaysWithItsRecommendation, PlausibleDates, Versioned):
    """The Home Office's response to a recommendation as a whole, or to one sub-element."""

    moved_message = (
        "A response cannot be moved to another recommendation: its target revisions belong to this one. "
        "Delete it and add the response to the right recommendation."
    )

    recommendation = models.ForeignKey(Recommendation, on_delete=models.PROTECT, related_name="responses")
    sub_element = models.ForeignKey(
        "recommendations.SubElement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="responses",
        help_text="Leave empty for the response to the recommendation as a whole.",
    )
    category = models.CharField(
        max_length=20,
        choices=Category.choices,
        blank=True,
        help_text="Leave empty only where the documents do not record it.",
    )
    narrative = models.TextField(blank=True)
    target_text = models.CharField(
        "target as written", max_length=300, blank=True, help_text='e.g. "by the end of 2024" or "February 2027".'
    )
    due_date = models.DateField("original due date", null=True, blank=True, help_text=TARGET_PRECISION_HELP)
    due_precision = target_precision_field(help_text=TARGET_PRECISION_HELP)

    # The latest target revision's target, or the original (rules.current_target); kept by save()
    # and refresh_current_target(), and after loads by derivation.py, so due lists filter in SQL.
    current_target_text = models.CharField(max_length=300, blank=True, editable=False)
    current_due_date = models.DateField(null=True, editable=False)
    current_due_precision = target_precision_field(editable=False)
    # How many times the target was extended: stored so lists sort and show it without counting.
    revision_count = models.PositiveIntegerField(default=0, editable=False)
    # Everything the due list's search reads, in one column that PostgreSQL indexes (GIN) for text search.
    search_document = models.TextField(blank=True, editable=False)
    # Stored so the lists filter and sort one table through partial indexes (refresh_listing() keeps
    # them): whether this is a tracked item, and copies of its recommendation's status, owner, owner's
    # name and inspection's short title.
    tracked = models.BooleanField(default=False, editable=False)
    recommendation_status = models.CharField(max_length=20, blank=True, editable=False)
    # An owner is deleted only once no recommendation names it, so a copy that still does is out of date.
    recommendation_owner = models.ForeignKey(
        Owner, on_delete=models.SET_NULL, null=True, editable=False, related_name="+", db_index=False
    )
    # None, not "", for no owner: sorted last, as the owner it copies is.
    owner_name = models.CharField(max_length=150, null=True, editable=False)  # noqa: DJ001
    inspection_title = models.CharField(max_length=80, blank=True, editable=False)

    # The Home Office's closure of this item alone: an element with its own target (DOMAIN.md, tracked
    # items). The whole recommendation's closure is the recommendation's own (Recommendation.close).
    closed_on = models.DateField(
        "date the element was closed",
        null=True,
        blank=True,
        help_text="Only for an element with its own target that the Home Office closed.",
    )
    closed_precision = fact_precision_field(verbose_name="element closed precision")
    closure_evidence = models.TextField("evidence the element was closed", blank=True)

    objects = HomeOfficeResponseQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_document", *(name.removesuffix("_id") for name in LISTING)])

    class Meta:
        ordering = ["recommendation", "sub_element__letter"]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation"],
                condition=Q(sub_element__isnull=True),
                name="one_overall_response_per_recommendation",
                violation_error_message="This recommendation already has an overall response.",
            ),
            models.UniqueConstraint(
                fields=["sub_element"],
                condition=Q(sub_element__isnull=False),
                name="one_response_per_sub_element",
                violation_error_message="This element already has a response.",
            ),
            models.CheckConstraint(
                name="response_closed_has_evidence",
                condition=Q(closed_on__isnull=True) | ~Q(closure_evidence=""),
                violation_error_message=(
                    "Say what shows the element was closed: the evidence, or where the Home Office reported it."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["current_due_date"], name="response_current_due_idx"),
            # The due, overdue and team lists: open tracked items by current due date, read in order and
            # stopped at a page (or at the count's limit), however many there are.
            models.Index(
                fields=["current_due_date", "id"],
                condition=Q(tracked=True) & RECOMMENDATION_OPEN,
                name="response_open_due_idx",
            ),
            # The same with another status chosen, or any.
            models.Index(
                fields=["recommendation_status", "current_due_date", "id"],
                condition=Q(tracked=True),
                name="response_status_due_idx",
            ),
            models.Index(fields=["current_due_date", "id"], condition=Q(tracked=True), name="response_tracked_due_idx"),
            # One owner's open items (the due list's owner filter, a team's page), by due date.
            models.Index(
                fields=["recommendation_owner", "current_due_date", "id"],
                condition=Q(tracked=True) & RECOMMENDATION_OPEN,
                name="response_open_owner_due_idx",
            ),
        ]
        # PostgreSQL also has indexes for the due list's other orders and for text search (migrations
        # 0005, 0009, 0010 and 0013: SQLite cannot build them).

    def __str__(self):
        item = self.sub_element if self.sub_element_id else self.recommendation
        return f"Response to {item}"

    def save(self, *args, **kwargs):
        closing = self.closed_on is not None and (
            self._state.adding or not HomeOfficeResponse.objects.filter(pk=self.pk, closed_on__isnull=False).exists()
        )
        if self.sub_element_id and not self.recommendation_id:
            self.recommendation_id = self.sub_element.recommendation_id
        if self.pk and self.due_date is not None:
            stored = HomeOfficeResponse.objects.filter(pk=self.pk).values_list("target_text", "due_date").first()
            if stored and stored[0] != self.target_text and stored[1] == self.due_date:
                self.due_date = None  # the text changed and nobody typed a new date: read it again
        self.due_date, self.due_precision = derive_due(self.target_text, self.due_date, self.due_precision)
        derived = dict(zip(CURRENT_TARGET, self.derived_target(), strict=True))
        store_derived(self, {**derived, "search_document": self.derive_search_document()}, kwargs)
        if not closing:
            super().save(*args, **kwargs)
            return
        # Whatever closes an item (a recorded claim, the admin), its recommendation closes with its
        # last open item, in the same transaction.
        with transaction.atomic():
            super().save(*args, **kwargs)
            close_when_every_item_is(self.recommendation_id)

    def derive_search_document(self):
        element = self.sub_element.text if self.sub_element else ""
        return rules.search_document(self.recommendation.text, element, self.narrative, self.target_text)

    def derived_target(self, revisions=None):
        """(current target text, due date, precision, number of revisions). The revisions' new targets,
        oldest first, are read from the database unless given (the bulk derivation reads them in batches)."""
        if revisions is None:
            revisions = (
                []
                if self._state.adding
                else self.revisions.order_by("recorded_at", "pk").values_list(
                    "new_target_text", "new_due_date", "new_due_precision"
                )
            )
        return rules.current_target((self.target_text, self.due_date, self.due_precision), revisions)

    @property
    def reference(self):
        # Built from this response's own recommendation, which lists already hold, not the element's.
        number = str(self.recommendation.number or "")
        return f"{number}{self.sub_element.letter}" if self.sub_element_id else number

    def clean(self):
        self.refuse_move()
        if self.sub_element_id and self.sub_element.recommendation_id != self.recommendation_id:
            raise ValidationError(
                {"sub_element": "Choose an element of this recommendation, or leave it empty for the whole."}
            )
        self.clean_closure()

    def clean_closure(self):
        if self.closed_on is None:
            if self.closure_evidence.strip():
                raise ValidationError({"closed_on": "Give the date the Home Office closed it, or clear its evidence."})
            return
        errors = {}
        published = self.recommendation.inspection.published_on if self.recommendation_id else None
        if not self.sub_element_id:
            errors["closed_on"] = (
                "Close the whole recommendation on the recommendation itself (Home Office status); "
                "a response's closure is for an element with its own target."
            )
        elif not (self.has_target or derive_due(self.target_text, self.due_date, self.due_precision)[0]):
            errors["closed_on"] = (
                "This element has no target of its own, so it is not tracked on its own: close the recommendation."
            )
        elif start_of_period(self.closed_on, self.closed_precision) > clock.today():
            errors["closed_on"] = "The closure date is in the future: enter the date it was closed."
        elif published and end_of_period(self.closed_on, self.closed_precision) < published:
            errors["closed_on"] = f"The closure date is before the report was published ({describe(published, 'day')})."
        if not self.closure_evidence.strip():
            errors["closure_evidence"] = (
                "Say what shows the element was closed: the evidence, or where the Home Office reported it."
            )
        if errors:
            raise ValidationError(errors)

    @transaction.atomic
    def close(self, on, evidence, precision=FactPrecision.DAY):
        """The Home Office's closure of this item; its recommendation closes with its last open item."""
        if self.is_closed:
            raise ValidationError(f"Element {self.reference} was already closed on {self.closed_in_words}.")
        self.closed_precision = precision
        self.closed_on = on  # the pre_save signal keeps the last day of the stated period
        self.closure_evidence = evidence
        self.clean_closure()
        self.save(update_fields=["closed_on", "closed_precision", "closure_evidence"])

    @property
    def is_closed(self):
        return self.closed_on is not None

    @property
    def closed_in_words(self):
        return describe(self.closed_on, self.closed_precision)

    @property
    def is_open_item(self):
        """Row form of open_item_q()."""
        return rules.is_open(self.recommendation_status) and self.closed_on is None

    @property
    def item_category(self):
        """The category that applies to this tracked item: its own, else its recommendation's."""
        return self.category or self.recommendation.category

    def get_item_category_display(self):
        return Category(self.item_category).label if self.item_category else "Not recorded"

    @property
    def item_text(self):
        """The tracked item's own words: its element's, else its recommendation's."""
        return self.sub_element.text if self.sub_element_id else self.recommendation.text

    @property
    def target_needs_checking(self):
        return self.due_precision == Precision.UNKNOWN or self.current_due_precision == Precision.UNKNOWN

    def derived_listing(self, recommendation, siblings):
        """LISTING, from its recommendation (with its owner and inspection) and that one's responses."""
        owner = recommendation.owner.name if recommendation.owner_id else None
        title = recommendation.inspection.short_title
        return self.is_tracked(siblings), recommendation.status, recommendation.owner_id, owner, title

    def is_tracked(self, siblings=None):
        """Row form of tracked_q(), from the responses to its recommendation (read unless given)."""
        siblings = self.recommendation.responses.all() if siblings is None else siblings
        an_element_has_target = any(r.sub_element_id and r.has_target for r in siblings)
        return rules.is_tracked_item(self.has_target, self.sub_element_id is not None, an_element_has_target)

    @property
    def has_target(self):
        return self.current_due_date is not None or self.current_due_precision != Precision.NONE

    def is_overdue(self, today):
        """Row form of HomeOfficeResponseQuerySet.overdue(). A list's items are tracked: asked last,
        it costs no query for them."""
        return self.days_overdue(today) is not None and self.tracked

    def is_at_risk(self, today):
        """Open, due within 30 days, and no progress update on it in the last 90 (at_risk_on is the
        QuerySet form). Reads the recommendation's progress updates: prefetch them for a list."""
        first, last, quiet_since = _at_risk_window(today)
        if not (self.is_open_item and self.current_due_date and first <= self.current_due_date <= last):
            return False
        return not any(
            update.reported_on is not None
            and update.reported_on >= quiet_since
            and update.sub_element_id in (None, self.sub_element_id)
            for update in self.recommendation.progress_updates.all()
        )

    def refresh_current_target(self):
        """Store the current target and the number of revisions, writing only on change. Not recorded
        in the history: the target revision that moved it is."""
        current = self.derived_target()
        if current != tuple(getattr(self, name) for name in CURRENT_TARGET):
            for name, value in zip(CURRENT_TARGET, current, strict=True):
                setattr(self, name, value)
            HomeOfficeResponse.objects.filter(pk=self.pk).update(**dict(zip(CURRENT_TARGET, current, strict=True)))

    @property
    def slippage_days(self):
        """Current due date minus original; None when the original was never recorded."""
        if self.due_date is None or self.current_due_date is None:
            return None
        return (self.current_due_date - self.due_date).days

    def days_overdue(self, today, against_original=False):
        """Days an open item is late by its current target, or, `against_original`, by its original
        one; None unless it is open and late by its current target."""
        if not self.is_open_item or self.current_due_date is None or self.current_due_date >= today:
            return None
        due = self.due_date if against_original else self.current_due_date
        return (today - due).days if due is not None and due < today else None


def close_when_every_item_is(recommendation_id):
    """Close the recommendation once the Home Office has closed each of its tracked items: on the
    latest item's date, with every item's evidence. Not again once it is closed."""
    # Locked, so two items closed at once cannot both miss that they were the last.
    recommendation = (
        Recommendation.objects.select_related("inspection").select_for_update(of=("self",)).get(pk=recommendation_id)
    )
    items = list(recommendation.responses.tracked().select_related("sub_element"))
    if recommendation.ho_status == Recommendation.HomeOfficeStatus.CLOSED or not all(i.is_closed for i in items):
        return
    for item in items:
        item.recommendation = recommendation
    latest = max(items, key=lambda item: item.closed_on)
    evidence = "\n\n".join(f"Closed ({i.reference}) on {i.closed_in_words}: {i.closure_evidence}" for i in items)
    recommendation._change_reason = "Every element with its own target closed"
    recommendation.close(latest.closed_on, evidence, latest.closed_precision)


class TargetRevision(PlausibleDates, models.Model):
    """One extension: a ledger row that is never edited away. The original
    target stays on the response; the current target is the latest revision."""

    response = models.ForeignKey(HomeOfficeResponse, on_delete=models.PROTECT, related_name="revisions")
    # The response's recommendation, so the admin can list revisions on the
    # recommendation page; save() always copies it from the response.
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.PROTECT, related_name="target_revisions", editable=False
    )
    previous_target_text = models.CharField(max_length=300, blank=True, editable=False)
    previous_due_date = models.DateField(null=True, editable=False)
    previous_due_precision = target_precision_field(editable=False)
    new_target_text = models.CharField(
        "new target as written", max_length=300, help_text='e.g. "an extension until 31 March 2026".'
    )
    new_due_date = models.DateField(null=True, blank=True, help_text=TARGET_PRECISION_HELP)
    new_due_precision = target_precision_field(help_text=TARGET_PRECISION_HELP)
    reason = models.TextField(blank=True)
    requested_by = models.CharField("who asked", max_length=200, blank=True)
    agreed_by = models.CharField("who agreed", max_length=200, blank=True)
    agreed_on = models.DateField("when agreed", null=True, blank=True)
    agreed_precision = fact_precision_field()
    source = models.CharField(max_length=300, blank=True, help_text="The document or update it came from.")
    details_not_stated = models.BooleanField(
        "the source does not state all of these",
        default=False,
        help_text="Tick only when the source leaves out the reason, who asked, who agreed or when; name the source.",
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    # An extension is traceable (DOMAIN.md: never "extended without trace"): its reason, who asked,
    # who agreed and when, or a named source that does not say.
    REQUIRED_DETAILS = {
        "reason": "Enter the reason for the extension",
        "requested_by": "Enter who asked for the extension",
        "agreed_by": "Enter who agreed the extension",
        "agreed_on": "Enter when the extension was agreed (the month is enough)",
    }

    class Meta:
        ordering = ["response", "recorded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                name="revision_traceable",
                condition=Q(details_not_stated=True) & ~Q(source="")
                | ~Q(reason="") & ~Q(requested_by="") & ~Q(agreed_by="") & Q(agreed_on__isnull=False),
                violation_error_message=(
                    "Give the reason, who asked, who agreed and when; or, where the source does not say, "
                    "tick that box and name the source."
                ),
            ),
        ]

    def __str__(self):
        return f"Extension of {self.response.reference or 'the response'} to {self.new_target_text}"

    @transaction.atomic
    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError("A target revision is never changed: record a new revision instead.")
        # Read the current target from the database, locked, not from a possibly stale instance.
        response = HomeOfficeResponse.objects.select_for_update().get(pk=self.response_id)
        self.recommendation_id = response.recommendation_id
        self.previous_target_text = response.current_target_text
        self.previous_due_date = response.current_due_date
        self.previous_due_precision = response.current_due_precision
        self.new_due_date, self.new_due_precision = derive_due(
            self.new_target_text, self.new_due_date, self.new_due_precision
        )
        super().save(*args, **kwargs)

    def clean(self):
        if self.response_id and self.recommendation_id and self.response.recommendation_id != self.recommendation_id:
            raise ValidationError({"response": "Choose a response to this recommendation."})
        if self.details_not_stated:
            if not self.source.strip():
                raise ValidationError({"source": "Name the source that does not state them."})
        else:
            missing = {
                name: f"{message}, or tick “the source does not state all of these” and name the source."
                for name, message in self.REQUIRED_DETAILS.items()
                if getattr(self, name) in (None, "") or not str(getattr(self, name)).strip()
            }
            if missing:
                raise ValidationError(missing)

    @property
    def agreed(self):
        return describe(self.agreed_on, self.agreed_precision)


class ProgressUpdate(PlausibleDates, models.Model):
    """A dated report on a recommendation, from the Home Office or a later inspection."""

    class Reporter(models.TextChoices):
        HOME_OFFICE = "home_office", "Home Office"
        INSPECTORATE = "inspectorate", "Inspectorate"

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="progress_updates")
    sub_element = models.ForeignKey(
        "recommendations.SubElement",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="progress_updates",
        help_text="Only if the update concerns one element.",
    )
    reported_on = models.DateField(null=True, blank=True, help_text="Leave empty if the documents do not date it.")
    reported_precision = fact_precision_field()
    reported_by = models.CharField(max_length=12, choices=Reporter.choices, default=Reporter.HOME_OFFICE)
    source = models.CharField(max_length=300, help_text='e.g. "ICIBI recommendation update".')
    text = models.TextField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["recommendation", "reported_on", "pk"]

    def __str__(self):
        return f"Update on {self.recommendation}: {self.reported or 'undated'}"

    def clean(self):
        if self.sub_element_id and self.sub_element.recommendation_id != self.recommendation_id:
            raise ValidationError({"sub_element": "Choose an element of this recommendation."})

    @property
    def reported(self):
        return describe(self.reported_on, self.reported_precision)


def with_responses(recommendations):
    """`recommendations` with their responses (each with its element and extensions) and progress
    updates, as their pages show them, in a fixed number of queries."""
    return recommendations.prefetch_related(
        models.Prefetch(
            "responses", queryset=HomeOfficeResponse.objects.select_related("sub_element").prefetch_related("revisions")
        ),
        models.Prefetch("progress_updates", queryset=ProgressUpdate.objects.select_related("sub_element")),
    )
