import re
import secrets
from collections import namedtuple
from datetime import timedelta
from functools import cached_property

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.db.models import Count, Exists, F, Min, OuterRef, Q
from django.db.models.functions import Coalesce, ExtractYear
from django.http import QueryDict
from simple_history.models import HistoricalRecords

from icibi_tracker import clock, data_version
from icibi_tracker.audit import Versioned
from icibi_tracker.dates import (
    FactPrecision,
    PlausibleDates,
    describe,
    fact_precision_field,
    start_of_period,
)
from icibi_tracker.wording import age_in_words
from inspections.models import Inspection

from . import choices, restatement, rules
from .choices import Category
from .exports import ALL_MONTHS


class Owner(models.Model):
    """A Home Office directorate or team accountable for recommendations."""

    name = models.CharField(max_length=150, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Theme(models.Model):
    name = models.CharField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class RecommendationQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("inspection", "owner")

    def for_detail(self):
        """Recommendations with their own parts for their pages, in a fixed number of queries
        (responses.models.with_responses adds the responses and progress updates)."""
        return self.for_list().prefetch_related("themes", "sub_elements__restates__inspection")

    def within(self, inspections, to_attr):
        """`inspections`, each with those of these recommendations that are its own as `to_attr`."""
        return inspections.prefetch_related(models.Prefetch("recommendations", queryset=self, to_attr=to_attr))

    def inspections_awaiting_response(self):
        """The inspections with recommendations that have no response recorded, newest first, each
        with those recommendations as `awaiting`."""
        waiting = self.awaiting_response()
        # Exists, not a join made distinct: counting a page's worth costs a look-up per inspection.
        inspections = Inspection.objects.filter(Exists(waiting.filter(inspection=OuterRef("pk")))).newest_first()
        return waiting.within(inspections, "awaiting")

    def open(self):
        """Open as managers count it: blocked recommendations are still open."""
        return self.filter(rules.open_q())

    def overdue(self, today):
        """Open, with at least one tracked item whose current target is before today."""
        return self.filter(rules.overdue_q(today))

    def due_within(self, days, today):
        """Open, with a tracked item due between today and `days` days from today."""
        return self.filter(rules.due_within_q(days, today))

    def next_due_within(self, days, today):
        """Due within `days` and not overdue: open, with its next due date in the window. The same as
        due_within() less the overdue (the next due date is the earliest of its items'), read from
        one indexed column."""
        return self.filter(rules.open_q(), next_due_date__gte=today, next_due_date__lte=today + timedelta(days=days))

    def open_without_target(self):
        """Open with no target date at all: its own bucket, never "on track"."""
        return self.filter(rules.open_without_target_q())

    def disputed(self):
        return self.filter(status=Recommendation.Status.DISPUTED)

    def awaiting_response(self):
        return self.filter(status=Recommendation.Status.AWAITING_RESPONSE)

    def closed_since(self, day):
        """Closed by the Home Office on or after `day` (disputed ones too: the Home Office closed them)."""
        return self.filter(ho_status=Recommendation.HomeOfficeStatus.CLOSED, closed_on__gte=day)

    def restated_since(self, day):
        """Re-stated, in whole or in an element, by a report published on or after `day`."""
        return self.filter(
            Q(restated_by__inspection__published_on__gte=day)
            | Q(restated_by_elements__recommendation__inspection__published_on__gte=day)
        ).distinct()

    def disputed_since(self, day):
        """Disputed by an assessment dated on or after `day`."""
        return self.disputed().filter(assessed_on__gte=day)

    def headline_figures(self, today, due_days=90):
        """The overview's counts, per recommendation, in one query."""
        return self.aggregate(
            open=Count("pk", filter=rules.open_q()),
            overdue=Count("pk", filter=rules.overdue_q(today)),
            due_soon=Count("pk", filter=rules.due_within_q(due_days, today)),
            no_target=Count("pk", filter=rules.open_without_target_q()),
            blocked=Count("pk", filter=Q(status=Recommendation.Status.BLOCKED)),
            disputed=Count("pk", filter=Q(status=Recommendation.Status.DISPUTED)),
            awaiting_response=Count("pk", filter=Q(status=Recommendation.Status.AWAITING_RESPONSE)),
            closed_last_year=Count(
                "pk", filter=Q(ho_status=Recommendation.HomeOfficeStatus.CLOSED, closed_on__gte=year_before(today))
            ),
            priority_open=Count("pk", filter=rules.open_q() & Q(priority=True)),
        )

    def overdue_by_owner(self, today):
        """Per owner: open recommendations, overdue ones, and the longest overdue in days, in one query.
        Those with no owner recorded are a row of their own, last (owner_id None)."""
        overdue = rules.overdue_q(today)
        by_owner = (
            self.open()
            .order_by()
            .values_list("owner", "owner__name")
            .annotate(
                open=Count("pk"), overdue=Count("pk", filter=overdue), earliest=Min("next_due_date", filter=overdue)
            )
        )
        rows = [
            {
                "owner_id": owner_id,
                "owner": owner or "",
                "open": open_count,
                "overdue": overdue_count,
                "longest_overdue_days": (today - earliest).days if earliest else None,
            }
            for owner_id, owner, open_count, overdue_count, earliest in by_owner
        ]
        return sorted(rows, key=lambda row: (row["owner_id"] is None, -row["overdue"], -row["open"], row["owner"]))

    @transaction.atomic
    def assign_owner(self, owner, reason):
        """Give each recommendation `owner`. One save each, so every change raises the version (a
        stale copy is refused) and is in the audit history with `reason`; returns how many changed."""
        # Lock only the recommendations' rows: a list's joins (the nullable owner) cannot be locked on PostgreSQL.
        changed = list(self.select_related(None).exclude(owner=owner).order_by("pk").select_for_update(of=("self",)))
        for recommendation in changed:
            recommendation.owner = owner
            recommendation._change_reason = reason
            recommendation.save(update_fields=["owner"])
        return len(changed)

    def status_counts(self):
        """Recommendations per status, every status present even when none."""
        counts = dict(self.order_by().values_list("status").annotate(n=Count("pk")))
        return {status: counts.get(status, 0) for status in Recommendation.Status}

    def acceptance_by_year(self):
        """Per year the report (else its response) was published: recommendations per category.
        Reports with neither date fall under None, "year not recorded"."""
        year = ExtractYear(Coalesce("inspection__published_on", "inspection__response_published_on"))
        rows = (
            self.exclude(category="")
            .order_by()
            .annotate(year=year)
            .values_list("year", "category")
            .annotate(n=Count("pk"))
        )
        table = {}
        for year, category, n in rows:
            table.setdefault(year, dict.fromkeys(Category, 0))[category] = n
        return dict(sorted(table.items(), key=lambda row: (row[0] is None, -(row[0] or 0))))

    def restatement_id_chains(self, containing=None):
        """Re-statement chains as lists of ids, first made first; with the letters of the elements that
        re-state ({(later, earlier): "e"}). Worked out from every re-statement once per version of the
        data (two small queries, then the chains in Python), so pages that show chains stay cheap."""
        id_chains, letters = data_version.cached(self._every_restatement_id_chain, "restatement-chains")
        if containing is not None:
            return [restatement.chain_containing(id_chains, containing.pk)], letters
        return id_chains, letters

    @staticmethod
    def _every_restatement_id_chain():
        direct = Recommendation.objects.filter(restates__isnull=False).values_list("pk", "restates_id")
        via_elements = SubElement.objects.filter(restates__isnull=False).values_list(
            "recommendation_id", "restates_id", "letter"
        )
        letters = {(later, earlier): letter for later, earlier, letter in via_elements}
        return restatement.chains(list(direct) + list(letters)), letters

    def linked(self, id_chains, letters):
        """The chains' recommendations, in one query. Each link carries `restated_element`: the
        letter of its element that re-states the link before it ("e" for 2e), or ""."""
        links = self.for_list().in_bulk([pk for chain in id_chains for pk in chain])
        result = []
        for chain in id_chains:
            result.append([links[pk] for pk in chain])
            for earlier, later in zip([None, *chain], chain, strict=False):
                links[later].restated_element = letters.get((later, earlier), "")
        return result

    def restatement_chains(self, containing=None):
        """Re-statement chains as lists of recommendations, first made first, in three queries."""
        return self.linked(*self.restatement_id_chains(containing))


def year_before(today):
    """The same day a year earlier (28 February for 29 February): the start of "the last 12 months"."""
    try:
        return today.replace(year=today.year - 1)
    except ValueError:
        return today.replace(year=today.year - 1, day=28)


class RestatementChain:
    """One recommendation made again and again: from the first time to the latest."""

    def __init__(self, links, today):
        self.links = links
        self.latest = links[-1]
        self.first_made = links[0].inspection
        self.times_made = len(links)
        self.age = age_in_words(self.first_made.published_on, today) if self.first_made.published_on else None


NUMBER_UNIQUE = "recommendation_number_unique_in_inspection"
# A recommendation's derived fields, in the order Recommendation.derived() gives them.
DERIVED_ORDER = ("category", "status", "next_due_date")

# A recommendation that a page names, with its inspection.
Link = namedtuple("Link", "pk label inspection")


def store_derived(instance, derived, save_options):
    """Set the `derived` values ({field: value}) on `instance` before it is written; a save of some
    fields (update_fields) also writes the derived ones that changed with them."""
    if save_options.get("update_fields") is not None:
        changed = {name for name, value in derived.items() if getattr(instance, name) != value}
        save_options["update_fields"] = {*save_options["update_fields"], *changed}
    for name, value in derived.items():
        setattr(instance, name, value)


class StaysWithItsRecommendation(models.Model):
    """A part of one recommendation (an element, a response) that is never moved to another: the
    old one's derived status and the target revisions recorded against it would still count it.
    To move one, delete it and add it to the right recommendation."""

    moved_message = "This cannot be moved to another recommendation."

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.refuse_move()
        super().save(*args, **kwargs)
        self._stored_recommendation_id = self.recommendation_id

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._stored_recommendation_id = dict(zip(field_names, values, strict=False)).get("recommendation_id")
        return instance

    def refuse_move(self):
        stored = getattr(self, "_stored_recommendation_id", None)
        if not self._state.adding and stored is not None and self.recommendation_id != stored:
            raise ValidationError({"recommendation": self.moved_message}, code="moved")


class Recommendation(PlausibleDates, Versioned):
    """A numbered recommendation of an ICIBI report, with the Home Office's
    own status and, kept apart, the inspectorate's later assessment."""

    Status = choices.Status
    HomeOfficeStatus = choices.HomeOfficeStatus
    Assessment = choices.Assessment

    OPEN_STATUSES = choices.OPEN_STATUSES
    NOT_FULLY_IMPLEMENTED = choices.NOT_FULLY_IMPLEMENTED

    inspection = models.ForeignKey("inspections.Inspection", on_delete=models.CASCADE, related_name="recommendations")
    number = models.PositiveIntegerField(
        null=True, blank=True, help_text="Leave empty when the documents do not give the number."
    )
    text = models.TextField(blank=True, help_text="The recommendation as written, with any lead-in.")
    owner = models.ForeignKey(
        Owner,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recommendations",
        help_text="The accountable Home Office directorate or team, where a document names one.",
    )
    restates = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="restated_by",
        help_text="The earlier recommendation this one repeats.",
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="recommendations")
    priority = models.BooleanField(default=False, help_text="Flag the few that managers should watch.")
    review_note = models.CharField(
        max_length=500, blank=True, help_text="What a person must check (left by an import or by staff)."
    )

    # The Home Office's own view.
    ho_status = models.CharField(
        "Home Office status", max_length=8, choices=HomeOfficeStatus.choices, blank=True, default=""
    )
    closed_on = models.DateField(null=True, blank=True)
    closed_precision = fact_precision_field()
    closure_evidence = models.TextField(blank=True)
    blocked_by = models.CharField(
        max_length=200, blank=True, help_text="The body it waits on: a department, a minister, a contractor."
    )

    # The inspectorate's view, from a later inspection or review.
    assessment = models.CharField(max_length=24, choices=Assessment.choices, default=Assessment.NOT_ASSESSED)
    assessed_on = models.DateField(null=True, blank=True)
    assessed_precision = fact_precision_field()
    assessment_source = models.CharField(max_length=300, blank=True)
    assessment_note = models.TextField(blank=True)

    # Derived (rules.py) from the responses, the statuses and re-statements; kept right by save()
    # and the signals, and after loads by derivation.py, so lists can filter in SQL.
    category = models.CharField(max_length=20, choices=Category.choices, blank=True, editable=False)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.AWAITING_RESPONSE, editable=False, db_index=True
    )
    # The earliest current target of its responses: overdue is "open and next due before today",
    # a range the dashboards count from an index.
    next_due_date = models.DateField(null=True, editable=False)

    DERIVED_FIELDS = frozenset(DERIVED_ORDER)

    objects = RecommendationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["inspection", F("number").asc(nulls_last=True), "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "number"],
                name=NUMBER_UNIQUE,
                violation_error_message="This inspection already has a recommendation with this number.",
            ),
            models.CheckConstraint(
                name="recommendation_number_positive",
                condition=Q(number__isnull=True) | Q(number__gte=1),
                violation_error_message="A recommendation number starts at 1.",
            ),
            models.CheckConstraint(
                name="recommendation_closed_has_date",
                condition=~Q(ho_status="closed") | Q(closed_on__isnull=False),
                violation_error_message="Give the date the Home Office closed it (the month is enough).",
            ),
            models.CheckConstraint(
                name="recommendation_closed_has_evidence",
                condition=~Q(ho_status="closed") | ~Q(closure_evidence=""),
                violation_error_message=(
                    "Say what shows it was closed: the evidence, or where the Home Office reported the closure."
                ),
            ),
            models.CheckConstraint(
                name="recommendation_assessment_dated_and_sourced",
                condition=Q(assessment="not_assessed") | Q(assessed_on__isnull=False) & ~Q(assessment_source=""),
                violation_error_message=(
                    "An assessment needs the date it was made and its source (the inspection or review)."
                ),
            ),
            models.CheckConstraint(
                name="recommendation_blocked_names_body",
                condition=~Q(ho_status="blocked") | ~Q(blocked_by=""),
                violation_error_message="Name the body it is blocked by.",
            ),
            models.CheckConstraint(
                name="recommendation_does_not_restate_itself",
                condition=Q(restates__isnull=True) | ~Q(restates=F("pk")),
                violation_error_message="A recommendation cannot re-state itself.",
            ),
        ]
        indexes = [
            # Dashboards: counts by status per owner.
            models.Index(fields=["owner", "status"], name="rec_owner_status_idx"),
            # Dashboards: open and overdue, by status then next due date.
            models.Index(fields=["status", "next_due_date"], name="rec_status_next_due_idx"),
            # A team's page: its open recommendations, overdue and due soon, soonest first.
            models.Index(
                fields=["owner", "next_due_date", "id"], condition=rules.open_q(), name="rec_open_owner_due_idx"
            ),
        ]

    def __str__(self):
        return f"{self.inspection}, recommendation {self.reference}"

    @property
    def reference(self):
        return str(self.number) if self.number else "(number not given)"

    def clean(self):
        errors = {}
        if self.ho_status == self.HomeOfficeStatus.CLOSED:
            if self.closed_on is None:
                errors["closed_on"] = "Give the date the Home Office closed it (the month is enough)."
            elif start_of_period(self.closed_on, self.closed_precision) > clock.today():
                errors["closed_on"] = "The closure date is in the future: enter the date it was closed."
            if not self.closure_evidence.strip():
                errors["closure_evidence"] = (
                    "Say what shows it was closed: the evidence, or where the Home Office reported the closure."
                )
        if self.assessment != self.Assessment.NOT_ASSESSED:
            if self.assessed_on is None:
                errors["assessed_on"] = "Enter the date of the assessment (the month is enough)."
            elif start_of_period(self.assessed_on, self.assessed_precision) > clock.today():
                errors["assessed_on"] = "The assessment date is in the future: enter the date it was made."
            if not self.assessment_source.strip():
                errors["assessment_source"] = "Name the inspection or review the assessment comes from."
        if errors:
            raise ValidationError(errors)

    @staticmethod
    def duplicate_number_error(number):
        return ValidationError(
            "Recommendation %(number)s already exists in this inspection.",
            code="duplicate_number",
            params={"number": number},
        )

    def validate_constraints(self, exclude=None):
        """As Django does, but a clash of numbers names the number, on the number."""
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict({})
            (unique,) = [c for c in self._meta.constraints if c.name == NUMBER_UNIQUE]
            generic = unique.violation_error_message
            clashes = [e for e in errors.get(NON_FIELD_ERRORS, []) if e.message == generic]
            if clashes:
                errors[NON_FIELD_ERRORS] = [e for e in errors[NON_FIELD_ERRORS] if e not in clashes]
                errors = {k: v for k, v in errors.items() if v}
                errors.setdefault("number", []).append(self.duplicate_number_error(self.number))
            raise ValidationError(errors) from None

    # Derived fields: the rules are in rules.py; these read the facts they need.

    def is_restated(self):
        return self.restated_by.exists() or self.restated_by_elements.exists()

    def derived(self, responses=None, restated=None):
        """(category, status, next due date) from the facts. The responses and whether it is re-stated
        are read from the database unless given (the bulk derivation gives them, read in batches)."""
        if self._state.adding:
            responses, restated = [], False  # nothing can point at a row not yet written
        responses = list(self.responses.all()) if responses is None else responses
        category = rules.category((r.sub_element_id is not None, r.category) for r in responses)
        status = rules.status(
            restated=self.is_restated() if restated is None else restated,
            ho_status=self.ho_status,
            assessment=self.assessment,
            category=category,
            response_published=self.inspection.response_published_on is not None,
        )
        return category, status, rules.next_due_date((r.current_due_date, r.closed_on) for r in responses)

    def save(self, *args, **kwargs):
        # Derive once, before writing, so the row and its history agree; a save of some fields
        # also writes the derived ones that changed with them.
        store_derived(self, dict(zip(DERIVED_ORDER, self.derived(), strict=True)), kwargs)
        super().save(*args, **kwargs)

    def refresh_status(self):
        """Store the derived fields, writing (and recording in the history) only when they changed."""
        derived = self.derived()
        if derived != tuple(getattr(self, name) for name in DERIVED_ORDER):
            self.category, self.status, self.next_due_date = derived
            super().save(update_fields=DERIVED_ORDER)  # derived just now: not again in save()

    @property
    def is_open(self):
        return rules.is_open(self.status)

    @property
    def status_tag_colour(self):
        return choices.STATUS_TAG_COLOURS[self.status]

    @property
    def is_blocked(self):
        return self.status == self.Status.BLOCKED

    @property
    def is_disputed(self):
        """Row form of RecommendationQuerySet.disputed()."""
        return self.status == self.Status.DISPUTED

    @property
    def is_superseded(self):
        return self.status == self.Status.SUPERSEDED

    @property
    def home_office_reports_blocked(self):
        """What the Home Office says, whatever the status (a blocked recommendation may since be superseded)."""
        return self.ho_status == self.HomeOfficeStatus.BLOCKED

    def is_overdue(self, today):
        """Row form of RecommendationQuerySet.overdue()."""
        return rules.is_overdue(self.status, self.next_due_date, today)

    def is_due_within(self, days, today):
        """Row form of RecommendationQuerySet.due_within()."""
        items = ((r.current_due_date, r.closed_on) for r in self.responses.all())
        return rules.is_due_within(self.status, items, days, today)

    def is_open_without_target(self):
        """Row form of RecommendationQuerySet.open_without_target()."""
        return rules.is_open_without_target(self.status, self.next_due_date)

    @transaction.atomic
    def close(self, on, evidence, precision=FactPrecision.DAY):
        self.ho_status = self.HomeOfficeStatus.CLOSED
        self.closed_precision = precision
        self.closed_on = on  # save() keeps the last day of the stated period
        self.closure_evidence = evidence
        self.save(update_fields=["ho_status", "closed_on", "closed_precision", "closure_evidence"])

    @property
    def closed_in_words(self):
        return describe(self.closed_on, self.closed_precision)

    @cached_property
    def superseded_by(self):
        """The later recommendations that re-state this one, or re-state it in an element, as links."""
        direct = self.restated_by.select_related("inspection")
        elements = self.restated_by_elements.select_related("recommendation__inspection")
        return [Link(r.pk, str(r), r.inspection) for r in direct] + [
            Link(e.recommendation_id, str(e), e.recommendation.inspection) for e in elements
        ]

    # Re-statement.

    def restatement_chain(self):
        """Every link from the first time the recommendation was made to the latest."""
        return Recommendation.objects.restatement_chains(containing=self)[0]


class SubElement(StaysWithItsRecommendation, Versioned):
    """A lettered part of a recommendation (a, b, c ...) with its own text."""

    moved_message = "An element cannot be moved to another recommendation: delete it here and add it to the right one."

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="sub_elements")
    letter = models.CharField(max_length=2, help_text="a, b, c ... as lower-case letters.")
    text = models.TextField()
    restates = models.ForeignKey(
        Recommendation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="restated_by_elements",
        help_text="The earlier recommendation this element repeats.",
    )
    review_note = models.CharField(
        max_length=500,
        blank=True,
        help_text="What a person must check, e.g. a category stated only in prose.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["recommendation", "letter"]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "letter"],
                name="sub_element_letter_unique_in_recommendation",
                violation_error_message="This recommendation already has an element with this letter.",
            ),
            models.CheckConstraint(
                name="sub_element_letter_lower_case",
                condition=Q(letter__regex=r"^[a-z]{1,2}$"),
                violation_error_message="Use one or two lower-case letters, e.g. a or b.",
            ),
        ]

    def __str__(self):
        return f"{self.recommendation.inspection}, recommendation {self.reference}"

    @property
    def reference(self):
        return f"{self.recommendation.number or ''}{self.letter}"

    def clean(self):
        self.refuse_move()
        self.letter = (self.letter or "").strip().strip("().").lower()


# Enough for every filter a person watches; the page that lists them stays short.
FEEDS_PER_PERSON = 20


class CalendarFeedQuerySet(models.QuerySet):
    def of(self, user):
        return self.filter(user=user).order_by("created_at", "pk")

    def at(self, secret):
        """The feed a secret address opens, if its person is still active; else None."""
        if not re.fullmatch(r"[A-Za-z0-9_-]{1,64}", secret):
            return None  # never a secret we issued; PostgreSQL would refuse a NUL in the query
        return self.select_related("user").filter(token=secret, user__is_active=True).first()


class CalendarFeed(models.Model):
    """A saved due-list filter as a calendar with a secret address: calendar apps cannot sign in,
    so the address itself is the key. A person has one per filter they watch, each revoked on its own."""

    user = models.ForeignKey("auth.User", on_delete=models.CASCADE, related_name="calendar_feeds")
    token = models.CharField(max_length=64, unique=True)
    # Empty: named after its filter, so the name says what the calendar shows.
    name = models.CharField(max_length=100, blank=True)
    # The due list's filter as a query string; empty for the addresses made before feeds were saved.
    query = models.CharField(max_length=2000, blank=True)
    # The filter in words when it was saved, so a list of feeds reads without a query per feed.
    description = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CalendarFeedQuerySet.as_manager()

    def __str__(self):
        return f"Calendar feed of {self.user}: {self.title}"

    @property
    def title(self):
        return self.name or self.description

    @property
    def shows_every_date(self):
        return QueryDict(self.query).get("months") == ALL_MONTHS

    def parameters(self, address):
        """The saved filter; the address's own parameters fill in only what it leaves unsaid, as the
        addresses made before feeds were saved carry their filter there."""
        parameters = address.copy()
        for key, values in QueryDict(self.query).lists():
            parameters.setlist(key, values)
        return parameters

    @classmethod
    def issue(cls, user, name="", query="", description=""):
        """A new feed for `user` with a secret address of its own."""
        return cls.objects.create(
            user=user, token=secrets.token_urlsafe(32), name=name, query=query, description=description
        )
