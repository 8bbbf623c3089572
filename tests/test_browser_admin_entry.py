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


@pytest.fixture
def page_without_javascript(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, java_script_enabled=False
    )
    yield context.new_page()
    context.close()


def test_elements_and_responses_are_added_without_javascript(page_without_javascript, inspectorate_user):
    from . import factories

    page = page_without_javascript
    rec = factories.recommendation(text="The current model needs an overhaul that defines:")
    sign_in(page, "inspector")
    page.goto(f"/admin/recommendations/recommendation/{rec.pk}/change/")
    for index, (letter, (text, _)) in enumerate(list(ELEMENTS.items())[:2]):
        page.locator(f"#id_sub_elements-{index}-letter").fill(letter)
        page.locator(f"#id_sub_elements-{index}-text").fill(text)
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert sorted(rec.sub_elements.values_list("letter", flat=True)) == ["a", "b"]

    # A response in the blank form on the recommendation page.
    element_a = f"{rec.inspection}, recommendation {rec.number}a"
    page.locator("#id_responses-0-sub_element").select_option(label=element_a)
    page.locator("#id_responses-0-category").select_option(label="Accepted")
    page.locator("#id_responses-0-target_text").fill("Date of implementation: December 2026")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    screenshot(page, "admin-no-javascript-recommendation")

    # Another in the response's own form, opened for this recommendation: only its elements are offered.
    page.goto(f"/admin/responses/homeofficeresponse/add/?recommendation={rec.pk}")
    options = page.locator("#id_sub_element option").all_inner_texts()
    assert options[1:] == [element_a, f"{rec.inspection}, recommendation {rec.number}b"]
    page.locator("#id_sub_element").select_option(index=2)
    page.locator("#id_category").select_option(label="Accepted")
    page.locator("#id_target_text").fill("Date of implementation: March 2027")
    page.locator("#id_due_date").fill("31 March 2027")
    screenshot(page, "admin-no-javascript-response-form")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    due = {r.sub_element.letter: r.current_due_date for r in rec.responses.select_related("sub_element")}
    assert due == {"a": datetime.date(2026, 12, 31), "b": datetime.date(2027, 3, 31)}


def test_an_extension_entered_in_the_admin_reads_once_on_the_recommendation_page_at_320px(
    page, inspectorate_user, policy_user
):
    from . import factories
    from .conftest import serious_accessibility_problems

    rec = factories.recommendation(text="Publish a new service standard.")
    overall = factories.response(rec, target_text="Accepted - October 2026")
    later = factories.recommendation(factories.inspection(published_on=datetime.date(2026, 6, 30)), restates=rec)
    sign_in(page, "inspector")
    page.goto(f"/admin/recommendations/recommendation/{rec.pk}/change/")
    page.locator("#id_target_revisions-2-0-response").select_option(value=str(overall.pk))
    page.locator("#id_target_revisions-2-0-new_target_text").fill("an extension until 31 March 2027")
    page.locator("#id_target_revisions-2-0-reason").fill("The supplier's delivery slipped")
    page.locator("#id_target_revisions-2-0-requested_by").fill("Border Force")
    page.locator("#id_target_revisions-2-0-agreed_by").fill("the Director General")
    page.locator("#id_target_revisions-2-0-agreed_on").fill("15 Sept 2026")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    page.set_viewport_size({"width": 320, "height": 900})
    page.goto(f"/recommendations/{rec.pk}/")
    expect(page.get_by_role("heading", name="Target extended from October 2026 to 31 March 2027")).to_be_visible()
    expect(
        page.get_by_text(
            "The supplier's delivery slipped. Asked for by Border Force; "
            "agreed by the Director General on 15 September 2026."
        )
    ).to_have_count(1)
    expect(page.get_by_text("Target revision added")).to_have_count(0)
    page.get_by_role("link", name=str(later)).first.click()
    expect(page.get_by_role("heading", name=f"Recommendation {later.number}", level=1)).to_be_visible()
    page.go_back()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    screenshot(page, "recommendation-timeline-320")
    page.screenshot(path="/tmp/h_admin_recommendation_timeline_320.png", full_page=True)
    assert serious_accessibility_problems(page) == []
