"""The derivation rules are written once (recommendations/rules.py): each question's row form and
QuerySet form agree on every fixture row, the dashboard's figures count with the same rules, and
the model layer derives once per save."""

import datetime
from unittest import mock

import pytest

from icibi_tracker.dates import FactPrecision
from recommendations import rules
from recommendations.models import Recommendation
from responses.models import HomeOfficeResponse, TargetRevision

from . import factories
from .conftest import TODAY

DAYS = (datetime.date(2024, 5, 1), datetime.date(2026, 4, 1), TODAY, datetime.date(2027, 5, 1))


@pytest.fixture
def every_row(real_data):
    """The real data, and one of each status the fixture lacks (blocked, no target, awaiting response)."""
    rec = factories.recommendation(ho_status=Recommendation.HomeOfficeStatus.BLOCKED, blocked_by="A minister")
    factories.response(rec, target_text="by the end of 2026")
    factories.response(factories.recommendation(), target_text="as soon as possible")
    factories.recommendation(inspection=factories.inspection(published_on=None))
    return list(Recommendation.objects.prefetch_related("responses"))


@pytest.mark.parametrize("today", DAYS)
def test_row_and_queryset_forms_agree_on_every_fixture_row(every_row, today):
    statuses = {r.status for r in every_row}
    assert {Recommendation.Status.OPEN, Recommendation.Status.BLOCKED, Recommendation.Status.CLOSED} <= statuses
    recommendations = Recommendation.objects.all()
    forms = {
        "open": (lambda r: r.is_open, recommendations.open()),
        "overdue": (lambda r: r.is_overdue(today), recommendations.overdue(today)),
        "due soon": (lambda r: r.is_due_within(90, today), recommendations.due_within(90, today)),
        "no target": (lambda r: r.is_open_without_target(), recommendations.open_without_target()),
        "disputed": (lambda r: r.is_disputed, recommendations.disputed()),
    }
    for name, (row_form, queryset) in forms.items():
        assert {r.pk for r in every_row if row_form(r)} == set(queryset.values_list("pk", flat=True)), name


@pytest.mark.parametrize("today", DAYS)
@pytest.mark.parametrize("days", [30, 90, 400])
def test_next_due_within_is_due_within_less_the_overdue(every_row, today, days):
    recommendations = Recommendation.objects.all()
    expected = {r.pk for r in every_row if r.is_due_within(days, today) and not r.is_overdue(today)}
    assert set(recommendations.next_due_within(days, today).values_list("pk", flat=True)) == expected


@pytest.mark.parametrize("today", DAYS)
def test_the_lists_read_tracked_items_by_the_stored_flag_as_the_rule_derives_it(every_row, today):
    responses = list(
        HomeOfficeResponse.objects.select_related("recommendation").prefetch_related("recommendation__responses")
    )
    tracked = {r.pk for r in responses if r.is_tracked()}
    assert set(HomeOfficeResponse.objects.tracked().values_list("pk", flat=True)) == tracked
    assert {r.pk for r in responses if r.pk in tracked and r.is_overdue(today)} == set(
        HomeOfficeResponse.objects.overdue(today).values_list("pk", flat=True)
    )
    assert {r.pk for r in responses if r.is_open_item} == set(
        HomeOfficeResponse.objects.open().values_list("pk", flat=True)
    )


@pytest.mark.parametrize("today", DAYS)
def test_the_headline_figures_count_with_the_same_rules(every_row, today, django_assert_num_queries):
    with django_assert_num_queries(1):
        figures = Recommendation.objects.headline_figures(today, due_days=90)
    assert figures["open"] == sum(r.is_open for r in every_row)
    assert figures["overdue"] == sum(r.is_overdue(today) for r in every_row)
    assert figures["due_soon"] == sum(r.is_due_within(90, today) for r in every_row)
    assert figures["no_target"] == sum(r.is_open_without_target() for r in every_row)
    by_owner = Recommendation.objects.overdue_by_owner(today)
    assert sum(row["overdue"] for row in by_owner) == figures["overdue"]
    assert sum(row["open"] for row in by_owner) == figures["open"]


def test_stored_fields_equal_the_rules_applied_to_the_facts_on_every_fixture_row(every_row):
    for rec in every_row:
        responses = list(rec.responses.all())
        assert rec.category == rules.category((r.sub_element_id is not None, r.category) for r in responses)
        assert rec.next_due_date == rules.next_due_date((r.current_due_date, r.closed_on) for r in responses)
        assert rec.status == rules.status(
            restated=rec.is_restated(),
            ho_status=rec.ho_status,
            assessment=rec.assessment,
            category=rec.category,
            response_published=rec.inspection.response_published_on is not None,
        )


# Each save derives once; fact dates keep the last day of their period whatever writes them.


def test_a_closure_is_derived_once_and_recorded_in_one_history_row(db):
    rec = factories.recommendation()
    factories.response(rec, target_text="by the end of 2024")
    rec.refresh_from_db()
    rows = rec.history.count()
    with mock.patch.object(Recommendation, "derived", autospec=True, side_effect=Recommendation.derived) as derived:
        rec.close(datetime.date(2026, 11, 12), "Guidance published.", precision=FactPrecision.MONTH)
    assert derived.call_count == 1
    assert rec.history.count() == rows + 1
    latest = rec.history.latest()
    assert (latest.ho_status, latest.status) == ("closed", "closed")  # the fact and what follows from it, together
    assert factories.refreshed(rec).closed_on == datetime.date(2026, 11, 30)


def test_saving_a_response_derives_its_current_target_once_and_its_recommendation_once(db):
    rec = factories.recommendation()
    response = factories.response(rec, target_text="by the end of 2024")
    response.refresh_from_db()
    with (
        mock.patch.object(Recommendation, "derived", autospec=True, side_effect=Recommendation.derived) as rec_derived,
        mock.patch.object(
            HomeOfficeResponse, "derived_target", autospec=True, side_effect=HomeOfficeResponse.derived_target
        ) as target_derived,
    ):
        response.target_text = "February 2027"
        response.save()
    assert (rec_derived.call_count, target_derived.call_count) == (1, 1)
    assert factories.refreshed(rec).next_due_date == datetime.date(2027, 2, 28)


def test_fact_dates_written_through_the_orm_keep_the_last_day_of_their_month(db):
    inspection = factories.inspection(
        published_on=datetime.date(2026, 6, 3), published_precision=FactPrecision.MONTH, sent_on=None
    )
    rec = factories.recommendation(inspection)
    update = factories.update(rec, reported_on=datetime.date(2025, 11, 2), reported_precision=FactPrecision.MONTH)
    revision = factories.extension(
        factories.response(rec, target_text="by the end of 2026"),
        "an extension until 31 March 2027",
        agreed_on=datetime.date(2026, 2, 9),
        agreed_precision=FactPrecision.YEAR,
    )
    assert factories.refreshed(inspection).published_on == datetime.date(2026, 6, 30)
    assert factories.refreshed(update).reported_on == datetime.date(2025, 11, 30)
    assert TargetRevision.objects.get(pk=revision.pk).agreed_on == datetime.date(2026, 12, 31)
