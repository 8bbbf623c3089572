"""What was true then: figures at month or quarter ends, from the facts' own dates.

DOMAIN.md, "Two kinds of then": a trend is computed from the dates the documents give (a report
published, a response published, an extension agreed, a closure), never from when a row was typed
in; the audit history answers the other question, "what did the tracker say then".

The rules, each written once:

* A recommendation is *tracked* when the Home Office accepted it, partly or wholly, or reports a
  status for it (DOMAIN.md: open "even where the response category was not recorded").
* It counts from the day its response was published, else (the documents do not date the
  response) from its report's publication: `made`. With neither date it is left out of every
  period and counted as undated.
* It stops being open when the Home Office closes it or a later report re-states it: `left`.
* It is overdue at a period end when it is open then and one of its responses' target in effect
  then (the original, or the latest extension agreed by then) is before that day. An extension
  whose agreement is not dated is taken as agreed from the start, and counted in `notes`.
* It is disputed from the later of its closure and the inspectorate's not (fully) implemented
  assessment, until it is re-stated.
* Closure claimed (its own count, never folded into open or closed): a closure claim of the Home
  Office's is awaiting review at a period end when it was sent (or sent again after a return) by
  then and not yet recorded, returned or withdrawn. A claim is made in the tracker itself, so the
  dates of its state changes are the facts' own dates; they are read from its audit history, which
  keeps every change, where the submission's fields keep only the latest resubmission and review
  and no withdrawal date.

Precision: period ends are month ends, so a fact known to its month is placed exactly. A fact
known only to its year could fall on either side of the month ends of that year before December:
those figures are a range ("between 3 and 5"), never a guess.

The figures are counted in the database: events (started, stopped) grouped by owner and month,
then added up over the few period ends. Only recommendations whose targets were extended are read
row by row (their lateness changes with each extension), and only their dates.
"""

import calendar
import datetime
from bisect import bisect_left
from dataclasses import dataclass, field

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import (
    Cast,
    Coalesce,
    Greatest,
    TruncMonth,
    TruncYear,
)

from icibi_tracker.dates import FactPrecision
from inspections.models import PUBLICATION_COMMITMENT
from recommendations.choices import Category
from recommendations.models import Owner, Recommendation, SubElement
from responses.models import HomeOfficeResponse, TargetRevision
from submissions.models import Submission

from .aggregates import DatePart, DaysBetween, Earliest, Percentile

Status = Recommendation.Status
CLOSED = Recommendation.HomeOfficeStatus.CLOSED
YEAR = FactPrecision.YEAR

QUARTER = "quarter"
MONTH = "month"
# How many period ends a trend shows: five years of quarters, two of months.
PERIODS_SHOWN = {QUARTER: 20, MONTH: 24}


# Period ends ------------------------------------------------------------------------------------


def month_end(year, month):
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def period_ends(today, period=QUARTER, count=None):
    """The last `count` month or quarter ends on or before `today`, oldest first."""
    count = count or PERIODS_SHOWN[period]
    step = 3 if period == QUARTER else 1
    year, month = today.year, today.month
    month -= (month % step) if period == QUARTER else 0
    if month == 0:
        year, month = year - 1, 12
    ends = []
    while len(ends) < count:
        end = month_end(year, month)
        if end <= today:
            ends.append(end)
        month -= step
        if month <= 0:
            year, month = year - 1, month + 12
    return ends[::-1]


def period_label(end):
    return f"{end:%b %Y}"


def month_index(day):
    return day.year * 12 + day.month - 1


def _month_index_of(expression):
    return DatePart(expression, "year") * 12 + DatePart(expression, "month") - 1


# The dated facts of a recommendation, as expressions -------------------------------------------


def tracked_q():
    """Accepted wholly or partly, or given a status by the Home Office."""
    return Q(category__in=[Category.ACCEPTED, Category.PARTIALLY_ACCEPTED]) | ~Q(ho_status="")


def _published_by_restating(outer):
    """When a re-stating recommendation was made public: its report's publication, else its response's."""
    return Coalesce(f"{outer}inspection__published_on", f"{outer}inspection__response_published_on")


def with_facts(recommendations):
    """Each recommendation with `made`, `made_year_only`, `left` and `left_year_only` (see the module's rules)."""
    direct = (
        Recommendation.objects.filter(restates=OuterRef("pk"))
        .order_by()
        .values("restates")
        .annotate(first=Min(_published_by_restating("")))
        .values("first")
    )
    via_elements = (
        SubElement.objects.filter(restates=OuterRef("pk"))
        .order_by()
        .values("restates")
        .annotate(first=Min(_published_by_restating("recommendation__")))
        .values("first")
    )
    restated = Earliest(Subquery(direct), Subquery(via_elements))
    closed = Case(When(ho_status=CLOSED, then=F("closed_on")), output_field=DateField())
    # Only a re-stated recommendation needs the subqueries: its status says so.
    superseded = Case(When(status=Status.SUPERSEDED, then=restated), output_field=DateField())
    response_dated = Q(inspection__response_published_on__isnull=False)
    return recommendations.annotate(
        made=Coalesce("inspection__response_published_on", "inspection__published_on"),
        made_year_only=Case(
            When(response_dated, then=Q(inspection__response_published_precision=YEAR)),
            default=Q(inspection__published_precision=YEAR),
            output_field=BooleanField(),
        ),
        superseded_on=superseded,
        closed_at=closed,
        left=Earliest(closed, superseded),
        left_year_only=Q(ho_status=CLOSED, closed_precision=YEAR),
    )


# Counting at period ends ------------------------------------------------------------------------


@dataclass
class Point:
    """A figure at a period end: exact, or between `low` and `high` where a year-only fact leaves it open."""

    end: datetime.date
    low: int
    high: int

    @property
    def exact(self):
        return self.low == self.high

    @property
    def value(self):
        return self.low if self.exact else None

    def __str__(self):
        return str(self.low) if self.exact else f"between {self.low} and {self.high}"


@dataclass
class Events:
    """Started and stopped events, each (month index, year only, count); added up at period ends."""

    started: list = field(default_factory=list)
    stopped: list = field(default_factory=list)

    @staticmethod
    def _by(events, month, year, possibly):
        return sum(n for at, year_only, n in events if at <= month or (possibly and year_only and at // 12 <= year))

    def at(self, end):
        month, year = month_index(end), end.year
        low = self._by(self.started, month, year, False) - self._by(self.stopped, month, year, True)
        high = self._by(self.started, month, year, True) - self._by(self.stopped, month, year, False)
        return max(low, 0), max(high, 0)


def _grouped(queryset, when, year_only):
    """(owner id, month index, year only, count) of `queryset`, grouped in the database."""
    rows = (
        queryset.order_by()
        .annotate(at_month=_month_index_of(when), at_year_only=year_only)
        .values_list("owner", "at_month", "at_year_only")
        .annotate(n=Count("pk"))
    )
    return [(owner, month, bool(only), n) for owner, month, only, n in rows if month is not None]


def _add(events_by_owner, rows, which):
    for owner, month, year_only, n in rows:
        getattr(events_by_owner.setdefault(owner, Events()), which).append((month, year_only, n))


def _claimed_events(recommendations):
    """Closure claimed: from each change of a closure claim's state into awaiting review, until the
    next change out of it. A recommendation holds one unfinished claim at a time (the
    one_unfinished_submission_per_kind constraint), so the stretches count recommendations."""
    awaiting = Submission.AWAITING_REVIEW
    # The history's ids rise with each change, so the row before a change holds the state it left.
    before = Submission.history.filter(id=OuterRef("id"), history_id__lt=OuterRef("history_id")).order_by("-history_id")
    changes = Submission.history.filter(
        kind=Submission.Kind.CLOSURE, recommendation__in=recommendations.values("pk")
    ).annotate(owner=F("recommendation__owner"), was=Subquery(before.values("state")[:1]))
    was_awaiting = Q(was__in=awaiting)
    # A deleted row ("-") ends its stretch too, though its state is the one it was deleted in.
    step = Case(
        When(Q(state__in=awaiting) & (~was_awaiting | Q(was__isnull=True)), then=Value(1)),
        When(was_awaiting & (~Q(state__in=awaiting) | Q(history_type="-")), then=Value(-1)),
        default=Value(0),
    )
    rows = (
        changes.annotate(step=step, at_month=_month_index_of("history_date"))
        .exclude(step=0)
        .order_by()
        .values_list("owner", "at_month", "step")
        .annotate(n=Count("pk"))
    )
    events = {}
    for owner, month, started, n in rows:
        _add(events, [(owner, month, False, n)], "started" if started > 0 else "stopped")
    return events


def _day_after(expression):
    return Cast(ExpressionWrapper(expression + datetime.timedelta(days=1), output_field=DateField()), DateField())


def _open_events(facts):
    """Open: from `made` to `left`."""
    events = {}
    _add(events, _grouped(facts, F("made"), F("made_year_only")), "started")
    stopped = facts.filter(left__isnull=False).annotate(stop=Greatest("made", "left"))
    _add(events, _grouped(stopped, F("stop"), F("left_year_only")), "stopped")
    return events


def _disputed_events(facts):
    """Disputed: from the later of closure and assessment, until re-stated."""
    disputed = facts.filter(ho_status=CLOSED, assessment__in=Recommendation.NOT_FULLY_IMPLEMENTED).annotate(
        begins=Greatest("closed_on", "assessed_on"),
        begins_year_only=Q(closed_precision=YEAR) | Q(assessed_precision=YEAR),
    )
    events = {}
    _add(events, _grouped(disputed, F("begins"), F("begins_year_only")), "started")
    ends = disputed.filter(superseded_on__isnull=False).annotate(ends=Greatest("begins", "superseded_on"))
    _add(events, _grouped(ends, F("ends"), Value(False)), "stopped")
    return events


def _overdue_events_unextended(facts):
    """Overdue, for recommendations never extended: their stored next due date is their first
    target; late from the day after it (or from `made`, if later) until `left`."""
    late = facts.filter(next_due_date__isnull=False).annotate(
        late_from=Greatest("made", _day_after(F("next_due_date")))
    )
    late = late.filter(Q(left__isnull=True) | Q(left__gte=F("late_from")))
    late_year_only = Q(made_year_only=True) & Q(made__gt=F("next_due_date"))
    events = {}
    _add(
        events,
        _grouped(late, F("late_from"), ExpressionWrapper(late_year_only, output_field=BooleanField())),
        "started",
    )
    _add(events, _grouped(late.filter(left__isnull=False), F("left"), F("left_year_only")), "stopped")
    return events


def _possibly_by(day, year_only, end):
    return day is not None and (day <= end or (year_only and day.year <= end.year))


def _surely_by(day, end):
    return day is not None and day <= end


def due_timeline(original, revisions):
    """[(from, due date)]: the original target from the start, then each extension from the day it
    was agreed (one the source does not date, from the start). `revisions` are (agreed on, new due
    date), in the order they were recorded."""
    return [(None, original), *sorted(revisions, key=lambda r: (r[0] is not None, r[0] or datetime.date.min))]


def target_in_effect(original, revisions, end):
    """The due date in effect at `end`: the latest extension agreed by then, else the original."""
    (index,) = late_at(due_timeline(original, revisions), [end], due_in_effect=True)
    return index


def late_at(timeline, ends, due_in_effect=False):
    """The indexes of `ends` (oldest first) at which the target in effect had passed; with
    `due_in_effect`, that target at each end instead. One pass over the ends and the timeline."""
    found, due, step = [], None, 0
    for i, end in enumerate(ends):
        while step < len(timeline) and (timeline[step][0] is None or timeline[step][0] <= end):
            due = timeline[step][1]
            step += 1
        if due_in_effect:
            found.append(due)
        elif due is not None and due < end:
            found.append(i)
    return found


def _may_be_open_q(ends):
    """May be open at one of `ends` (oldest first): a year-only date may fall anywhere in its year."""
    return (Q(left__isnull=True) | Q(left__gt=ends[0])) & Q(made__lte=month_end(ends[-1].year, 12))


def _may_be_open(made, left, ends):
    """The row form of _may_be_open_q()."""
    return (left is None or left > ends[0]) and made <= month_end(ends[-1].year, 12)


def _overdue_extended(facts, ends):
    """Overdue at each end, for recommendations with an extension: their lateness changes with each
    extension, so their dates (only those) are read and walked in Python, once per end.
    Returns ({owner: {end: [low, high]}}, [(made, left, extensions not dated)])."""
    extended = facts.filter(Exists(TargetRevision.objects.filter(recommendation=OuterRef("pk"))))
    extended = extended.filter(_may_be_open_q(ends))
    rows = extended.order_by().values_list("pk", "owner", "made", "made_year_only", "left", "left_year_only")
    # Their responses, each with its extensions in the order recorded (one with none: a row of nulls).
    dates = (
        HomeOfficeResponse.objects.filter(recommendation__in=extended.values("pk"))
        .order_by("pk", "revisions__recorded_at", "revisions__pk")
        .values_list(
            "pk", "recommendation", "due_date", "revisions__pk", "revisions__agreed_on", "revisions__new_due_date"
        )
    )
    responses, undated_by_recommendation = {}, {}
    for response, rec, due, revision, agreed_on, new_due in dates:
        extensions = responses.setdefault(response, (rec, due, []))[2]
        if revision is not None:
            extensions.append((agreed_on, new_due))
            if agreed_on is None:
                undated_by_recommendation[rec] = undated_by_recommendation.get(rec, 0) + 1
    timelines = {}
    for rec, due, extensions in responses.values():
        timelines.setdefault(rec, []).append(due_timeline(due, extensions))
    counts, undated = {}, []
    for pk, owner, made, made_year_only, left, left_year_only in rows:
        if pk in undated_by_recommendation:
            undated.append((made, left, undated_by_recommendation[pk]))
        # Only the ends at which it may be open: from its year's first day (a year-only `made`), before `left`.
        window = ends[bisect_left(ends, datetime.date(made.year, 1, 1)) : bisect_left(ends, left) if left else None]
        late = set()
        for timeline in timelines.get(pk, ()):
            late.update(late_at(timeline, window))
        by_end = counts.setdefault(owner, {})
        for i in late:
            end = window[i]
            low_high = by_end.setdefault(end, [0, 0])
            low_high[0] += _surely_by(made, end) and not _possibly_by(left, left_year_only, end)
            low_high[1] += _possibly_by(made, made_year_only, end) and not _surely_by(left, end)
    return counts, undated


@dataclass
class Series:
    """Open, overdue, disputed and closure claimed at each period end, for one owner or for all."""

    owner_id: object
    owner: str
    open: list
    overdue: list
    disputed: list
    claimed: list

    KINDS = ("open", "overdue", "disputed", "claimed")


def _points(events, ends):
    return [Point(end, *events.at(end)) if events else Point(end, 0, 0) for end in ends]


class OpenOverdueDisputed:
    """Open, overdue, disputed and closure-claimed recommendations at period ends, from the facts'
    own dates. The events are read once, in a fixed number of queries whatever the number of rows;
    then `at()` gives the figures at any of the `ends` they were read for (a quarter's ends and a
    month's, from one reading)."""

    def __init__(self, recommendations, ends):
        ends = sorted(set(ends))
        facts = with_facts(recommendations.filter(tracked_q()))
        dated = facts.filter(made__isnull=False)
        unextended = dated.exclude(Exists(TargetRevision.objects.filter(recommendation=OuterRef("pk"))))
        self.opened = _open_events(dated)
        self.disputed = _disputed_events(dated)
        self.overdue = _overdue_events_unextended(unextended)
        self.extended, self.undated_extensions = _overdue_extended(dated, ends)
        self.claimed = _claimed_events(recommendations)
        owners = set(self.opened) | set(self.disputed) | set(self.overdue) | set(self.extended) | set(self.claimed)
        self.names = dict(Owner.objects.filter(pk__in=owners - {None}).values_list("pk", "name"))
        self.owners = sorted(owners, key=lambda owner: (owner is None, self.names.get(owner, "")))
        self.undated = facts.filter(made__isnull=True).count()

    def at(self, ends):
        """(series per owner, the series of all, notes) at `ends`, some of those read for."""
        per_owner = []
        for owner in self.owners:
            late = _points(self.overdue.get(owner), ends)
            extended = self.extended.get(owner, {})
            for point in late:
                low, high = extended.get(point.end, (0, 0))
                point.low += low
                point.high += high
            per_owner.append(
                Series(
                    owner,
                    self.names.get(owner, ""),
                    _points(self.opened.get(owner), ends),
                    late,
                    _points(self.disputed.get(owner), ends),
                    _points(self.claimed.get(owner), ends),
                )
            )
        total = Series(
            "all",
            "All owners",
            *(_summed([getattr(s, kind) for s in per_owner], ends) for kind in Series.KINDS),
        )
        notes = {
            "undated": self.undated,
            "undated_extensions": sum(n for made, left, n in self.undated_extensions if _may_be_open(made, left, ends)),
        }
        return per_owner, total, notes


def _summed(series, ends):
    return [Point(end, sum(s[i].low for s in series), sum(s[i].high for s in series)) for i, end in enumerate(ends)]


# Implementation rate by year ------------------------------------------------------------------------

# GAO reports the share of each year's recommendations implemented within four years.
WITHIN_YEARS = (1, 2, 4)


def _day_key(expression):
    """A date as the number yyyymmdd, so that "within k years" is a sum: key + k * 10000."""
    return DatePart(expression, "year") * 10000 + DatePart(expression, "month") * 100 + DatePart(expression, "day")


def _first_day_key(day, precision):
    """The key of the first day the fact may have fallen on: its month's or year's first day."""
    return Case(
        When(**{precision: YEAR}, then=DatePart(day, "year") * 10000 + 101),
        When(**{precision: FactPrecision.MONTH}, then=DatePart(day, "year") * 10000 + DatePart(day, "month") * 100 + 1),
        default=_day_key(day),
    )


def implementation_by_year(recommendations, today):
    """Per year of `made`: tracked recommendations, and for 1, 2 and 4 years the number closed by the
    Home Office within that time of `made` (surely, and possibly, where a date is known only to its
    month or year), and whether the window has ended for every recommendation of that year.
    One query."""
    facts = with_facts(recommendations.filter(tracked_q())).filter(made__isnull=False)
    made_precision = Case(
        When(inspection__response_published_on__isnull=False, then=F("inspection__response_published_precision")),
        default=F("inspection__published_precision"),
    )
    facts = facts.annotate(made_precision=made_precision).annotate(
        made_end=_day_key(F("made")),
        made_start=_first_day_key(F("made"), "made_precision"),
        closed_end=_day_key(F("closed_on")),
        closed_start=_first_day_key(F("closed_on"), "closed_precision"),
    )
    figures = {"tracked": Count("pk"), "disputed": Count("pk", filter=Q(status=Status.DISPUTED))}
    closed = Q(ho_status=CLOSED)
    for years in WITHIN_YEARS:
        figures[f"surely_{years}"] = Count("pk", filter=closed & Q(closed_end__lte=F("made_start") + years * 10000))
        figures[f"possibly_{years}"] = Count("pk", filter=closed & Q(closed_start__lte=F("made_end") + years * 10000))
    rows = facts.order_by().annotate(year=DatePart("made", "year")).values("year").annotate(**figures).order_by("-year")
    table = []
    for row in rows:
        windows = []
        for years in WITHIN_YEARS:
            surely, possibly = row[f"surely_{years}"], row[f"possibly_{years}"]
            windows.append(
                {
                    "years": years,
                    "surely": surely,
                    "possibly": possibly,
                    "percent": round(100 * surely / row["tracked"]) if row["tracked"] else 0,
                    # Every recommendation of the year has had its full time: the share is final.
                    "final": datetime.date(row["year"] + years, 12, 31) < today,
                }
            )
        table.append({"year": row["year"], "tracked": row["tracked"], "disputed": row["disputed"], "windows": windows})
    return table


# Time to close by owner -----------------------------------------------------------------------------


def time_to_close_by_owner(recommendations):
    """Per owner: closures, and the days from `made` to closure: median and quartiles. A closure known
    only to its year is left out of the days and counted; one known to its month counts to the
    month's last day, so the figure is approximate and says how many. One query."""
    facts = with_facts(recommendations.filter(tracked_q())).filter(ho_status=CLOSED, made__isnull=False)
    measured = Q(closed_precision__in=[FactPrecision.DAY, FactPrecision.MONTH]) & ~Q(made_year_only=True)
    days = Case(When(measured, then=DaysBetween("closed_on", "made")), output_field=IntegerField())
    rows = (
        facts.order_by()
        .annotate(days=days)
        .values("owner", "owner__name")
        .annotate(
            closed=Count("pk"),
            measured=Count("days"),
            to_the_month=Count("pk", filter=Q(closed_precision=FactPrecision.MONTH)),
            low_quartile=Percentile("days", 0.25),
            median=Percentile("days", 0.5),
            high_quartile=Percentile("days", 0.75),
            shortest=Min("days"),
            longest=Max("days"),
        )
    )
    table = sorted(rows, key=lambda r: (r["owner"] is None, r["owner__name"] or ""))
    return [{**row, "not_measured": row["closed"] - row["measured"]} for row in table]


# Publication timeliness by year -----------------------------------------------------------------------


def within_commitment_q():
    """QuerySet form of Inspection.published_within_commitment is True."""
    return Q(sent_on__isnull=False, published_on__isnull=False) & Q(
        published_on__lte=F("sent_on") + PUBLICATION_COMMITMENT
    )


def publication_timeliness_by_year(inspections):
    """Per year of publication: reports, laid within eight weeks of being sent, over eight weeks, not
    told (a month-only publication date that straddles the deadline), not known (no date sent), and
    the median days from sent to published. One query."""
    deadline = ExpressionWrapper(F("sent_on") + PUBLICATION_COMMITMENT, output_field=DateField())
    first_possible = Case(
        When(published_precision=FactPrecision.MONTH, then=_first_of_month(F("published_on"))),
        When(published_precision=YEAR, then=_first_of_year(F("published_on"))),
        default=F("published_on"),
        output_field=DateField(),
    )
    published = inspections.filter(published_on__isnull=False).annotate(
        deadline=deadline, first_possible=first_possible
    )
    sent = Q(sent_on__isnull=False)
    rows = (
        published.order_by()
        .annotate(year=DatePart("published_on", "year"), days=DaysBetween("published_on", "sent_on"))
        .values("year")
        .annotate(
            reports=Count("pk"),
            within=Count("pk", filter=sent & Q(published_on__lte=F("deadline"))),
            over=Count("pk", filter=sent & Q(first_possible__gt=F("deadline"))),
            not_known=Count("pk", filter=~sent),
            median_days=Percentile("days", 0.5),
            approximate=Count("pk", filter=sent & ~Q(published_precision=FactPrecision.DAY)),
        )
        .order_by("-year")
    )
    return [{**row, "not_told": row["reports"] - row["within"] - row["over"] - row["not_known"]} for row in rows]


def _first_of_month(day):
    return TruncMonth(day, output_field=DateField())


def _first_of_year(day):
    return TruncYear(day, output_field=DateField())


# Acceptance per owner and per inspection --------------------------------------------------------------


def acceptance_by(recommendations, key, label):
    """{(key, label): {category: count}} for recommendations with a category, in one query."""
    table = {}
    rows = recommendations.exclude(category="").order_by().values_list(key, label, "category").annotate(n=Count("pk"))
    for pk, name, category, n in rows:
        table.setdefault((pk, name), dict.fromkeys(Category, 0))[Category(category)] = n
    return table
