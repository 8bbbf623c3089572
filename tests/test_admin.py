"""Data entry in the admin: inspectorate staff enter a report; other roles change nothing."""

import datetime

import pytest
from django.urls import reverse

from inspections.models import Inspection
from recommendations.models import Recommendation
from responses.models import HomeOfficeResponse, TargetRevision

from . import factories
from .admin_forms import change_url, post

ADD_INSPECTION = reverse("admin:inspections_inspection_add")


def test_inspectorate_staff_enter_a_report_with_two_recommendations_an_element_and_responses(staff_client):
    response = post(
        staff_client,
        ADD_INSPECTION,
        {
            "title": "An inspection of Border Force refusals",
            "short_title": "Refusals",
            "slug": "refusals-test",
            "business_area": "Border Force",
            "fieldwork_start": "2025-09-01",
            "fieldwork_end": "2026-02-01",
            "response_published_on": "2026-06-25",
            "recommendations-TOTAL_FORMS": "2",
            "recommendations-0-number": "1",
            "recommendations-0-text": "Expedite the operating model.",
            "recommendations-1-number": "2",
            "recommendations-1-text": "Overhaul the model of refusals, defining:",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    inspection = Inspection.objects.get(slug="refusals-test")
    assert inspection.fieldwork_end == datetime.date(2026, 2, 28)  # month precision: end of the month
    first, second = inspection.recommendations.order_by("number")

    response = post(
        staff_client,
        change_url(first),
        {
            "responses-TOTAL_FORMS": "1",
            "responses-0-category": "accepted",
            "responses-0-target_text": "Date of implementation: February 2027",
            "responses-0-narrative": "The Home Office recognises the need.",
        },
    )
    assert response.status_code == 302
    overall = HomeOfficeResponse.objects.get(recommendation=first)
    assert (overall.due_date, overall.due_precision) == (datetime.date(2027, 2, 28), "month")

    assert (
        post(
            staff_client,
            change_url(second),
            {"sub_elements-TOTAL_FORMS": "1", "sub_elements-0-letter": "a", "sub_elements-0-text": "A clear aim"},
        ).status_code
        == 302
    )
    element = second.sub_elements.get()
    response = post(
        staff_client,
        change_url(second),
        {
            "responses-TOTAL_FORMS": "1",
            "responses-0-sub_element": str(element.pk),
            "responses-0-category": "accepted",
            "responses-0-target_text": "Date of implementation: December 2026",
        },
    )
    assert response.status_code == 302
    second.refresh_from_db()
    assert (second.status, second.category) == (Recommendation.Status.OPEN, "accepted")
    assert element.responses.get().current_due_date == datetime.date(2026, 12, 31)

    page = staff_client.get(change_url(second)).content.decode()
    assert "“Date of implementation: December 2026” → 31 December 2026 (month)" in page


def test_an_unreadable_target_is_flagged_on_the_form(staff_client):
    rec = factories.recommendation()
    factories.response(rec, target_text="when the stars align")
    page = staff_client.get(change_url(rec)).content.decode()
    assert "could not be read. Enter the due date by hand." in page


def test_a_duplicate_number_says_what_to_fix_and_saves_nothing(staff_client):
    response = post(
        staff_client,
        ADD_INSPECTION,
        {
            "title": "Report",
            "short_title": "Report",
            "slug": "report",
            "recommendations-TOTAL_FORMS": "2",
            "recommendations-0-number": "1",
            "recommendations-0-text": "One",
            "recommendations-1-number": "1",
            "recommendations-1-text": "Also one",
        },
    )
    assert response.status_code == 200
    assert "Recommendation 1 already exists in this inspection." in response.content.decode()
    assert not Inspection.objects.exists()


def test_dates_out_of_order_say_what_to_fix(staff_client):
    response = post(
        staff_client,
        ADD_INSPECTION,
        {"title": "R", "short_title": "R", "slug": "r", "sent_on": "2025-04-01", "published_on": "2025-03-25"},
    )
    assert "A report is published after it is sent to the Home Secretary: check both dates." in (
        response.content.decode()
    )
    assert not Inspection.objects.exists()


def test_an_element_response_to_another_recommendations_element_is_refused(staff_client):
    rec, other = factories.recommendation(), factories.recommendation()
    foreign = factories.sub_element(other)
    response = post(
        staff_client,
        change_url(rec),
        {"responses-TOTAL_FORMS": "1", "responses-0-sub_element": str(foreign.pk), "responses-0-category": "accepted"},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not HomeOfficeResponse.objects.exists()


def test_an_extension_is_recorded_from_the_recommendation_page_and_then_read_only(staff_client):
    rec = factories.recommendation()
    overall = factories.response(rec, target_text="March 2026")
    response = post(
        staff_client,
        change_url(rec),
        {
            "target_revisions-2-TOTAL_FORMS": "1",
            "target_revisions-2-0-response": str(overall.pk),
            "target_revisions-2-0-new_target_text": "an extension until 30 September 2026",
            "target_revisions-2-0-reason": "Supplier delay",
            "target_revisions-2-0-requested_by": "Border Force",
            "target_revisions-2-0-agreed_by": "Director",
            "target_revisions-2-0-agreed_on": "1/3/2026",
        },
    )
    assert response.status_code == 302
    revision = TargetRevision.objects.get()
    assert (revision.previous_target_text, revision.new_due_date) == ("March 2026", datetime.date(2026, 9, 30))
    page = staff_client.get(change_url(rec)).content.decode()
    assert "Supplier delay" in page
    assert 'name="target_revisions-0-new_target_text"' not in page  # the ledger row is not editable
    assert staff_client.post(reverse("admin:responses_targetrevision_delete", args=[revision.pk])).status_code == 403


def test_deleting_an_inspection_with_responses_is_refused_with_a_message(staff_client):
    rec = factories.recommendation()
    factories.response(rec)
    url = reverse("admin:inspections_inspection_delete", args=[rec.inspection_id])
    page = staff_client.get(url).content.decode()
    assert "would require deleting the following protected related objects" in page
    staff_client.post(url, {"post": "yes"})
    assert Inspection.objects.filter(pk=rec.inspection_id).exists()


@pytest.mark.usefixtures("real_data")
def test_the_overdue_filter_lists_overdue_recommendations(staff_client, today):
    page = staff_client.get(reverse("admin:recommendations_recommendation_changelist"), {"overdue": "yes"})
    assert page.context["cl"].result_count == Recommendation.objects.overdue(today).count() == 13


@pytest.mark.usefixtures("real_data")
def test_admin_lists_and_forms_open_for_inspectorate_staff(staff_client):
    for model in ("inspections/inspection", "recommendations/recommendation", "responses/homeofficeresponse"):
        assert staff_client.get(f"/admin/{model}/").status_code == 200
    rec = Recommendation.objects.get(inspection__slug="asylum-casework-2023", number=4)
    assert staff_client.get(change_url(rec)).status_code == 200
    assert staff_client.get(change_url(rec.inspection)).status_code == 200


@pytest.mark.usefixtures("real_data")
def test_a_policy_user_cannot_enter_the_admin(client, policy_user):
    client.force_login(policy_user)
    rec = Recommendation.objects.first()
    assert client.get(change_url(rec)).status_code == 302
    client.post(change_url(rec), {"text": "changed"})
    rec.refresh_from_db()
    assert rec.text != "changed"


@pytest.mark.usefixtures("real_data")
def test_a_policy_user_given_admin_access_can_view_but_change_nothing(client, policy_user):
    policy_user.is_staff = True
    policy_user.save()
    client.force_login(policy_user)
    rec = Recommendation.objects.get(inspection__slug="clandestine-entrants-2024", number=1)
    page = client.get(change_url(rec))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert client.post(change_url(rec), {"text": "changed"}).status_code == 403
    assert client.post(ADD_INSPECTION, {"title": "x"}).status_code == 403
    assert client.post(reverse("admin:inspections_inspection_delete", args=[rec.inspection_id])).status_code == 403
    rec.refresh_from_db()
    assert rec.text.startswith("Designate a Home Office-wide")


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"ho_status": "closed"}, "Give the date the Home Office closed it (the month is enough)."),
        ({"ho_status": "blocked"}, "Name the body it is blocked by."),
        ({"number": "0"}, "A recommendation number starts at 1."),
    ],
)
def test_status_errors_say_what_to_fix_and_save_nothing(staff_client, changes, message):
    rec = factories.recommendation()
    response = post(staff_client, change_url(rec), changes)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert factories.refreshed(rec).ho_status == ""
