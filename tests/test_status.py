"""Status is decided in one place and stays right whatever changes."""

import datetime

import pytest

from recommendations.choices import Category, roll_up
from recommendations.models import Recommendation
from responses.models import HomeOfficeResponse

from . import factories

Status = Recommendation.Status
pytestmark = pytest.mark.django_db


def status_of(rec):
    return factories.refreshed(rec).status


def test_a_recommendation_with_no_response_is_awaiting_one():
    assert status_of(factories.recommendation()) == Status.AWAITING_RESPONSE


@pytest.mark.parametrize("category", [Category.ACCEPTED, Category.PARTIALLY_ACCEPTED])
def test_an_accepted_or_partially_accepted_recommendation_is_open_until_closed(category):
    rec = factories.recommendation()
    factories.response(rec, category=category, target_text="2027")
    assert status_of(rec) == Status.OPEN
    rec.close(on=datetime.date(2026, 11, 1), evidence="Published", precision="month")
    rec.refresh_from_db()
    assert (rec.status, rec.closed_in_words) == (Status.CLOSED, "November 2026")
    assert rec.closed_on == datetime.date(2026, 11, 30)


def test_known_open_without_a_recorded_category_is_open():
    rec = factories.recommendation(ho_status=Recommendation.HomeOfficeStatus.OPEN)
    assert status_of(rec) == Status.OPEN


def test_closed_but_assessed_not_fully_implemented_is_disputed():
    rec = factories.recommendation()
    factories.response(rec)
    rec.close(on=datetime.date(2024, 2, 29), evidence="Closed on publication")
    rec.assessment = Recommendation.Assessment.PARTIALLY_IMPLEMENTED
    rec.assessed_on, rec.assessment_source = datetime.date(2026, 6, 30), "A later inspection"
    rec.save()
    assert status_of(rec) == Status.DISPUTED
    assert list(Recommendation.objects.disputed()) == [rec]
    rec.assessment = Recommendation.Assessment.IMPLEMENTED
    rec.save()
    assert status_of(rec) == Status.CLOSED


def test_a_restated_recommendation_is_superseded_and_recovers_when_the_link_is_removed():
    earlier = factories.recommendation()
    factories.response(earlier)
    later = factories.recommendation(restates=earlier)
    assert status_of(earlier) == Status.SUPERSEDED
    later.restates = None
    later.save()
    assert status_of(earlier) == Status.OPEN


def test_an_element_that_restates_supersedes_the_earlier_recommendation():
    earlier = factories.recommendation(ho_status=Recommendation.HomeOfficeStatus.OPEN)
    later = factories.recommendation()
    element = factories.sub_element(later, "e", restates=earlier)
    assert status_of(earlier) == Status.SUPERSEDED
    element.delete()
    assert status_of(earlier) == Status.OPEN


def test_element_categories_roll_up_when_there_is_no_overall_response():
    rec = factories.recommendation()
    a, b = factories.sub_element(rec, "a"), factories.sub_element(rec, "b")
    factories.response(rec, category=Category.ACCEPTED, sub_element=a)
    factories.response(rec, category=Category.NOT_ACCEPTED, sub_element=b)
    assert factories.refreshed(rec).category == Category.PARTIALLY_ACCEPTED


@pytest.mark.parametrize(
    "categories, expected",
    [
        (["accepted", "accepted"], "accepted"),
        (["not_accepted", "not_accepted"], "not_accepted"),
        (["accepted", "not_accepted"], "partially_accepted"),
        (["accepted", "partially_accepted"], "partially_accepted"),
        (["accepted", None], "accepted"),
        ([], None),
    ],
)
def test_roll_up_of_element_categories(categories, expected):
    assert roll_up(categories) == expected


def test_the_overall_category_wins_over_the_elements():
    rec = factories.recommendation()
    element = factories.sub_element(rec)
    factories.response(rec, category=Category.PARTIALLY_ACCEPTED)
    factories.response(rec, category=Category.ACCEPTED, sub_element=element)
    assert factories.refreshed(rec).category == Category.PARTIALLY_ACCEPTED


def test_deleting_the_only_response_returns_the_recommendation_to_awaiting_response():
    rec = factories.recommendation()
    response = factories.response(rec)
    assert status_of(rec) == Status.OPEN
    response.delete()
    assert status_of(rec) == Status.AWAITING_RESPONSE


def test_editing_an_original_target_without_revisions_moves_the_current_target():
    rec = factories.recommendation()
    response = factories.response(rec, target_text="March 2026")
    response.target_text = "by the end of 2026"
    response.due_date = None
    response.save()
    response.refresh_from_db()
    assert (response.current_due_date, response.current_due_precision) == (datetime.date(2026, 12, 31), "year")


def test_an_unreadable_target_is_kept_and_flagged_never_guessed():
    rec = factories.recommendation()
    response = factories.response(rec, target_text="once the new system beds in, probably spring-ish")
    response.refresh_from_db()
    assert response.target_text == "once the new system beds in, probably spring-ish"
    assert (response.due_date, response.due_precision) == (None, "unknown")
    assert response.target_needs_checking


def test_a_date_typed_by_a_person_is_kept_over_the_text():
    rec = factories.recommendation()
    response = factories.response(rec, target_text="sometime in spring-ish", due_date=datetime.date(2026, 5, 15))
    response.refresh_from_db()
    assert (response.due_date, response.due_precision) == (datetime.date(2026, 5, 15), "day")


@pytest.mark.usefixtures("real_data")
def test_stored_status_and_category_equal_a_fresh_derivation_on_every_fixture_row():
    for rec in Recommendation.objects.all():
        assert (rec.category, rec.status, rec.next_due_date) == rec.derived(), rec
    for response in HomeOfficeResponse.objects.all():
        stored = (response.current_target_text, response.current_due_date, response.revision_count)
        response.refresh_current_target()
        assert (response.current_target_text, response.current_due_date, response.revision_count) == stored
        assert response.revision_count == response.revisions.count()
        assert response.search_document == response.derive_search_document()


def test_the_next_due_date_follows_every_change_of_target():
    rec = factories.recommendation()
    element = factories.sub_element(rec)
    assert factories.refreshed(rec).next_due_date is None
    whole = factories.response(rec, target_text="by the end of March 2027")
    assert factories.refreshed(rec).next_due_date == datetime.date(2027, 3, 31)
    on_element = factories.response(rec, sub_element=element, target_text="by December 2026")
    assert factories.refreshed(rec).next_due_date == datetime.date(2026, 12, 31)
    factories.extension(on_element, "an extension until 30 June 2027")
    assert factories.refreshed(rec).next_due_date == datetime.date(2027, 3, 31)
    whole.delete()
    assert factories.refreshed(rec).next_due_date == datetime.date(2027, 6, 30)


def test_search_finds_a_response_by_its_recommendation_s_new_wording():
    rec = factories.recommendation(text="Publish the guidance.")
    element = factories.sub_element(rec)
    response = factories.response(rec, sub_element=element)
    rec.text = "Train every officer at the juxtaposed controls."
    rec.save()
    element.text = "Measure the effect of the training."
    element.save()
    response.refresh_from_db()
    assert response.search_document == response.derive_search_document()
    assert "juxtaposed" in response.search_document and "Measure the effect" in response.search_document
    assert list(HomeOfficeResponse.objects.search("juxtaposed")) == [response]


@pytest.mark.usefixtures("today")
def test_changing_the_target_text_reads_the_due_date_again(db):
    response = factories.response(factories.recommendation(), target_text="by April 2024")
    response.target_text = "by July 2027"
    response.save()  # the admin form sends the old derived date back with the new text
    response.refresh_from_db()
    assert (response.due_date, response.current_due_date) == (datetime.date(2027, 7, 31), datetime.date(2027, 7, 31))


@pytest.mark.usefixtures("today")
def test_a_date_typed_with_new_text_is_kept(db):
    response = factories.response(factories.recommendation(), target_text="by April 2024")
    response.target_text = "once funding is agreed"
    response.due_date, response.due_precision = datetime.date(2027, 1, 15), "day"
    response.save()
    response.refresh_from_db()
    assert (response.due_date, response.due_precision) == (datetime.date(2027, 1, 15), "day")
