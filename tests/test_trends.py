"""Trends over time (issue 16): what was true at each month or quarter end, from the facts' own dates,
checked by hand on the real data and on small made-up cases, with month- and year-only facts."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from icibi_tracker.dates import FactPrecision
from inspections.models import Inspection
from recommendations.models import Recommendation
from reports import trends
from reports.aggregates import continuous_percentile
from submissions.models import Submission

from . import factories
from .submission_helpers import BORDER_SECURITY, TRANSFORMATION, asylum_data, clandestine_owner, member, sent

D = datetime.date
PUBLISHED = D(2025, 6, 10)
LONDON = ZoneInfo("Europe/London")


def over_time(ends, recommendations=None):
    """(series per owner, the series of all, notes) at `ends`, read for those ends alone."""
    recommendations = Recommendation.objects.all() if recommendations is None else recommendations
    return trends.OpenOverdueDisputed(recommendations, ends).at(ends)


def figures(ends, owner=None):
    """{end: (open, overdue, disputed)} as words ("3", "between 0 and 1"), for all owners or one."""
    per_owner, total, _ = over_time(ends)
    series = total if owner is None else next(s for s in per_owner if s.owner == owner)
    return {
        end: (str(o), str(late), str(d))
        for end, o, late, d in zip(ends, series.open, series.overdue, series.disputed, strict=True)
    }


def test_period_ends_are_the_month_or_quarter_ends_up_to_today():
    today = D(2026, 11, 23)
    assert trends.period_ends(today, trends.QUARTER, 3) == [D(2026, 3, 31), D(2026, 6, 30), D(2026, 9, 30)]
    assert trends.period_ends(today, trends.MONTH, 2) == [D(2026, 9, 30), D(2026, 10, 31)]
    assert trends.period_ends(D(2026, 12, 31), trends.QUARTER, 1) == [D(2026, 12, 31)]
    assert len(trends.period_ends(today, trends.QUARTER)) == 20


def test_a_target_in_effect_is_the_latest_extension_agreed_by_then_and_an_undated_one_from_the_start():
    revisions = [(D(2026, 2, 15), D(2026, 9, 30)), (D(2026, 10, 1), D(2027, 3, 31))]
    assert trends.target_in_effect(D(2026, 3, 31), revisions, D(2026, 1, 31)) == D(2026, 3, 31)
    assert trends.target_in_effect(D(2026, 3, 31), revisions, D(2026, 2, 28)) == D(2026, 9, 30)
    assert trends.target_in_effect(D(2026, 3, 31), revisions, D(2026, 10, 31)) == D(2027, 3, 31)
    assert trends.target_in_effect(None, [(None, D(2026, 3, 31))], D(2020, 1, 31)) == D(2026, 3, 31)


def test_the_percentile_on_sqlite_interpolates_as_postgresql_does():
    assert continuous_percentile([0, 0, 275, 275], 0.5) == 137.5
    assert continuous_percentile([1, 2, 3, 4], 0.25) == 1.75
    assert continuous_percentile([], 0.5) is None


@pytest.mark.usefixtures("real_data")
class TestOnTheRealData:
    """Worked out by hand from fixtures/real_data.json (see each figure's reason)."""

    def test_open_overdue_and_disputed_at_three_quarter_ends(self):
        ends = [D(2023, 12, 31), D(2024, 3, 31), D(2026, 9, 30)]
        assert figures(ends) == {
            # Only the 2021 service-standard recommendation: published 18 November 2021, open until
            # the 2023 report re-stated it (published 29 February 2024).
            D(2023, 12, 31): ("1", "0", "0"),
            # The 2023 report's: its re-statement, the data recommendation (extended, no date before),
            # 2 and 6 (closed in November 2024); 3 and 4 were closed on publication.
            D(2024, 3, 31): ("4", "0", "0"),
            # The data recommendation (due 31 March 2026), the six clandestine entrants ones that were
            # accepted (five due March 2026, one October 2026), the two Border Force refusals ones
            # (responded 25 June 2026); the service standard was re-stated in June 2026. 2023's
            # recommendation 4 is disputed since the June 2026 assessment.
            D(2026, 9, 30): ("9", "6", "1"),
        }

    def test_per_owner(self):
        ends = [D(2026, 3, 31), D(2026, 4, 30)]
        # The data recommendation's extended target, 31 March 2026, is not yet passed at its own end.
        assert figures(ends, "Transformation team") == {
            D(2026, 3, 31): ("1", "0", "0"),
            D(2026, 4, 30): ("1", "1", "0"),
        }
        assert figures(ends, "Border Security Command") == {
            D(2026, 3, 31): ("1", "0", "0"),
            D(2026, 4, 30): ("1", "0", "0"),
        }

    def test_what_no_period_can_hold_is_counted_and_said(self):
        _, _, notes = over_time([D(2026, 9, 30)])
        # Illegal working enforcement (2023): the documents date neither its report nor its response.
        assert notes == {"undated": 6, "undated_extensions": 1}

    def test_the_trend_at_a_month_end_agrees_with_the_overview_on_that_day_for_dated_recommendations(self):
        end = D(2026, 10, 31)
        dated = Recommendation.objects.exclude(inspection__slug="illegal-working-enforcement-2023")
        _, total, _ = over_time([end], dated)
        headline = dated.headline_figures(end)
        assert (total.open[0].value, total.overdue[0].value, total.disputed[0].value) == (
            headline["open"],
            headline["overdue"],
            headline["disputed"],
        )

    def test_implementation_rate_by_year(self):
        table = {
            row["year"]: row for row in trends.implementation_by_year(Recommendation.objects.all(), D(2026, 11, 23))
        }
        # 2024: the 2023 report's six tracked recommendations; four closed within the year (3 and 4 on
        # publication, 2 and 6 in November 2024); the 1-year window has ended, the 2- and 4-year ones not.
        within = {w["years"]: (w["surely"], w["possibly"], w["percent"], w["final"]) for w in table[2024]["windows"]}
        assert table[2024]["tracked"] == 6
        assert within == {1: (4, 4, 67, True), 2: (4, 4, 67, False), 4: (4, 4, 67, False)}
        assert table[2021]["tracked"] == 1 and all(w["surely"] == 0 and w["final"] for w in table[2021]["windows"])
        assert table[2025]["tracked"] == 6 and table[2026]["tracked"] == 2

    def test_time_to_close_counts_to_the_month_and_says_so(self):
        (row,) = trends.time_to_close_by_owner(Recommendation.objects.all())
        # 0, 0, 275 and 275 days: 3 and 4 closed on publication (29 February 2024); 2 and 6 in
        # November 2024, counted to the 30th.
        assert (row["closed"], row["to_the_month"], row["median"], row["shortest"], row["longest"]) == (
            4,
            2,
            137.5,
            0,
            275,
        )

    def test_publication_timeliness_by_year(self):
        table = {row["year"]: row for row in trends.publication_timeliness_by_year(Inspection.objects.all())}
        # Sent 4 February 2025, published 25 March 2025: 49 days, "well within the target of eight weeks".
        assert (table[2025]["within"], table[2025]["over"], table[2025]["median_days"]) == (1, 0, 49)
        # Sent 5 March 2026, published June 2026 (no day): even 1 June is past the 30 April deadline.
        assert (table[2026]["over"], table[2026]["approximate"], table[2026]["median_days"]) == (1, 1, 117)
        # 2021 and 2024: the date sent is not recorded.
        assert table[2021]["not_known"] == table[2024]["not_known"] == 1

    def test_the_queryset_form_of_within_eight_weeks_agrees_with_the_row_form(self):
        within = set(Inspection.objects.filter(trends.within_commitment_q()).values_list("pk", flat=True))
        assert within == {i.pk for i in Inspection.objects.all() if i.published_within_commitment is True}

    def test_acceptance_per_owner(self):
        table = trends.acceptance_by(Recommendation.objects.all(), "owner", "owner__name")
        assert table[(None, None)] == {"accepted": 13, "partially_accepted": 4, "not_accepted": 1}
        assert table[(1, "Border Security Command")] == {"accepted": 1, "partially_accepted": 0, "not_accepted": 0}

    def test_the_figures_cost_the_same_number_of_queries_with_more_recommendations(
        self, django_user_model, django_assert_max_num_queries
    ):
        ends = trends.period_ends(D(2026, 11, 23), trends.QUARTER)
        with CaptureQueriesContext(connection) as before:
            over_time(ends)
        inspection = factories.inspection(response_published_on=D(2025, 6, 1))
        for n in range(20):
            rec = factories.recommendation(inspection, owner=factories.owner(f"Team {n % 4}"))
            response = factories.response(rec, target_text="March 2026")
            if n % 2:
                factories.extension(response, "September 2026", agreed_on=D(2026, 2, 1))
            if n % 4 == 0:
                claim = sent(factories.refreshed(rec), member(django_user_model, f"member{n}", rec.owner.name))
                claim.send_back(claim.submitted_by, claim.version, "Not enough evidence.")
        with CaptureQueriesContext(connection) as after, django_assert_max_num_queries(12):
            over_time(ends)
        assert len(after) == len(before)


def at(monkeypatch, year, month, day, hour=12, minute=0):
    """Whatever happens next happens at this London time (the submission's fields and its history)."""
    moment = datetime.datetime(year, month, day, hour, minute, tzinfo=LONDON)
    monkeypatch.setattr(timezone, "now", lambda: moment)


def claimed(ends, owner=None):
    """{end: closure claimed} for all owners or one."""
    per_owner, total, _ = over_time(ends)
    series = total if owner is None else next(s for s in per_owner if s.owner == owner)
    return dict(zip(ends, (str(point) for point in series.claimed), strict=True))


@pytest.mark.usefixtures("today")
def test_closure_claimed_at_month_ends_on_the_real_data(real_data, django_user_model, monkeypatch):
    """A claim returned and sent again, then recorded; one sent late on a month's last day, then
    withdrawn; a progress update never reviewed (not a claim)."""
    transformation = member(django_user_model, "transform", TRANSFORMATION)
    border = member(django_user_model, "border", BORDER_SECURITY)
    at(monkeypatch, 2026, 1, 10)
    data = sent(asylum_data(), transformation, implemented_on=D(2025, 12, 1))
    at(monkeypatch, 2026, 2, 1)
    sent(asylum_data(), transformation, Submission.Kind.PROGRESS, as_of=D(2026, 1, 31))
    at(monkeypatch, 2026, 2, 20)
    data = data.send_back(border, data.version, "The evidence does not cover element b.")
    at(monkeypatch, 2026, 3, 31, 23, 30)  # British Summer Time: 22:30 UTC, still March in London
    clandestine = sent(clandestine_owner(), border, implemented_on=D(2026, 3, 1))
    at(monkeypatch, 2026, 4, 15)
    data = data.submit(transformation, data.version)
    at(monkeypatch, 2026, 5, 2)
    clandestine.withdraw(border, clandestine.version)
    at(monkeypatch, 2026, 6, 5)
    data.record(border, data.version)
    monkeypatch.undo()
    # What the submission keeps of itself has lost the return of 20 February; the history has not.
    data.refresh_from_db()
    assert (data.state, data.reviewed_at.date(), data.resubmitted_at.date()) == (
        "recorded",
        D(2026, 6, 5),
        D(2026, 4, 15),
    )

    ends = [D(2026, 1, 31), D(2026, 2, 28), D(2026, 3, 31), D(2026, 4, 30), D(2026, 5, 31), D(2026, 6, 30)]
    months = dict.fromkeys(ends)
    # The data claim awaits from 10 January, not after its return on 20 February, again from
    # 15 April until it is recorded on 5 June. The clandestine claim awaits from 31 March 23:30
    # until it is withdrawn on 2 May. The progress update is not a claim.
    assert claimed(ends, TRANSFORMATION) == {**months, **dict(zip(ends, "100110", strict=True))}
    assert claimed(ends, BORDER_SECURITY) == {**months, **dict(zip(ends, "001100", strict=True))}
    assert claimed(ends) == {**months, **dict(zip(ends, "101210", strict=True))}
    # Its own count, never folded into open or closed: recording the claim closed the data
    # recommendation as from the day implemented (1 December 2025), so while the claim awaited
    # review in April it was neither open nor overdue, and still counted as claimed.
    assert figures([D(2026, 4, 30)], TRANSFORMATION) == {D(2026, 4, 30): ("0", "0", "0")}


@pytest.mark.usefixtures("today")
def test_a_claim_sent_just_after_midnight_in_london_counts_in_londons_month(real_data, django_user_model, monkeypatch):
    at(monkeypatch, 2026, 4, 1, 0, 30)  # British Summer Time: 23:30 on 31 March in UTC
    sent(asylum_data(), member(django_user_model, "transform", TRANSFORMATION), implemented_on=D(2026, 3, 1))
    monkeypatch.undo()
    assert claimed([D(2026, 3, 31), D(2026, 4, 30)], TRANSFORMATION) == {D(2026, 3, 31): "0", D(2026, 4, 30): "1"}


@pytest.mark.django_db
class TestMadeUpCases:
    def rec(self, published=PUBLISHED, precision=FactPrecision.DAY, target="March 2026", **fields):
        inspection = factories.inspection(published_on=published, published_precision=precision)
        rec = factories.recommendation(inspection, **fields)
        return rec, factories.response(rec, target_text=target)

    def test_a_fact_known_to_its_month_is_placed_in_that_month_exactly(self):
        rec, _ = self.rec(published=D(2025, 6, 10), precision=FactPrecision.MONTH)  # "published June 2025"
        rec.close(D(2026, 9, 12), "Reported closed in September 2026", precision=FactPrecision.MONTH)
        ends = [D(2025, 5, 31), D(2025, 6, 30), D(2026, 3, 31), D(2026, 4, 30), D(2026, 8, 31), D(2026, 9, 30)]
        assert figures(ends) == {
            D(2025, 5, 31): ("0", "0", "0"),
            D(2025, 6, 30): ("1", "0", "0"),
            D(2026, 3, 31): ("1", "0", "0"),  # due on the day itself: not yet late
            D(2026, 4, 30): ("1", "1", "0"),
            D(2026, 8, 31): ("1", "1", "0"),
            D(2026, 9, 30): ("0", "0", "0"),  # closed in September: closed by its end
        }

    def test_a_fact_known_only_to_its_year_makes_that_years_figures_a_range(self):
        rec, _ = self.rec(published=D(2025, 1, 15))
        rec.close(D(2026, 1, 1), "Closed in 2026", precision=FactPrecision.YEAR)
        ends = [D(2025, 12, 31), D(2026, 6, 30), D(2026, 12, 31)]
        assert figures(ends) == {
            D(2025, 12, 31): ("1", "0", "0"),
            D(2026, 6, 30): ("between 0 and 1", "between 0 and 1", "0"),
            D(2026, 12, 31): ("0", "0", "0"),
        }
        per_owner, total, _ = over_time(ends)
        assert [p.exact for p in total.open] == [True, False, True]

    def test_an_extension_counts_from_the_day_it_was_agreed(self):
        _, before_due = self.rec()
        factories.extension(before_due, "September 2026", agreed_on=D(2026, 2, 15))
        _, after_due = self.rec()
        factories.extension(after_due, "September 2026", agreed_on=D(2026, 5, 10))
        ends = [D(2026, 4, 30), D(2026, 5, 31), D(2026, 10, 31)]
        # Extended before the March target: never late until September. Extended in May: late in April.
        assert {end: f[1] for end, f in figures(ends).items()} == {
            D(2026, 4, 30): "1",
            D(2026, 5, 31): "0",
            D(2026, 10, 31): "2",
        }

    def test_a_quarters_and_a_months_figures_read_together_are_those_read_alone(self):
        late, _ = self.rec(published=D(2022, 5, 3), target="December 2022")
        extended, response = self.rec(published=D(2022, 5, 3), target="December 2022")
        # Not dated: counted as agreed from the start; its recommendation closed before the months shown.
        factories.extension(response, "June 2023", agreed_on=None, details_not_stated=True, source="The 2023 report")
        extended.close(D(2023, 8, 1), "Closed")
        self.rec(published=D(2025, 1, 15), precision=FactPrecision.YEAR, owner=factories.owner("Visas"))
        today = D(2026, 11, 23)
        quarters, months = trends.period_ends(today, trends.QUARTER), trends.period_ends(today, trends.MONTH)
        together = trends.OpenOverdueDisputed(Recommendation.objects.all(), quarters + months)
        assert together.at(quarters) == over_time(quarters)
        assert together.at(months) == over_time(months)
        # The undated extension is said where its recommendation may be open: in the quarters, not the months.
        assert (together.at(quarters)[2]["undated_extensions"], together.at(months)[2]["undated_extensions"]) == (1, 0)
        assert late.pk

    def test_a_recommendation_stops_being_open_when_a_later_report_re_states_it(self):
        earlier, _ = self.rec(published=D(2024, 3, 1), target="")
        later, _ = self.rec(published=D(2025, 6, 10), target="", restates=earlier)
        earlier.refresh_status()
        assert figures([D(2025, 5, 31), D(2025, 6, 30)]) == {
            D(2025, 5, 31): ("1", "0", "0"),
            D(2025, 6, 30): ("1", "0", "0"),  # the later one carries it on
        }
        assert later.pk

    def test_a_disputed_closure_counts_from_the_assessment(self):
        rec, _ = self.rec(target="")
        rec.close(D(2025, 9, 1), "Closed")
        Recommendation.objects.filter(pk=rec.pk).update(
            assessment=Recommendation.Assessment.NOT_IMPLEMENTED, assessed_on=D(2026, 2, 20), assessment_source="x"
        )
        rec.refresh_from_db()
        rec.refresh_status()
        assert figures([D(2025, 12, 31), D(2026, 2, 28)]) == {
            D(2025, 12, 31): ("0", "0", "0"),
            D(2026, 2, 28): ("0", "0", "1"),
        }

    def test_within_a_year_of_publication_with_a_closure_known_to_its_month(self):
        on_the_day, _ = self.rec(published=D(2024, 3, 15), target="")
        on_the_day.close(D(2025, 3, 15), "Closed")
        in_the_month, _ = self.rec(published=D(2024, 3, 15), target="")
        in_the_month.close(D(2025, 3, 1), "Closed in March 2025", precision=FactPrecision.MONTH)
        (row,) = trends.implementation_by_year(Recommendation.objects.all(), D(2026, 11, 23))
        one_year = row["windows"][0]
        # A year to the day is within a year; "March 2025" may be before or after 15 March.
        assert (row["tracked"], one_year["surely"], one_year["possibly"], one_year["final"]) == (2, 1, 2, True)

    def test_a_month_only_publication_straddling_the_eight_weeks_cannot_be_told(self):
        factories.inspection(
            sent_on=D(2026, 3, 20), published_on=D(2026, 5, 1), published_precision=FactPrecision.MONTH
        )
        (row,) = trends.publication_timeliness_by_year(Inspection.objects.all())
        # The deadline is 15 May: "May 2026" may be either side of it.
        assert (row["reports"], row["within"], row["over"], row["not_told"]) == (1, 0, 0, 1)
