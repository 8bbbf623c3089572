"""Overdue and due soon, with target precision, against a fixed today."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from recommendations.models import Recommendation
from responses.models import HomeOfficeResponse

from . import factories
from .conftest import TODAY

END_OF_MARCH = datetime.date(2026, 3, 31)
Status = Recommendation.Status


@pytest.fixture
def march_target(db):
    rec = factories.recommendation()
    factories.response(rec, target_text="Accepted - March 2026")
    return factories.refreshed(rec)


def test_a_march_target_is_not_overdue_on_the_last_day_of_march(march_target):
    assert not march_target.is_overdue(END_OF_MARCH)
    assert not Recommendation.objects.overdue(END_OF_MARCH).exists()


def test_a_march_target_is_overdue_on_the_first_of_april(march_target):
    first_of_april = datetime.date(2026, 4, 1)
    assert march_target.is_overdue(first_of_april)
    assert list(Recommendation.objects.overdue(first_of_april)) == [march_target]


def test_an_extension_moves_the_due_date_and_keeps_the_original(march_target):
    response = march_target.responses.get()
    factories.extension(response, "an extension until 30 September 2026", reason="Funding delayed")
    response.refresh_from_db()
    assert response.due_date == END_OF_MARCH
    assert response.current_due_date == datetime.date(2026, 9, 30)
    assert response.slippage_days == 183
    assert response.revisions.count() == 1
    assert not Recommendation.objects.overdue(datetime.date(2026, 9, 30)).exists()
    assert Recommendation.objects.overdue(datetime.date(2026, 10, 1)).exists()
    assert response.days_overdue(datetime.date(2026, 10, 1)) == 1
    assert response.days_overdue(datetime.date(2026, 10, 1), against_original=True) == 184


def test_a_closed_recommendations_item_is_not_days_overdue(march_target):
    response = march_target.responses.get()
    assert response.days_overdue(datetime.date(2026, 4, 1)) == 1
    march_target.close(datetime.date(2026, 4, 1), "Evidence sent")
    response.refresh_from_db()
    assert response.days_overdue(datetime.date(2026, 4, 1)) is None
    assert response.days_overdue(datetime.date(2026, 4, 1), against_original=True) is None


def test_a_second_extension_records_the_first_as_its_previous_target(march_target):
    response = march_target.responses.get()
    factories.extension(response, "June 2026")
    second = factories.extension(response, "Q4 2026")
    assert (second.previous_target_text, second.previous_due_date) == ("June 2026", datetime.date(2026, 6, 30))
    response.refresh_from_db()
    assert response.current_due_date == datetime.date(2026, 12, 31)
    assert response.due_date == END_OF_MARCH


def test_a_closed_recommendation_is_never_overdue(march_target):
    march_target.close(on=datetime.date(2026, 2, 1), evidence="Guidance published")
    march_target.refresh_from_db()
    assert march_target.status == Status.CLOSED
    assert not march_target.is_overdue(TODAY)
    assert not Recommendation.objects.overdue(TODAY).exists()


def test_a_not_accepted_recommendation_is_never_overdue(db):
    rec = factories.recommendation()
    factories.response(rec, category="not_accepted", target_text="March 2026")
    rec.refresh_from_db()
    assert rec.status == Status.NOT_ACCEPTED
    assert not rec.is_overdue(TODAY)
    assert not Recommendation.objects.overdue(TODAY).exists()


def test_a_blocked_recommendation_still_counts_as_open_and_overdue(march_target):
    march_target.ho_status = Recommendation.HomeOfficeStatus.BLOCKED
    march_target.blocked_by = "HM Treasury"
    march_target.save()
    march_target.refresh_from_db()
    assert march_target.status == Status.BLOCKED
    assert list(Recommendation.objects.overdue(TODAY)) == [march_target]


def test_due_within_counts_from_today_inclusive(march_target):
    assert list(Recommendation.objects.due_within(30, datetime.date(2026, 3, 1))) == [march_target]
    assert list(Recommendation.objects.due_within(0, END_OF_MARCH)) == [march_target]
    assert not Recommendation.objects.due_within(29, datetime.date(2026, 3, 1)).exists()
    assert not Recommendation.objects.due_within(90, datetime.date(2026, 4, 1)).exists()


def test_open_with_no_target_date_is_its_own_bucket(db):
    rec = factories.recommendation()
    factories.response(rec, target_text="as soon as possible")
    rec.refresh_from_db()
    assert rec.status == Status.OPEN
    assert list(Recommendation.objects.open_without_target()) == [rec]
    assert not Recommendation.objects.overdue(TODAY).exists()
    assert not Recommendation.objects.due_within(10_000, TODAY).exists()


def test_a_recommendation_is_overdue_when_any_one_of_its_element_targets_is(db):
    rec = factories.recommendation()
    a, b = factories.sub_element(rec, "a"), factories.sub_element(rec, "b")
    factories.response(rec, target_text="December 2026", sub_element=a)
    factories.response(rec, target_text="October 2026", sub_element=b)
    rec.refresh_from_db()
    assert rec.is_overdue(TODAY)
    overdue_items = HomeOfficeResponse.objects.overdue(TODAY)
    assert [r.sub_element.letter for r in overdue_items] == ["b"]


@pytest.mark.usefixtures("real_data")
class TestOnTheRealData:
    def test_illegal_working_recommendations_with_2024_targets_are_overdue(self):
        overdue = Recommendation.objects.overdue(TODAY).filter(inspection__slug="illegal-working-enforcement-2023")
        assert sorted(overdue.values_list("number", flat=True)) == [1, 2, 3, 4, 5, 6]

    def test_refusals_recommendations_are_due_but_not_overdue(self):
        refusals = Recommendation.objects.filter(inspection__slug="border-force-refusals-2026")
        assert not refusals.overdue(TODAY).exists()
        assert sorted(refusals.due_within(160, TODAY).values_list("number", flat=True)) == [1, 2]

    def test_clandestine_entrants_recommendation_4_is_never_overdue(self):
        rec = Recommendation.objects.get(inspection__slug="clandestine-entrants-2024", number=4)
        assert not rec.is_overdue(TODAY)
        assert not Recommendation.objects.overdue(TODAY).filter(pk=rec.pk).exists()

    def test_row_and_queryset_forms_of_overdue_agree_on_every_fixture_row(self):
        for day in (datetime.date(2024, 5, 1), datetime.date(2026, 4, 1), TODAY, datetime.date(2027, 5, 1)):
            overdue = set(Recommendation.objects.overdue(day))
            assert {r for r in Recommendation.objects.all() if r.is_overdue(day)} == overdue
            items = set(HomeOfficeResponse.objects.overdue(day))
            assert {r for r in HomeOfficeResponse.objects.all() if r.is_overdue(day)} == items

    def test_the_disputed_recommendation_is_found_by_disputed(self):
        assert [(r.inspection.slug, r.number) for r in Recommendation.objects.disputed()] == [
            ("asylum-casework-2023", 4)
        ]


@pytest.mark.usefixtures("today")
def test_a_closed_item_is_never_tagged_or_exported_as_overdue(client, policy_user, real_data):
    client.force_login(policy_user)
    rec = Recommendation.objects.get(inspection__slug="illegal-working-enforcement-2023", number=1)
    rec.close(on=datetime.date(2024, 5, 1), evidence="Guidance reviewed")
    params = {"status": "closed", "inspection": "illegal-working-enforcement-2023"}
    html = client.get(reverse("recommendations:due"), params).content.decode()
    assert ">Overdue</strong>" not in html
    export = client.get(reverse("recommendations:due-export"), params)
    (row,) = csv.DictReader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig")))
    assert row["Days overdue"] == ""
    assert row["Status"] == "Closed"


@pytest.mark.usefixtures("today")
def test_a_whole_recommendation_response_without_a_target_is_not_tracked_beside_element_targets(db):
    rec = factories.recommendation()
    element = factories.sub_element(rec)
    overall = factories.response(rec)  # "Accepted", no target: the element carries it
    factories.response(rec, target_text="March 2026", sub_element=element)
    tracked = HomeOfficeResponse.objects.tracked()
    assert [r.sub_element_id for r in tracked] == [element.pk]
    assert not overall.is_tracked()  # the row form, from its siblings
    overall.refresh_from_db()
    assert not overall.tracked  # what the element's target changed in the stored flag


@pytest.mark.usefixtures("today")
def test_the_whole_recommendation_response_is_tracked_again_when_the_element_target_goes(db):
    rec = factories.recommendation()
    element = factories.sub_element(rec)
    overall = factories.response(rec)
    element_response = factories.response(rec, target_text="March 2026", sub_element=element)
    element_response.target_text = ""
    element_response.due_date = None
    element_response.save()
    assert list(HomeOfficeResponse.objects.tracked()) == [overall]


@pytest.mark.usefixtures("today")
def test_the_lists_follow_the_recommendation_status_its_responses_keep(db, today):
    rec = factories.recommendation()
    response = factories.response(rec, target_text="March 2026")
    assert list(HomeOfficeResponse.objects.overdue(today)) == [response]
    rec.close(today, "Done")
    assert not HomeOfficeResponse.objects.overdue(today).exists()
    response.refresh_from_db()
    assert response.recommendation_status == Recommendation.Status.CLOSED


@pytest.mark.usefixtures("today")
def test_an_element_whose_only_target_is_an_extension_is_tracked_and_overdue(db, today):
    rec = factories.recommendation()
    element = factories.sub_element(rec)
    factories.response(rec, target_text="by the end of 2026")
    element_response = factories.response(rec, sub_element=element)
    factories.extension(element_response, "an extension until 31 March 2026")
    overdue = HomeOfficeResponse.objects.overdue(today)
    assert [r.pk for r in overdue] == [element_response.pk]
    assert Recommendation.objects.overdue(today).get() == rec
