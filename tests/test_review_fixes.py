"""Rules a review found broken at the edges, each pinned by a test."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from recommendations.models import Recommendation
from responses.models import HomeOfficeResponse

from . import factories

pytestmark = pytest.mark.usefixtures("today")


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


def test_changing_the_target_text_reads_the_due_date_again(db):
    response = factories.response(factories.recommendation(), target_text="by April 2024")
    response.target_text = "by July 2027"
    response.save()  # the admin form sends the old derived date back with the new text
    response.refresh_from_db()
    assert (response.due_date, response.current_due_date) == (datetime.date(2027, 7, 31), datetime.date(2027, 7, 31))


def test_a_date_typed_with_new_text_is_kept(db):
    response = factories.response(factories.recommendation(), target_text="by April 2024")
    response.target_text = "once funding is agreed"
    response.due_date, response.due_precision = datetime.date(2027, 1, 15), "day"
    response.save()
    response.refresh_from_db()
    assert (response.due_date, response.due_precision) == (datetime.date(2027, 1, 15), "day")


def test_the_overview_copes_with_an_inspection_with_no_dates(client, manager_user):
    inspection = factories.inspection(published_on=None)
    factories.response(factories.recommendation(inspection))
    client.force_login(manager_user)
    response = client.get(reverse("recommendations:overview"))
    assert response.status_code == 200
    assert "Year not recorded" in response.content.decode()


def test_a_whole_recommendation_response_without_a_target_is_not_tracked_beside_element_targets(db):
    rec = factories.recommendation()
    element = factories.sub_element(rec)
    overall = factories.response(rec)  # "Accepted", no target: the element carries it
    factories.response(rec, target_text="March 2026", sub_element=element)
    tracked = HomeOfficeResponse.objects.tracked()
    assert [r.sub_element_id for r in tracked] == [element.pk]
    assert not overall.is_tracked


def test_an_element_whose_only_target_is_an_extension_is_tracked_and_overdue(db, today):
    rec = factories.recommendation()
    element = factories.sub_element(rec)
    factories.response(rec, target_text="by the end of 2026")
    element_response = factories.response(rec, sub_element=element)
    factories.extension(element_response, "an extension until 31 March 2026")
    overdue = HomeOfficeResponse.objects.overdue(today)
    assert [r.pk for r in overdue] == [element_response.pk]
    assert Recommendation.objects.overdue(today).get() == rec


def test_text_a_spreadsheet_would_run_as_a_formula_is_exported_as_text(client, policy_user):
    inspection = factories.inspection(title='=HYPERLINK("http://evil")')
    factories.response(factories.recommendation(inspection, text="@SUM(A1)"), target_text="March 2027")
    client.force_login(policy_user)
    export = client.get(reverse("recommendations:due-export"))
    (row,) = csv.DictReader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig")))
    assert row["Inspection"] == '\'=HYPERLINK("http://evil")'
    assert row["Recommendation text"] == "'@SUM(A1)"


def test_only_web_addresses_become_links_on_the_inspection_page(client, policy_user):
    inspection = factories.inspection(report_url="javascript:alert(1)", response_url="https://www.gov.uk/x")
    client.force_login(policy_user)
    html = client.get(reverse("inspections:detail", args=[inspection.slug])).content.decode()
    assert "javascript:" not in html
    assert 'href="https://www.gov.uk/x"' in html


def test_elements_flagged_for_a_person_show_what_to_check(client, policy_user, real_data):
    rec = Recommendation.objects.get(inspection__slug="clandestine-entrants-2024", number=2)
    client.force_login(policy_user)
    html = client.get(reverse("recommendations:detail", args=[rec.pk])).content.decode()
    assert html.count(">To check</strong>") == 3
    assert "the Home Office does not accept the need to commission research" in html


def test_blocked_items_show_the_body_they_wait_on(client, policy_user, real_data):
    rec = Recommendation.objects.get(inspection__slug="clandestine-entrants-2024", number=5)
    rec.ho_status, rec.blocked_by = Recommendation.HomeOfficeStatus.BLOCKED, "HM Treasury"
    rec.save()
    client.force_login(policy_user)
    for url in (reverse("recommendations:overdue"), reverse("recommendations:due") + "?status=blocked"):
        assert "Waiting on HM Treasury" in client.get(url).content.decode()


def test_the_due_list_says_how_many_recommendations_its_items_come_from(client, policy_user, real_data):
    client.force_login(policy_user)
    response = client.get(reverse("recommendations:due"), {"inspection": "border-force-refusals-2026"})
    assert "6 items from 2 recommendations" in response.content.decode()
