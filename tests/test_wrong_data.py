"""Facts that cannot be true, or cannot be traced, are refused at entry with a message that says what to fix."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from inspections.models import Inspection
from recommendations.models import Recommendation
from responses.models import HomeOfficeResponse, TargetRevision
from responses.parsing import parse_response
from responses.targets import parse_target

from . import factories
from .admin_forms import change_url, post

NEW_REVISION = "target_revisions-2"


def extension_post(client, rec, response, **fields):
    changes = {
        f"{NEW_REVISION}-TOTAL_FORMS": "1",
        f"{NEW_REVISION}-0-response": str(response.pk),
        f"{NEW_REVISION}-0-new_target_text": "an extension until 30 September 2026",
    }
    changes.update({f"{NEW_REVISION}-0-{name}": value for name, value in fields.items()})
    return post(client, change_url(rec), changes)


def test_an_extension_with_only_a_new_target_is_refused_field_by_field(staff_client):
    rec = factories.recommendation()
    response = factories.response(rec, target_text="March 2026")
    page = extension_post(staff_client, rec, response)
    assert page.status_code == 200
    html = page.content.decode()
    for message in (
        "Enter the reason for the extension",
        "Enter who asked for the extension",
        "Enter who agreed the extension",
        "Enter when the extension was agreed",
    ):
        assert message in html
    assert not TargetRevision.objects.exists()
    assert factories.refreshed(response).current_due_date == datetime.date(2026, 3, 31)


def test_a_source_that_does_not_state_the_details_must_be_named(staff_client):
    rec = factories.recommendation()
    response = factories.response(rec, target_text="March 2026")
    page = extension_post(staff_client, rec, response, details_not_stated="on")
    assert "Name the source that does not state them." in page.content.decode()
    assert not TargetRevision.objects.exists()

    source = "Home Office report of November 2025, quoted in the 2025 report"
    page = extension_post(staff_client, rec, response, details_not_stated="on", source=source, agreed_by="ICIBI")
    assert page.status_code == 302
    revision = TargetRevision.objects.get()
    assert (revision.source, revision.agreed_by, revision.reason) == (source, "ICIBI", "")


def test_the_database_refuses_an_untraceable_extension_whatever_writes_it(db):
    response = factories.response(factories.recommendation(), target_text="March 2026")
    with pytest.raises(IntegrityError), transaction.atomic():
        TargetRevision.objects.create(response=response, new_target_text="June 2026", reason="Delay")
    with pytest.raises(IntegrityError), transaction.atomic():
        TargetRevision.objects.create(response=response, new_target_text="June 2026", details_not_stated=True)


@pytest.mark.usefixtures("real_data")
def test_the_real_extension_says_its_source_does_not_state_who_asked():
    revision = TargetRevision.objects.get()
    assert revision.details_not_stated
    assert revision.source.startswith("Home Office report of November 2025")


def test_a_closure_dated_in_the_future_is_refused(staff_client, today):
    rec = factories.recommendation()
    factories.response(rec)
    changes = {"ho_status": "closed", "closed_on": "1/1/2027", "closure_evidence": "Guidance published."}
    page = post(staff_client, change_url(rec), changes)
    assert "The closure date is in the future: enter the date it was closed." in page.content.decode()
    assert factories.refreshed(rec).ho_status == ""


def test_a_closure_this_month_given_to_the_month_is_not_in_the_future(staff_client, today):
    rec = factories.recommendation()
    factories.response(rec)
    changes = {
        "ho_status": "closed",
        "closed_on": f"1/{today.month}/{today.year}",
        "closed_precision": "month",
        "closure_evidence": "Guidance published.",
    }
    assert post(staff_client, change_url(rec), changes).status_code == 302
    assert factories.refreshed(rec).status == Recommendation.Status.CLOSED


def test_a_closure_needs_its_evidence(staff_client, today):
    rec = factories.recommendation()
    factories.response(rec)
    page = post(staff_client, change_url(rec), {"ho_status": "closed", "closed_on": "1/3/2026"})
    assert "Say what shows it was closed" in page.content.decode()
    assert factories.refreshed(rec).ho_status == ""
    with pytest.raises(IntegrityError), transaction.atomic():
        Recommendation.objects.filter(pk=rec.pk).update(ho_status="closed", closed_on=datetime.date(2026, 3, 1))


def test_an_assessment_needs_its_date_and_source(staff_client, today):
    rec = factories.recommendation()
    factories.response(rec)
    page = post(staff_client, change_url(rec), {"assessment": "not_implemented"}).content.decode()
    assert "Enter the date of the assessment" in page
    assert "Name the inspection or review the assessment comes from." in page
    assert factories.refreshed(rec).assessment == Recommendation.Assessment.NOT_ASSESSED
    changes = {"assessment": "not_implemented", "assessed_on": "30/6/2026", "assessment_source": "2026 inspection"}
    assert post(staff_client, change_url(rec), changes).status_code == 302
    with pytest.raises(IntegrityError), transaction.atomic():
        Recommendation.objects.filter(pk=rec.pk).update(assessment_source="")


def test_a_due_date_that_contradicts_its_own_target_needs_confirming(staff_client):
    rec = factories.recommendation()
    response = factories.response(rec, target_text="March 2026")
    url = change_url(response)
    page = post(staff_client, url, {"target_text": "by the end of 2024", "due_date": "15/6/2024"})
    assert page.status_code == 200
    assert "“by the end of 2024”, means 31 December 2024, but the due date says 15 June 2024" in page.content.decode()
    assert factories.refreshed(response).target_text == "March 2026"

    changes = {"target_text": "by the end of 2024", "due_date": "15/6/2024", "keep_due_date": "on"}
    assert post(staff_client, url, changes).status_code == 302
    assert factories.refreshed(response).due_date == datetime.date(2024, 6, 15)


def test_a_new_target_text_with_its_old_date_untouched_is_read_again_not_questioned(staff_client):
    response = factories.response(factories.recommendation(), target_text="March 2026")
    assert post(staff_client, change_url(response), {"target_text": "by the end of 2024"}).status_code == 302
    response = factories.refreshed(response)
    assert (response.due_date, response.due_precision) == (datetime.date(2024, 12, 31), "year")


def test_an_extension_date_that_contradicts_its_text_needs_confirming(staff_client):
    rec = factories.recommendation()
    response = factories.response(rec, target_text="March 2026")
    details = {"reason": "Delay", "requested_by": "Border Force", "agreed_by": "ICIBI", "agreed_on": "1/3/2026"}
    page = extension_post(staff_client, rec, response, new_due_date="1/1/2027", **details)
    assert "means 30 September 2026, but the due date says 1 January 2027" in page.content.decode()
    assert not TargetRevision.objects.exists()


def test_the_import_and_the_admin_read_a_labelled_expected_date_the_same_way(db):
    line = "Home Office expected implementation date: 31 March 2024."
    text = f"Recommendation 1: Improve the guidance.\n\nAccepted.\n\nThe Home Office will revise it.\n\n{line}\n"
    parsed = parse_response(text).recommendations[0]
    assert (parsed.due_date, parsed.due_precision) == parse_target(line) == (datetime.date(2024, 3, 31), "day")
    rec = factories.recommendation()
    response = HomeOfficeResponse.objects.create(recommendation=rec, category="accepted", target_text=line)
    assert (response.due_date, response.due_precision) == (parsed.due_date, parsed.due_precision)


def test_a_published_response_is_not_awaited_even_where_a_category_is_not_recorded(client, policy_user, today):
    inspection = factories.inspection(published_on=None, response_published_on=datetime.date(2026, 6, 25))
    rec = factories.recommendation(inspection)
    assert factories.refreshed(rec).status == Recommendation.Status.CATEGORY_MISSING
    assert not Recommendation.objects.awaiting_response().exists()
    client.force_login(policy_user)
    page = client.get(reverse("recommendations:awaiting-response")).content.decode()
    assert inspection.title not in page

    # The response date was a mistake: the recommendation is awaiting its response again.
    inspection.response_published_on = None
    inspection.save()
    assert factories.refreshed(rec).status == Recommendation.Status.AWAITING_RESPONSE
    assert inspection.title in client.get(reverse("recommendations:awaiting-response")).content.decode()


@pytest.mark.usefixtures("real_data")
def test_the_recommendation_page_says_what_the_source_of_an_extension_leaves_out(client, policy_user, today):
    revision = TargetRevision.objects.get()
    client.force_login(policy_user)
    page = client.get(reverse("recommendations:detail", args=[revision.recommendation_id])).content.decode()
    assert "Reason not stated in the source. Who asked: not stated in the source" in page
    assert "Source: Home Office report of November 2025" in page


@pytest.mark.usefixtures("real_data", "today")
def test_the_admin_refuses_a_published_date_in_9999_and_saves_nothing(staff_client):
    inspection = Inspection.objects.filter(published_on__isnull=False).first()
    before = inspection.published_on
    response = post(staff_client, change_url(inspection), {"published_on": "31/12/9999"})
    assert response.status_code == 200
    assert "Enter a date between 1990 and 2100 for published (laid)" in response.content.decode()
    inspection.refresh_from_db()
    assert inspection.published_on == before


@pytest.mark.usefixtures("real_data", "today")
def test_the_admin_refuses_a_due_date_in_9999_on_a_response_inline(staff_client):
    item = HomeOfficeResponse.objects.filter(sub_element__isnull=True, due_date__isnull=False).first()
    forms = list(HomeOfficeResponse.objects.filter(recommendation=item.recommendation).order_by("sub_element__letter"))
    index = forms.index(item)
    response = post(staff_client, change_url(item.recommendation), {f"responses-{index}-due_date": "31/12/9999"})
    assert response.status_code == 200
    assert "Enter a date between 1990 and 2100 for original due date" in response.content.decode()
    assert HomeOfficeResponse.objects.get(pk=item.pk).due_date == item.due_date


@pytest.mark.usefixtures("real_data", "today")
def test_a_date_in_range_is_still_accepted(staff_client):
    inspection = Inspection.objects.filter(published_on__isnull=False).first()
    response = post(staff_client, change_url(inspection), {"sent_on": "01/01/1990"})
    assert response.status_code == 302
