"""In a real browser, inspectorate staff enter the refusals response (seed 000)
through the admin, as they would from the published page."""

import datetime

import pytest
from playwright.sync_api import expect

from inspections.models import Inspection
from recommendations.models import Recommendation

from .conftest import screenshot, sign_in

pytestmark = pytest.mark.browser

ELEMENTS = {
    "a": ("A clear aim with measurable success factors", "Date of implementation: December 2026"),
    "b": ("UK-wide leadership and governance arrangements", "Date of implementation: March 2027"),
    "c": ("The priority of this activity in relation to other activities", "Date of implementation: March 2027"),
    "d": ("Training and mentoring programmes", "Date of implementation: March 2027"),
    "e": ("Data requirements and standards are defined", "Date of implementation: April 2027"),
}


def add_inline_row(page, prefix, values):
    """Click "Add another" under an inline and fill the new row."""
    index = page.locator(f"#id_{prefix}-TOTAL_FORMS").input_value()
    page.locator(f"#{prefix}-group .add-row a").click()
    for field, value in values.items():
        locator = page.locator(f"#id_{prefix}-{index}-{field}")
        if locator.evaluate("e => e.tagName") == "SELECT":
            locator.select_option(label=value)
        else:
            locator.fill(value)


def test_inspectorate_staff_enter_a_whole_response_through_the_admin(page, inspectorate_user):
    sign_in(page, "inspector")
    page.goto("/admin/inspections/inspection/add/")
    page.get_by_label("Title:", exact=True).fill(
        "An inspection of Border Force refusals and cancellations of permission to enter"
    )
    page.get_by_label("Short title:").fill("Refusals and cancellations")
    page.get_by_label("Business area:").fill("Border Force")
    page.locator("#id_fieldwork_start").fill("2025-09-01")
    page.locator("#id_fieldwork_end").fill("2026-02-01")
    page.locator("#id_response_published_on").fill("2026-06-25")
    add_inline_row(page, "recommendations", {"number": "1", "text": "Border Force should expedite existing work."})
    add_inline_row(
        page, "recommendations", {"number": "2", "text": "The current model needs an overhaul that defines:"}
    )
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    inspection = Inspection.objects.get(short_title="Refusals and cancellations")
    first, second = inspection.recommendations.order_by("number")

    page.goto(f"/admin/recommendations/recommendation/{first.pk}/change/")
    add_inline_row(page, "responses", {"category": "Accepted", "target_text": "Date of implementation: February 2027"})
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.get_by_text("“Date of implementation: February 2027” → 28 February 2027 (month)")).to_be_visible()
    screenshot(page, "admin-recommendation-response")

    page.goto(f"/admin/recommendations/recommendation/{second.pk}/change/")
    for letter, (text, _) in ELEMENTS.items():
        add_inline_row(page, "sub_elements", {"letter": letter, "text": text})
    page.get_by_role("button", name="Save and continue editing").click()
    for letter, (_, target) in ELEMENTS.items():
        element = f"Refusals and cancellations ({inspection.year}), recommendation 2{letter}"
        add_inline_row(page, "responses", {"sub_element": element, "category": "Accepted", "target_text": target})
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    screenshot(page, "admin-recommendation-elements")

    second.refresh_from_db()
    assert (second.status, second.category) == (Recommendation.Status.OPEN, "accepted")
    due = {r.sub_element.letter: r.current_due_date for r in second.responses.select_related("sub_element")}
    assert due == {
        "a": datetime.date(2026, 12, 31),
        "b": datetime.date(2027, 3, 31),
        "c": datetime.date(2027, 3, 31),
        "d": datetime.date(2027, 3, 31),
        "e": datetime.date(2027, 4, 30),
    }
