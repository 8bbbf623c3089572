"""In a real browser: the Content-Security-Policy breaks nothing, the history
and the as-of view read well, and a refused second save says what changed."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from recommendations.models import Recommendation
from responses.models import HomeOfficeResponse

from .conftest import screenshot, serious_accessibility_problems, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("real_data", "today")]


def policy_violations(page):
    found = []
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and found.append(f"{page.url}: {message.text[:300]}"),
    )
    return found


def test_no_page_or_admin_screen_breaks_the_content_security_policy(page, inspectorate_user):
    violations = policy_violations(page)
    sign_in(page, "inspector")
    rec = Recommendation.objects.filter(responses__isnull=False).first()
    for path in [
        "/",
        "/due/",
        "/overdue/",
        f"/recommendations/{rec.pk}/",
        "/admin/",
        "/admin/recommendations/recommendation/",
        f"/admin/recommendations/recommendation/{rec.pk}/change/",
        f"/admin/recommendations/recommendation/{rec.pk}/history/",
        f"/admin/inspections/inspection/{rec.inspection_id}/import/",
        "/admin/responses/targetrevision/1/history/",
    ]:
        page.goto(path)
        page.wait_for_load_state("networkidle")
    # GOV.UK Frontend's inline script ran (with its nonce), so components work.
    page.goto("/")
    assert "govuk-frontend-supported" in page.locator("body").get_attribute("class")
    assert violations == []


def test_an_inspector_closes_a_recommendation_and_everyone_sees_who_did_it(page, inspectorate_user, policy_user):
    rec = Recommendation.objects.filter(status=Recommendation.Status.OPEN, ho_status="").first()
    # As if the real data had been loaded at the start of the month.
    for model in (Recommendation, HomeOfficeResponse):
        model.history.update(history_date=timezone.make_aware(datetime.datetime(2026, 11, 1, 9)))
    sign_in(page, "inspector")
    page.goto(f"/admin/recommendations/recommendation/{rec.pk}/change/")
    page.get_by_label("Home Office status:").select_option(label="Closed as implemented")
    page.locator("#id_closed_on").fill("2026-11-20")
    page.get_by_label("Closure evidence:").fill("Reported closed in the Home Office's November update.")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    page.get_by_role("link", name="History").click()
    expect(page.locator("#change-history")).to_contain_text("inspector")
    screenshot(page, "admin-history")

    page.goto(f"/recommendations/{rec.pk}/")
    expect(page.get_by_text("Home Office status set to Closed as implemented.")).to_be_visible()
    screenshot(page, "recommendation-timeline-with-changes")
    page.get_by_label("See this record as it stood on").fill("22/11/2026")
    page.get_by_role("button", name="Show the record on this date").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("as it stood on 22 November 2026")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Open")
    expect(page.locator(".govuk-summary-list")).not_to_contain_text("Closed as implemented")
    screenshot(page, "recommendation-as-of")
    assert serious_accessibility_problems(page) == []

    page.goto(f"/recommendations/{rec.pk}/?as_of=31/2/2026")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a real date")
    screenshot(page, "recommendation-as-of-error")
    assert serious_accessibility_problems(page) == []


def test_a_second_inspector_is_told_what_changed_and_loses_nothing(
    browser, live_server, inspectorate_user, django_user_model
):
    from django.contrib.auth.models import Group

    from icibi_tracker.roles import INSPECTORATE

    second = django_user_model.objects.create_user("second", password="a-long-test-password", is_staff=True)
    second.groups.add(Group.objects.get(name=INSPECTORATE))
    rec = Recommendation.objects.filter(status=Recommendation.Status.OPEN).first()
    url = f"{live_server.url}/admin/recommendations/recommendation/{rec.pk}/change/"
    pages = []
    for username in ("inspector", "second"):
        context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
        person = context.new_page()
        sign_in(person, username)
        person.goto(url)
        pages.append(person)
    first, late = pages
    first.get_by_label("Review note:").fill("Owner confirmed by the inspectorate.")
    first.get_by_role("button", name="Save and continue editing").click()
    expect(first.locator(".messagelist")).to_contain_text("was changed successfully")

    late.get_by_label("Review note:").fill("Check the owner with the Home Office.")
    late.get_by_role("button", name="Save and continue editing").click()
    expect(late.locator(".errornote")).to_be_visible()
    expect(late.locator(".errorlist").first).to_contain_text("Someone else saved")
    expect(late.locator(".errorlist").first).to_contain_text("Owner confirmed by the inspectorate.")
    expect(late.get_by_label("Review note:")).to_have_value("Check the owner with the Home Office.")
    screenshot(late, "admin-refused-second-save")
    rec.refresh_from_db()
    assert rec.review_note == "Owner confirmed by the inspectorate."
    for person in pages:
        person.context.close()
