"""A response or an element is never moved to another recommendation: the old one would keep its
status and next due date, and the response's target revisions would point at it."""

import pytest
from django.core.exceptions import ValidationError

from recommendations.models import SubElement
from responses.models import HomeOfficeResponse

from . import factories
from .admin_forms import post


@pytest.fixture
def two(db):
    first, second = factories.recommendation(), factories.recommendation()
    return first, second


def test_a_response_cannot_be_moved_through_the_orm(two):
    first, second = two
    response = factories.response(first, target_text="by the end of 2024")
    response = HomeOfficeResponse.objects.get(pk=response.pk)
    response.recommendation = second
    with pytest.raises(ValidationError, match="cannot be moved to another recommendation"):
        response.full_clean()
    with pytest.raises(ValidationError, match="cannot be moved to another recommendation"):
        response.save()
    assert HomeOfficeResponse.objects.get(pk=response.pk).recommendation_id == first.pk


def test_a_response_just_created_cannot_be_moved_either(two):
    first, second = two
    response = factories.response(first)
    response.recommendation = second
    with pytest.raises(ValidationError, match="cannot be moved"):
        response.save()


def test_an_element_cannot_be_moved_through_the_orm(two):
    first, second = two
    element = SubElement.objects.get(pk=factories.sub_element(first).pk)
    element.recommendation = second
    with pytest.raises(ValidationError) as refused:
        element.full_clean()
    assert "An element cannot be moved" in str(refused.value.message_dict["recommendation"])
    with pytest.raises(ValidationError):
        element.save()
    element.recommendation = first
    element.text = "Edited"
    element.save()  # everything else stays editable


def test_the_admin_offers_the_recommendation_when_adding_a_response_and_fixes_it_after(staff_client, two):
    first, second = two
    add = staff_client.get("/admin/responses/homeofficeresponse/add/")
    assert 'name="recommendation"' in add.text
    response = factories.response(first, target_text="by the end of 2024")
    url = f"/admin/responses/homeofficeresponse/{response.pk}/change/"
    page = staff_client.get(url)
    assert 'name="recommendation"' not in page.text
    assert str(first) in page.text  # shown, read only

    sent = post(staff_client, url, {"recommendation": str(second.pk), "narrative": "Edited."})
    assert sent.status_code == 302
    response.refresh_from_db()
    assert (response.recommendation_id, response.narrative) == (first.pk, "Edited.")
    assert first.responses.count() == 1 and not second.responses.exists()
