"""The database refuses what must never be wrong, whatever writes it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from inspections.models import Inspection
from recommendations.models import Recommendation, SubElement
from responses.models import HomeOfficeResponse

from . import factories

pytestmark = pytest.mark.django_db


def refused(action):
    with pytest.raises(IntegrityError), transaction.atomic():
        action()


def test_numbers_are_unique_within_an_inspection():
    rec = factories.recommendation(number=1)
    refused(lambda: Recommendation.objects.create(inspection=rec.inspection, number=1, text="Again"))
    Recommendation.objects.create(inspection=factories.inspection(), number=1, text="Another report may")


def test_numbers_the_documents_omit_may_be_empty_more_than_once():
    inspection = factories.inspection()
    Recommendation.objects.create(inspection=inspection, number=None, text="One")
    Recommendation.objects.create(inspection=inspection, number=None, text="Two")
    assert inspection.recommendations.filter(number=None).count() == 2


def test_a_number_starts_at_one():
    refused(lambda: factories.recommendation(number=0))


def test_letters_are_unique_within_a_recommendation():
    rec = factories.recommendation()
    factories.sub_element(rec, "a")
    refused(lambda: factories.sub_element(rec, "a"))


def test_letters_are_lower_case_letters():
    rec = factories.recommendation()
    refused(lambda: factories.sub_element(rec, "A"))
    refused(lambda: factories.sub_element(rec, "1"))


def test_one_overall_response_per_recommendation():
    rec = factories.recommendation()
    factories.response(rec)
    refused(lambda: factories.response(rec))


def test_at_most_one_response_per_sub_element():
    rec = factories.recommendation()
    element = factories.sub_element(rec)
    factories.response(rec, sub_element=element)
    refused(lambda: factories.response(rec, sub_element=element))


def test_a_sub_elements_response_belongs_to_the_same_recommendation():
    rec, other = factories.recommendation(), factories.recommendation()
    element = factories.sub_element(rec)
    refused(lambda: HomeOfficeResponse.objects.create(recommendation=other, sub_element=element, category="accepted"))
    response = factories.response(rec, sub_element=element)
    refused(lambda: HomeOfficeResponse.objects.filter(pk=response.pk).update(recommendation=other))


def test_fieldwork_starts_before_it_ends():
    refused(
        lambda: factories.inspection(
            fieldwork_start=datetime.date(2025, 6, 1), fieldwork_end=datetime.date(2025, 5, 31)
        )
    )


def test_a_report_is_sent_before_it_is_published():
    refused(lambda: factories.inspection(sent_on=datetime.date(2025, 3, 26), published_on=datetime.date(2025, 3, 25)))


def test_slugs_are_unique():
    factories.inspection(slug="same")
    refused(lambda: factories.inspection(slug="same"))


def test_closed_needs_a_date_and_blocked_needs_a_body():
    refused(lambda: factories.recommendation(ho_status="closed"))
    refused(lambda: factories.recommendation(ho_status="blocked"))


def test_a_recommendation_cannot_restate_itself():
    rec = factories.recommendation()
    refused(lambda: Recommendation.objects.filter(pk=rec.pk).update(restates=rec))


def test_deleting_an_inspection_with_responses_is_refused():
    rec = factories.recommendation()
    factories.response(rec)
    with pytest.raises(ProtectedError):
        rec.inspection.delete()
    assert Inspection.objects.filter(pk=rec.inspection_id).exists()
    assert Recommendation.objects.filter(pk=rec.pk).exists()


def test_deleting_an_inspection_without_responses_takes_its_recommendations():
    rec = factories.recommendation()
    factories.sub_element(rec)
    rec.inspection.delete()
    assert not Recommendation.objects.exists()
    assert not SubElement.objects.exists()


def test_a_target_revision_is_never_changed_once_recorded():
    response = factories.response(factories.recommendation(), target_text="March 2026")
    revision = factories.extension(response, "June 2026")
    revision.new_target_text = "December 2026"
    with pytest.raises(ValidationError, match="never changed"):
        revision.save()
    revision.refresh_from_db()
    assert revision.new_target_text == "June 2026"
