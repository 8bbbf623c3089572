"""In a real browser: sign in, see the inspections, at desktop and mobile widths, with no
serious accessibility problem on any of our pages."""

import pytest

from .conftest import screenshot, serious_accessibility_problems, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("real_data")]


def test_a_policy_user_signs_in_and_sees_every_inspection(page, policy_user):
    page.goto("/inspections/")
    assert "/accounts/login/" in page.url  # sent to sign in first
    screenshot(page, "login-desktop")
    assert serious_accessibility_problems(page) == []
    page.get_by_label("Username").fill("policy")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/inspections/")  # back to the page asked for
    table = page.get_by_role("table")
    assert "6 inspections" in table.locator("caption").inner_text()
    row = table.get_by_role("row").filter(has_text="clandestine entrants")
    assert row.get_by_role("cell").all_inner_texts()[-2:] == ["7", "7"]
    assert page.get_by_role("link", name="Admin", exact=True).count() == 0
    screenshot(page, "inspections-desktop")
    assert serious_accessibility_problems(page) == []


def test_a_wrong_password_is_announced_in_an_error_summary(page, policy_user):
    sign_in(page, "policy", "not-the-password")
    summary = page.locator(".govuk-error-summary")
    assert "Please enter a correct username and password" in summary.inner_text()
    assert page.evaluate(
        "document.activeElement.closest('.govuk-error-summary') !== null"
    )  # focused for screen readers
    assert page.title().startswith("Error: Sign in")
    assert serious_accessibility_problems(page) == []


def test_the_inspections_fit_a_phone_screen(page, policy_user):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, "policy")
    page.goto("/inspections/")
    page_width = page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= 390  # the table scrolls inside its own region, not the page
    page.get_by_role("button", name="Menu").click()
    assert page.get_by_role("link", name="Inspections").is_visible()
    screenshot(page, "inspections-mobile")
    assert serious_accessibility_problems(page) == []


@pytest.mark.parametrize("path", ["/accessibility/", "/cookies/", "/accounts/password_reset/"])
def test_public_pages_have_no_serious_accessibility_problems(page, path):
    page.goto(path)
    assert page.get_by_role("heading", level=1).is_visible()
    assert serious_accessibility_problems(page) == []


def test_signing_out_returns_to_sign_in(page, inspectorate_user):
    sign_in(page, "inspector")
    page.get_by_role("button", name="Sign out").click()
    assert page.get_by_role("heading", name="You have signed out").is_visible()
    page.goto("/inspections/")
    assert "/accounts/login/" in page.url
