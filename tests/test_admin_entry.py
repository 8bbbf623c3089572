"""Issue 10 item 11: admin date boxes read dates as people write them and say the format when
they cannot; a clashing number is named; the response form offers only its recommendation's
elements; elements and responses can be added without JavaScript."""

import datetime

import pytest
from django import forms
from django.urls import reverse

from icibi_tracker.admin import EntryDateField
from inspections.models import Inspection
from recommendations.models import Recommendation
from responses.models import HomeOfficeResponse

from . import factories
from .admin_forms import change_url, filled, post

ADD_RESPONSE = reverse("admin:responses_homeofficeresponse_add")


def date_boxes(client, url):
    """The names of every date box on an admin page, its inlines' rows included."""
    page = client.get(url)
    shown = [page.context["adminform"].form]
    shown += [form for inline in page.context["inline_admin_formsets"] for form in inline.formset.forms]
    boxes = {form.add_prefix(name): field for form in shown for name, field in form.fields.items()}
    return {name: field for name, field in boxes.items() if isinstance(field, forms.DateField)}


@pytest.fixture
def rec_with_everything():
    rec = factories.recommendation()
    factories.sub_element(rec)
    factories.response(rec, target_text="October 2026")
    factories.update(rec)
    return rec


def test_every_admin_date_box_says_the_format_it_wants(staff_client, rec_with_everything):
    response = factories.response(rec_with_everything, sub_element=rec_with_everything.sub_elements.get())
    pages = [change_url(rec_with_everything.inspection), change_url(rec_with_everything), change_url(response)]
    checked = 0
    for url in pages:
        boxes = date_boxes(staff_client, url)
        assert boxes and all(isinstance(field, EntryDateField) for field in boxes.values()), url
        for name in boxes:
            page = post(staff_client, url, {name: "31st of Febtober"}).content.decode()
            assert "Enter a date like 21/2/2023" in page, (url, name)
            checked += 1
    assert checked >= 12


@pytest.mark.parametrize("typed", ["21 February 2023", "21 Feb 2023", "21/2/2023", "2023-02-21"])
def test_a_date_written_out_is_accepted(staff_client, typed):
    inspection = factories.inspection(published_on=datetime.date(2023, 3, 1))
    assert post(staff_client, change_url(inspection), {"sent_on": typed}).status_code == 302
    assert factories.refreshed(inspection).sent_on == datetime.date(2023, 2, 21)


def test_a_month_alone_sets_month_precision_and_keeps_the_last_day(staff_client):
    rec = factories.recommendation()
    response = post(
        staff_client,
        change_url(rec),
        {"ho_status": "closed", "closed_on": "May 2022", "closed_precision": "day", "closure_evidence": "Annex A."},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    rec = factories.refreshed(rec)
    assert (rec.closed_on, rec.closed_precision) == (datetime.date(2022, 5, 31), "month")
    assert rec.closed_in_words == "May 2022"


def test_a_month_known_date_is_shown_as_the_month_and_saving_it_again_changes_nothing(staff_client):
    inspection = factories.inspection(published_on=datetime.date(2022, 5, 31), published_precision="month")
    page = staff_client.get(change_url(inspection)).content.decode()
    assert 'name="published_on" value="May 2022"' in page
    data = filled(staff_client, change_url(inspection), {})
    data["published_on"] = "May 2022"  # what the browser sends back
    history = inspection.history.count()
    assert staff_client.post(change_url(inspection), data).status_code == 302
    assert factories.refreshed(inspection).published_on == datetime.date(2022, 5, 31)
    assert inspection.history.count() == history + 1  # a save, and nothing in it reads as a change
    latest, before = inspection.history.all()[:2]
    assert latest.diff_against(before).changed_fields == ["version"]


def test_fieldwork_months_are_accepted_alone(staff_client):
    inspection = factories.inspection()
    changes = {"fieldwork_start": "September 2025", "fieldwork_end": "Feb 2026"}
    assert post(staff_client, change_url(inspection), changes).status_code == 302
    inspection = factories.refreshed(inspection)
    assert (inspection.fieldwork_start, inspection.fieldwork_end) == (
        datetime.date(2025, 9, 1),
        datetime.date(2026, 2, 28),
    )


def test_a_month_alone_is_refused_where_the_day_is_needed(staff_client):
    inspection = factories.inspection()
    page = post(staff_client, change_url(inspection), {"sent_on": "May 2022"}).content.decode()
    assert "Enter a date like 21/2/2023" in page
    assert "or a month like" not in page.split('id="id_sent_on"')[0].rsplit("errorlist", 1)[-1]
    assert factories.refreshed(inspection).sent_on is None


def test_a_month_outside_the_plausible_years_is_refused(staff_client):
    inspection = factories.inspection()
    page = post(staff_client, change_url(inspection), {"published_on": "May 2999"}).content.decode()
    assert "Enter a date between 1990 and 2100 for published (laid)" in page
    assert factories.refreshed(inspection).published_on == datetime.date(2025, 3, 25)


def test_a_second_recommendation_3_is_named_in_the_inspections_inline(staff_client):
    inspection = factories.inspection()
    for _ in range(3):
        factories.recommendation(inspection)
    response = post(
        staff_client,
        change_url(inspection),
        {"recommendations-3-number": "3", "recommendations-3-text": "A second recommendation 3."},
    )
    assert response.status_code == 200
    assert "Recommendation 3 already exists in this inspection." in response.content.decode()
    assert inspection.recommendations.count() == 3


def test_a_second_recommendation_3_is_named_on_the_recommendation_form(staff_client):
    inspection = factories.inspection()
    for _ in range(3):
        factories.recommendation(inspection)
    url = reverse("admin:recommendations_recommendation_add")
    response = post(staff_client, url, {"inspection": str(inspection.pk), "number": "3", "text": "Again."})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Recommendation 3 already exists in this inspection." in page
    assert "already has a recommendation with this number" not in page
    assert inspection.recommendations.count() == 3


def element_choices(response):
    return {str(e.pk) for e in response.context["adminform"].form.fields["sub_element"].queryset}


def test_the_response_form_offers_only_its_recommendations_elements(staff_client):
    rec, other = factories.recommendation(), factories.recommendation()
    own = {str(factories.sub_element(rec, letter).pk) for letter in "ab"}
    factories.sub_element(other)
    response = factories.response(rec)
    assert element_choices(staff_client.get(change_url(response))) == own
    assert element_choices(staff_client.get(ADD_RESPONSE, {"recommendation": rec.pk})) == own
    # Chosen on the form and sent back, refused for another reason: the form comes back with its elements.
    refused = staff_client.post(ADD_RESPONSE, {"recommendation": rec.pk, "due_date": "soon", "due_precision": "none"})
    assert refused.status_code == 200
    assert element_choices(refused) == own


def test_an_element_of_another_recommendation_is_still_refused(staff_client):
    rec, other = factories.recommendation(), factories.recommendation()
    foreign = factories.sub_element(other)
    refused = staff_client.post(
        ADD_RESPONSE,
        {"recommendation": rec.pk, "sub_element": foreign.pk, "category": "accepted", "due_precision": "none"},
    )
    assert refused.status_code == 200
    assert not HomeOfficeResponse.objects.exists()


@pytest.mark.parametrize("value", ["abc", "9" * 25, "-1"])
def test_a_hostile_recommendation_in_the_address_offers_every_element_and_no_error(staff_client, value):
    factories.sub_element(factories.recommendation())
    assert staff_client.get(ADD_RESPONSE, {"recommendation": value}).status_code == 200


def test_the_recommendation_page_has_blank_rows_for_elements_and_a_response(staff_client):
    rec = factories.recommendation()
    page = staff_client.get(change_url(rec))
    extra = {inline.formset.prefix: len(inline.formset.extra_forms) for inline in page.context["inline_admin_formsets"]}
    assert extra["sub_elements"] >= 3 and extra["responses"] >= 1 and extra["progress_updates"] >= 1
    inspection_page = staff_client.get(change_url(rec.inspection))
    (recommendations,) = inspection_page.context["inline_admin_formsets"]
    assert len(recommendations.formset.extra_forms) >= 1


def test_unchanged_blank_rows_save_nothing(staff_client):
    rec = factories.recommendation()
    assert post(staff_client, change_url(rec), {}).status_code == 302
    assert not rec.sub_elements.exists() and not rec.responses.exists() and not rec.progress_updates.exists()
    assert Recommendation.objects.count() == Inspection.objects.count() == 1
