"""The three journeys of the dashboards issue, in a real browser on the real data, with
axe-core on every page and screenshots at desktop and mobile widths."""

import csv

import pytest
from playwright.sync_api import expect

from recommendations.models import Recommendation

from .conftest import screenshot, serious_accessibility_problems, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("real_data", "today")]

PAGES = {
    "overview": "/",
    "overdue": "/overdue/",
    "due": "/due/",
    "restated": "/restated/",
    "awaiting-response": "/awaiting-response/",
    "inspections": "/inspections/",
    "inspection": "/inspections/clandestine-entrants-2024/",
    "calendar-subscription": "/due/calendar/",
}


def test_a_manager_goes_from_the_overview_to_the_overdue_list_to_a_recommendation(page, manager_user):
    sign_in(page, "manager")
    expect(page.get_by_role("heading", name="Overview", level=1)).to_be_visible()
    page.get_by_role("link", name="13 overdue").click()
    expect(page.get_by_role("heading", name="Overdue", level=1)).to_be_visible()
    expect(page.locator("caption")).to_have_text("13 overdue items")
    page.get_by_role("link", name="Asylum casework (2024), number not given").click()
    expect(page.get_by_role("heading", name="Recommendation (number not given)")).to_be_visible()
    expect(page.get_by_text("Target extended to 31 March 2026 (the earlier target is not recorded)")).to_be_visible()
    assert page.get_by_role("link", name="Edit this recommendation in the admin").count() == 0
    assert serious_accessibility_problems(page) == []


def test_a_policy_user_filters_by_owner_and_due_window_then_downloads_the_csv(page, policy_user):
    sign_in(page, "policy")
    page.get_by_role("link", name="Due dates").click()
    page.get_by_label("Owner").select_option(label="Border Security Command")
    page.get_by_label("Due on or after").fill("1/10/2026")
    page.get_by_label("Due on or before").fill("31/10/2026")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("caption")).to_have_text("1 item from 1 recommendation")
    assert "owner=" in page.url and "due_after=1%2F10%2F2026" in page.url  # the view can be bookmarked
    with page.expect_download() as download:
        page.get_by_role("link", name="Download 1 item as a spreadsheet (CSV)").click()
    assert download.value.suggested_filename.startswith("icibi-due-owner-border-security-command-status-open-")
    with open(download.value.path(), encoding="utf-8-sig") as exported:
        rows = list(csv.DictReader(exported))
    assert [(r["Reference"], r["Owner"], r["Current due date"]) for r in rows] == [
        ("1", "Border Security Command", "2026-10-31")
    ]


def test_a_policy_user_saves_two_calendars_and_revokes_one_without_javascript(browser, live_server, policy_user):
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, viewport={"width": 320, "height": 900}
    )
    page = context.new_page()
    sign_in(page, "policy")
    page.goto("/due/?business_area=Border+Force")
    page.get_by_role("link", name="Subscribe to these due dates in Outlook or another calendar").click()
    expect(page.locator(".govuk-inset-text")).to_have_text("Shows: Border Force, open")
    page.get_by_role("button", name="Save as a calendar").click()
    page.goto("/due/?overdue=true")
    page.get_by_role("link", name="Subscribe to these due dates in Outlook or another calendar").click()
    page.get_by_label("Name (optional)").fill("Overdue")
    page.get_by_label("Every due date, past and future").check()
    page.get_by_role("button", name="Save as a calendar").click()
    expect(page.get_by_text("Your calendar “Overdue” is saved.")).to_be_visible()
    expect(page.locator(".govuk-summary-card__title")).to_have_text(["Border Force, open", "Overdue"])
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    screenshot(page, "calendars-320")
    page.get_by_role("button", name="Revoke the calendar Border Force, open").click()
    expect(page.get_by_text("Your calendar “Border Force, open” is revoked")).to_be_visible()
    expect(page.locator(".govuk-summary-card__title")).to_have_text(["Overdue"])
    context.close()


def test_an_inspectorate_user_follows_edit_in_admin(page, inspectorate_user):
    rec = Recommendation.objects.get(inspection__slug="clandestine-entrants-2024", number=3)
    sign_in(page, "inspector")
    page.goto(f"/recommendations/{rec.pk}/")
    page.get_by_role("link", name="Edit this recommendation in the admin").click()
    expect(page.get_by_role("heading", name="Change recommendation")).to_be_visible()
    assert page.locator("#id_text").input_value().startswith("Overhaul training provision")


@pytest.mark.parametrize("width, label", [(1280, "desktop"), (390, "mobile")])
def test_every_page_passes_axe_and_fits_the_screen(page, manager_user, width, label):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "manager")
    disputed = Recommendation.objects.disputed().get()
    for name, path in {**PAGES, "recommendation": f"/recommendations/{disputed.pk}/"}.items():
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, name
        screenshot(page, f"{name}-{label}")
        assert serious_accessibility_problems(page) == [], name
