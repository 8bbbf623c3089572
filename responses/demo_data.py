"""Synthetic demo data: realistic, clearly marked inspections for trying the tracker at any size.

Everything written here is marked synthetic (slugs start "synthetic-", titles
"Synthetic:", business area "Synthetic demo data", owners "Synthetic
directorate ..."), so it never passes for the real data and `delete()` removes
exactly it. Rows go in with bulk_create, which skips save() and the signals,
so the derived fields (status, category, current target and number of
extensions, a revision's previous target) are computed here by the model
layer's own rules (rules.py) on the rows held in memory;
tests/test_generate_demo_data.py checks that they agree.
"""

import datetime
import functools
import random
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q

from icibi_tracker.dates import FactPrecision, end_of_period
from inspections.models import Inspection
from recommendations import rules
from recommendations.choices import Category
from recommendations.models import Owner, Recommendation, SubElement

from .models import HomeOfficeResponse, ProgressUpdate, TargetRevision
from .targets import parse_target

# The date the domain document's examples are written against: data spread
# around it has overdue, due-soon and future items.
DEMO_TODAY = datetime.date(2026, 11, 23)
FIRST_PUBLISHED = datetime.date(2015, 1, 1)
LAST_TARGET = datetime.date(2028, 12, 31)

SLUG_PREFIX = "synthetic-"
TITLE_PREFIX = "Synthetic:"
BUSINESS_AREA = "Synthetic demo data"
OWNER_PREFIX = "Synthetic directorate"
OWNER_NAMES = [
    f"{OWNER_PREFIX} {name}"
    for name in (
        "A: border security",
        "B: asylum operations",
        "C: immigration enforcement",
        "D: visas and citizenship",
        "E: detention and returns",
        "F: data and digital",
        "G: workforce and training",
        "H: policy and legislation",
    )
]

# Recommendations per batch of inspections written together: bounded memory, few round trips.
BATCH_RECOMMENDATIONS = 5000
BULK_SIZE = 1000

SUBJECTS = (
    "asylum casework",
    "Border Force refusals",
    "clandestine entrants",
    "illegal working enforcement",
    "detention reviews",
    "visa decision quality",
    "the EU Settlement Scheme",
    "immigration bail",
    "civil penalties",
    "family returns",
    "e-gates at the border",
    "country of origin information",
)
ACTIONS = (
    "Review the guidance on {} and publish it",
    "Introduce quality assurance of decisions on {}",
    "Set and publish a service standard for {}",
    "Record and analyse management information on {}",
    "Train all staff who work on {}",
    "Agree clear governance and ownership of {}",
    "Evaluate the outcomes of {} and act on the findings",
    "Consult stakeholders on changes to {}",
)
NARRATIVES = {
    Category.ACCEPTED: "Synthetic: The Home Office accepts this recommendation and will act on it.",
    Category.PARTIALLY_ACCEPTED: "Synthetic: The Home Office accepts part of this recommendation; see the narrative.",
    Category.NOT_ACCEPTED: "Synthetic: The Home Office does not accept this recommendation.",
    "": "Synthetic: The response category was not recorded; a later update says the work is open.",
}
EXTENSION_REASONS = (
    "Dependent on the new casework system.",
    "Delayed by competing operational priorities.",
    "Awaiting ministerial agreement.",
    "Needs legislation first.",
    "The contractor's delivery slipped.",
)
BLOCKERS = (
    "Synthetic: another government department",
    "Synthetic: a ministerial decision",
    "Synthetic: the IT contractor",
    "Synthetic: legislation before Parliament",
)

CATEGORIES = (Category.ACCEPTED, Category.PARTIALLY_ACCEPTED, Category.NOT_ACCEPTED)
CATEGORY_WEIGHTS = (70, 25, 5)
# How the Home Office answers a recommendation with elements: as a whole, per
# element (each with its own target), or both (one target, element categories only).
RESPONSE_SHAPES = ("whole", "elements", "both")
RESPONSE_SHAPE_WEIGHTS = (50, 35, 15)
ASSESSMENTS = (
    Recommendation.Assessment.IMPLEMENTED,
    Recommendation.Assessment.PARTIALLY_IMPLEMENTED,
    Recommendation.Assessment.NOT_IMPLEMENTED,
)
RESTATE_SHARE = 0.03
RESTATABLE = (
    Recommendation.Status.OPEN,
    Recommendation.Status.BLOCKED,
    Recommendation.Status.CLOSED,
    Recommendation.Status.DISPUTED,
)
# What rules.status() gives any re-stated recommendation, whatever its other facts.
SUPERSEDED = rules.status(restated=True, ho_status="", assessment="", category="", response_published=False)
# Earlier recommendations kept per year for re-stating: enough for a million (as ids once written).
POOL_PER_YEAR = 20000


def _ordinal(n):
    return ("first", "second", "third", "fourth")[n - 1]


def _financial_year(day):
    """The first calendar year of the UK financial year (April to March) that `day` falls in."""
    return day.year if day.month >= 4 else day.year - 1


def _fy(start):
    return f"{start}/{(start + 1) % 100:02d}"


def _third(day):
    """Early, mid or late: the third of the year `day` falls in (January to April, May to August, September on)."""
    return ("early", "mid", "late")[(day.month - 1) // 4]


def _season(day):
    """The season `day` falls in and the year the Home Office would write with it ("winter 2026" ends February 2027)."""
    name = ("winter", "spring", "summer", "autumn")[day.month % 12 // 3]
    return name, day.year - 1 if day.month <= 2 else day.year


# Targets as the Home Office writes them, each form producing a period that
# contains the wanted day; parse_target() then gives the due date and precision.
TARGET_FORMS = {
    "day": (
        lambda d: f"by {d.day} {d:%B %Y}",
        lambda d: f"Date of implementation: {d.day} {d:%B %Y}",
    ),
    "month": (
        lambda d: f"by the end of {d:%B %Y}",
        lambda d: f"Accepted - {d:%B %Y}",
        lambda d: f"Date of implementation: {d:%B %Y}",
        lambda d: f"We will aim to complete these actions by {d:%B %Y}",
    ),
    "quarter": (
        lambda d: f"Q{(d.month - 1) // 3 + 1} {d.year}",
        lambda d: f"by the end of the {_ordinal((d.month - 1) // 3 + 1)} quarter of {d.year}",
    ),
    "financial quarter": (lambda d: f"Q{(d.month - 4) % 12 // 3 + 1} of financial year {_fy(_financial_year(d))}",),
    "half": (
        lambda d: f"{_ordinal((d.month - 1) // 6 + 1)} half of {d.year}",
        lambda d: f"H{(d.month - 1) // 6 + 1} {d.year}",
    ),
    "season": (
        lambda d: "by {} {}".format(*_season(d)),
        lambda d: "{} {}".format(*_season(d)).capitalize(),
    ),
    "third": (
        lambda d: f"{_third(d)} {d.year}",
        lambda d: f"by {_third(d)}-{d.year}" if _third(d) == "mid" else f"by {_third(d)} {d.year}",
    ),
    "year": (
        lambda d: f"by the end of {d.year}",
        lambda d: f"during {d.year}",
    ),
    "financial year": (
        lambda d: f"{_financial_year(d)} to {_financial_year(d) + 1}",
        lambda d: f"FY {_financial_year(d)}-{(_financial_year(d) + 1) % 100:02d}",
        lambda d: f"by the end of the {_fy(_financial_year(d))} financial year",
    ),
    "none": (
        lambda d: "as soon as possible",
        lambda d: "ongoing",
        lambda d: "within three months of the introduction of the new casework system",
    ),
    "unknown": (
        lambda d: "following the spending review",
        lambda d: "subject to ministerial agreement",
    ),
}
# Per 100 targets: mostly a month, as in the seed documents, and every other form now and then.
TARGET_SHARES = {
    "day": 12,
    "month": 40,
    "quarter": 8,
    "financial quarter": 3,
    "half": 5,
    "season": 5,
    "third": 5,
    "year": 8,
    "financial year": 6,
    "none": 6,
    "unknown": 2,
}
EXTENSION_FORMS = (
    lambda d: f"an extension until {d.day} {d:%B %Y}",
    lambda d: f"extended to the end of {d:%B %Y}",
    lambda d: f"revised target: Q{(d.month - 1) // 3 + 1} {d.year}",
    lambda d: f"extended to the end of {d.year}",
)

# The same few thousand texts come up again and again: read each once.
read_target = functools.lru_cache(maxsize=None)(parse_target)


def derive(recommendation, responses):
    """Store on `recommendation` its category, status and next due date, by the model layer's rules,
    from its responses held in memory; nothing re-states it yet (one that is re-stated later is
    marked superseded when it is)."""
    recommendation.category = rules.category((r.sub_element is not None, r.category) for r in responses)
    recommendation.status = rules.status(
        restated=False,
        ho_status=recommendation.ho_status,
        assessment=recommendation.assessment,
        category=recommendation.category,
        response_published=recommendation.inspection.response_published_on is not None,
    )
    recommendation.next_due_date = rules.next_due_date((r.current_due_date, r.closed_on) for r in responses)


@dataclass
class Batch:
    """Rows written together, parents first."""

    inspections: list = field(default_factory=list)
    recommendations: list = field(default_factory=list)
    sub_elements: list = field(default_factory=list)
    responses: list = field(default_factory=list)
    revisions: list = field(default_factory=list)
    updates: list = field(default_factory=list)
    # (recommendation or element, the earlier recommendation or its id): linked once both have ids.
    restatements: list = field(default_factory=list)
    # Ids of recommendations written in an earlier batch and re-stated in this one.
    superseded: list = field(default_factory=list)


class Generator:
    """Makes `total` synthetic recommendations in batches, oldest inspection first, from one seeded random source."""

    def __init__(self, total, seed, today, owners, first_number):
        self.random = random.Random(seed)
        self.total = total
        self.today = today
        self.owners = owners
        self.number = first_number
        self.made = 0
        # Earlier recommendations a later one may re-state, by year published: those that
        # re-state nothing, and those that do (picking these makes chains longer). Each is
        # the object until its batch is written, then only its id, so memory stays small.
        self.restatable = {}
        self.chain_ends = {}

    def batches(self):
        """Batches in order; write each before asking for the next."""
        while self.made < self.total:
            batch = Batch()
            goal = min(self.total, self.made + BATCH_RECOMMENDATIONS)
            while self.made < goal:
                self._inspection(batch)
            yield batch
            for year in {inspection.published_on.year for inspection in batch.inspections}:
                for pool in (self.restatable, self.chain_ends):
                    pool[year] = [e if isinstance(e, int) else e.pk for e in pool.get(year, [])]

    def _days(self, low, high):
        return datetime.timedelta(days=self.random.randint(low, high))

    def _between(self, first, last):
        return first + datetime.timedelta(days=self.random.randint(0, max(0, (last - first).days)))

    def _fact(self, day):
        """A past event's date with its precision: sometimes the documents give only the month."""
        month_end = end_of_period(day, FactPrecision.MONTH)
        if month_end <= self.today and self.random.random() < 0.2:
            return month_end, FactPrecision.MONTH
        return day, FactPrecision.DAY

    def _target_text(self, wanted):
        kind = self.random.choices(list(TARGET_SHARES), weights=TARGET_SHARES.values())[0]
        return self.random.choice(TARGET_FORMS[kind])(wanted)

    def _inspection(self, batch):
        rng = self.random
        size = min(rng.randint(2, 12), self.total - self.made)
        # Publication dates follow the order of making, so re-statements point back in time.
        span = (self.today - FIRST_PUBLISHED).days
        published = FIRST_PUBLISHED + datetime.timedelta(days=span * self.made // self.total) + self._days(-20, 20)
        published, published_precision = self._fact(min(max(published, FIRST_PUBLISHED), self.today))
        sent = published - self._days(14, 110)
        fieldwork_end = end_of_period(sent - self._days(30, 120), FactPrecision.MONTH)
        fieldwork_start = (fieldwork_end - self._days(60, 200)).replace(day=1)
        # Half the reports published in the last four months still await their response; a few older ones too.
        recent = (self.today - published).days < 120
        responded_on = None
        if rng.random() < (0.5 if recent else 0.97):
            responded_on = published if rng.random() < 0.6 else min(published + self._days(1, 60), self.today)
        subject = rng.choice(SUBJECTS)
        number = self.number
        self.number += 1
        inspection = Inspection(
            title=f"{TITLE_PREFIX} An inspection of {subject} ({published:%B %Y})",
            short_title=f"Synthetic {number}: {subject}",
            slug=f"{SLUG_PREFIX}{number:07d}",
            business_area=BUSINESS_AREA,
            chief_inspector="Synthetic Chief Inspector",
            fieldwork_start=fieldwork_start,
            fieldwork_end=fieldwork_end,
            sent_on=sent,
            published_on=published,
            published_precision=published_precision,
            response_published_on=responded_on,
            notes="Synthetic demo data made by generate_demo_data: not a real report.",
        )
        batch.inspections.append(inspection)
        for n in range(1, size + 1):
            self._recommendation(batch, inspection, n, subject)

    def _recommendation(self, batch, inspection, number, subject):
        rng = self.random
        letters = "abcde"[: rng.randint(2, 5)] if rng.random() < 0.4 else ""
        actions = rng.sample(ACTIONS, max(1, len(letters)))
        recommendation = Recommendation(
            inspection=inspection,
            number=number,
            text=f"In relation to {subject}, the Home Office should:" if letters else f"{actions[0].format(subject)}.",
            owner=rng.choice(self.owners),
            priority=rng.random() < 0.03,
        )
        elements = [
            SubElement(recommendation=recommendation, letter=letter, text=f"{action.format(subject)}.")
            for letter, action in zip(letters, actions, strict=False)
        ]
        batch.recommendations.append(recommendation)
        batch.sub_elements.extend(elements)
        self.made += 1
        responded_on = inspection.response_published_on
        responses = []
        if responded_on:
            responses = self._responses(batch, recommendation, elements, responded_on)
            # The category first: whether and how the Home Office closes it depends on it.
            derive(recommendation, responses)
            self._home_office_status(recommendation, responses, responded_on)
            self._updates(batch, recommendation, elements, responded_on)
        derive(recommendation, responses)
        restates = self._restate(batch, recommendation, elements, inspection.published_on)
        if recommendation.status in RESTATABLE:
            pool = self.chain_ends if restates else self.restatable
            entries = pool.setdefault(inspection.published_on.year, [])
            if len(entries) < POOL_PER_YEAR:
                entries.append(recommendation)
            else:
                entries[rng.randrange(POOL_PER_YEAR)] = recommendation

    def _responses(self, batch, recommendation, elements, responded_on):
        rng = self.random
        category = rng.choices(CATEGORIES, weights=CATEGORY_WEIGHTS)[0]
        shape = rng.choices(RESPONSE_SHAPES, weights=RESPONSE_SHAPE_WEIGHTS)[0] if elements else "whole"
        responses = []
        if shape != "elements":
            # Now and then a later document shows it open though the category was never recorded.
            recorded = category if rng.random() > 0.02 else ""
            responses.append(self._response(batch, recommendation, None, recorded, responded_on, with_target=True))
        if shape != "whole":
            for element, element_category in zip(
                elements, self._element_categories(category, len(elements)), strict=True
            ):
                responses.append(
                    self._response(
                        batch, recommendation, element, element_category, responded_on, with_target=shape == "elements"
                    )
                )
        return responses

    def _element_categories(self, category, count):
        """Element categories that roll up to `category` (DOMAIN.md: all accepted, all not, else partially)."""
        if category != Category.PARTIALLY_ACCEPTED:
            return [category] * count
        categories = self.random.choices(CATEGORIES, weights=(50, 30, 20), k=count)
        if len(set(categories)) == 1 and categories[0] != Category.PARTIALLY_ACCEPTED:
            categories[0] = Category.PARTIALLY_ACCEPTED
        return categories

    def _response(self, batch, recommendation, element, category, responded_on, with_target):
        text = ""
        if with_target and category != Category.NOT_ACCEPTED:
            text = self._target_text(min(responded_on + self._days(60, 900), LAST_TARGET))
        due, precision = read_target(text)
        response = HomeOfficeResponse(
            recommendation=recommendation,
            sub_element=element,
            category=category,
            narrative=NARRATIVES[category],
            target_text=text,
            due_date=due,
            due_precision=precision,
        )
        response.search_document = response.derive_search_document()
        revisions = []
        if due is not None and due < self.today + datetime.timedelta(days=60) and self.random.random() < 0.2:
            revisions = self._extensions(batch, recommendation, response, (text, due, precision), responded_on)
        current = response.derived_target([(r.new_target_text, r.new_due_date, r.new_due_precision) for r in revisions])
        (
            response.current_target_text,
            response.current_due_date,
            response.current_due_precision,
            response.revision_count,
        ) = current
        batch.responses.append(response)
        return response

    def _extensions(self, batch, recommendation, response, current, responded_on):
        """One to three extensions agreed around each due date; returns them, oldest first."""
        rng = self.random
        agreed = responded_on
        made = []
        for _ in range(rng.randint(1, 3)):
            previous_due = current[1]
            agreed = max(agreed, previous_due - self._days(0, 60))
            wanted = previous_due + self._days(90, 400)
            if agreed > self.today or wanted > LAST_TARGET:
                break
            text = rng.choice(EXTENSION_FORMS)(wanted)
            due, precision = read_target(text)
            made.append(
                TargetRevision(
                    response=response,
                    recommendation=recommendation,
                    previous_target_text=current[0],
                    previous_due_date=current[1],
                    previous_due_precision=current[2],
                    new_target_text=text,
                    new_due_date=due,
                    new_due_precision=precision,
                    reason=rng.choice(EXTENSION_REASONS),
                    requested_by=recommendation.owner.name,
                    agreed_by="Synthetic: ICIBI",
                    agreed_on=agreed,
                    source=f"Synthetic: recommendation update, {agreed:%B %Y}",
                )
            )
            current = (text, due, precision)
        batch.revisions.extend(made)
        return made

    def _home_office_status(self, recommendation, responses, responded_on):
        """Closed (mostly once the target has passed), blocked, or reported open; sometimes assessed later."""
        rng = self.random
        if recommendation.category == Category.NOT_ACCEPTED:
            return
        dues = [r.current_due_date for r in responses if r.current_due_date]
        due = max(dues) if dues else responded_on + datetime.timedelta(days=365)
        days_late = (self.today - due).days
        closing = 0.85 if days_late > 365 else 0.55 if days_late > 0 else 0.08
        if recommendation.category and rng.random() < closing:
            closed = self._between(responded_on, min(self.today, due + datetime.timedelta(days=180)))
            recommendation.ho_status = Recommendation.HomeOfficeStatus.CLOSED
            recommendation.closed_on, recommendation.closed_precision = self._fact(closed)
            recommendation.closure_evidence = "Synthetic: guidance published and staff trained; evidence sent to ICIBI."
            if rng.random() < 0.15:
                self._assess(
                    recommendation, recommendation.closed_on, rng.choices(ASSESSMENTS, weights=(50, 30, 20))[0]
                )
        elif recommendation.category and rng.random() < 0.05:
            recommendation.ho_status = Recommendation.HomeOfficeStatus.BLOCKED
            recommendation.blocked_by = rng.choice(BLOCKERS)
        elif rng.random() < 0.5:
            # Reported open. Those with no recorded category and no such report wait for a person
            # to enter the category from the published response.
            recommendation.ho_status = Recommendation.HomeOfficeStatus.OPEN
            if rng.random() < 0.03:
                self._assess(recommendation, responded_on, rng.choice(ASSESSMENTS[1:]))

    def _assess(self, recommendation, after, assessment):
        recommendation.assessment = assessment
        recommendation.assessed_on, recommendation.assessed_precision = self._fact(self._between(after, self.today))
        recommendation.assessment_source = "Synthetic: follow-up inspection"
        recommendation.assessment_note = f"Synthetic: found {recommendation.get_assessment_display().lower()}."

    def _updates(self, batch, recommendation, elements, responded_on):
        rng = self.random
        first = responded_on + datetime.timedelta(days=30)
        if first > self.today or rng.random() > 0.35:
            return
        for _ in range(rng.randint(1, 3)):
            reported_on, precision = self._fact(self._between(first, self.today))
            by_home_office = rng.random() < 0.8
            batch.updates.append(
                ProgressUpdate(
                    recommendation=recommendation,
                    sub_element=rng.choice(elements) if elements and rng.random() < 0.15 else None,
                    reported_on=reported_on,
                    reported_precision=precision,
                    reported_by=ProgressUpdate.Reporter.HOME_OFFICE
                    if by_home_office
                    else ProgressUpdate.Reporter.INSPECTORATE,
                    source="Synthetic: ICIBI recommendation update" if by_home_office else "Synthetic: re-inspection",
                    text="Synthetic: work continues; the next milestone is agreed with the owner.",
                )
            )

    def _restate(self, batch, recommendation, elements, published_on):
        """Now and then re-state an earlier recommendation, from a report at least a year older.

        Returns whether the recommendation itself re-states (an element re-stating does not count)."""
        rng = self.random
        if rng.random() >= RESTATE_SHARE:
            return False
        pool = self.chain_ends if self.chain_ends and rng.random() < 0.3 else self.restatable
        years = sorted(year for year, entries in pool.items() if year < published_on.year and entries)
        if not years:
            return False
        entries = pool[rng.choice(years[-5:])]
        i = rng.randrange(len(entries))
        earlier = entries[i]
        entries[i] = entries[-1]
        entries.pop()
        by_element = bool(elements) and rng.random() < 0.25
        batch.restatements.append((rng.choice(elements) if by_element else recommendation, earlier))
        if isinstance(earlier, int):
            batch.superseded.append(earlier)
        else:
            earlier.status = SUPERSEDED
        return not by_element


def write(batch):
    """Write one batch with bulk inserts; returns rows written per kind."""
    for model, rows in (
        (Inspection, batch.inspections),
        (Recommendation, batch.recommendations),
        (SubElement, batch.sub_elements),
        (HomeOfficeResponse, batch.responses),
        (TargetRevision, batch.revisions),
        (ProgressUpdate, batch.updates),
    ):
        model.objects.bulk_create(rows, batch_size=BULK_SIZE)
    # Re-statements may point within the batch, so they are linked once every row has its id.
    for row, earlier in batch.restatements:
        row.restates_id = earlier if isinstance(earlier, int) else earlier.pk
    for model in (Recommendation, SubElement):
        rows = [row for row, _ in batch.restatements if isinstance(row, model)]
        model.objects.bulk_update(rows, ["restates"], batch_size=BULK_SIZE)
    Recommendation.objects.filter(pk__in=batch.superseded).update(status=SUPERSEDED)
    written = [r.pk for r in batch.recommendations] + [pk for pk in batch.superseded]
    HomeOfficeResponse.objects.filter(recommendation_id__in=written).refresh_listing()
    return Counter(
        {
            "inspections": len(batch.inspections),
            "recommendations": len(batch.recommendations),
            "sub-elements": len(batch.sub_elements),
            "responses": len(batch.responses),
            "target revisions": len(batch.revisions),
            "progress updates": len(batch.updates),
            "re-statements": len(batch.restatements),
        }
    )


def synthetic_inspections():
    return Inspection.objects.filter(slug__startswith=SLUG_PREFIX)


@transaction.atomic
def generate(total, seed=1, today=DEMO_TODAY, progress=None):
    """Add `total` synthetic recommendations, with their inspections, responses and history; all or nothing.

    The same seed gives the same data. `progress(counts)` is called after each batch."""
    owners = [Owner.objects.get_or_create(name=name)[0] for name in OWNER_NAMES]
    first_number = synthetic_inspections().count() + 1
    written = Counter()
    for batch in Generator(total, seed, today, owners, first_number).batches():
        written += write(batch)
        if progress:
            progress(written)
    return written


@transaction.atomic
def delete():
    """Remove every synthetic row and its audit history, nothing else; returns rows deleted per kind."""
    inspections = synthetic_inspections()
    recommendations = Recommendation.objects.filter(inspection__in=inspections)
    of_synthetic = Q(recommendation__in=recommendations)
    audited = [
        ("target revisions", TargetRevision.objects.filter(of_synthetic)),
        ("progress updates", ProgressUpdate.objects.filter(of_synthetic)),
        ("responses", HomeOfficeResponse.objects.filter(of_synthetic)),
        ("sub-elements", SubElement.objects.filter(of_synthetic)),
        ("recommendations", recommendations),
        ("inspections", inspections),
    ]
    for _, rows in audited:
        rows.model.history.filter(id__in=rows.values("pk")).delete()
    deleted = Counter()
    theme_links = Recommendation.themes.through.objects.filter(of_synthetic)
    unused_owners = Owner.objects.filter(name__startswith=OWNER_PREFIX, recommendations__isnull=True)
    # _raw_delete (what Django's own deletion uses for plain rows): one DELETE per table, no
    # per-row signals, which would re-derive status a million times for rows about to go.
    for name, rows in [("theme links", theme_links), *audited, ("owners", unused_owners)]:
        deleted[name] = rows._raw_delete(rows.db)
    return deleted
