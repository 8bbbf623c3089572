"""In a real browser: a manager follows the overview's "at risk" figure to the items it counts, then
chooses a daily summary on their email settings page. Both pages pass axe, at desktop and phone widths."""

import datetime

import pytest
from playwright.sync_api import expect

from notifications.models import EmailSettings

from . import factories
from .conftest import TODAY, screenshot, serious_accessibility_problems, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("real_data", "today")]


def test_from_the_at_risk_figure_to_its_items_and_then_to_a_daily_summary(page, manager_user):
    rec = factories.recommendation(
        text="Publish the asylum interview guidance.", owner=factories.owner("Asylum Policy")
    )
    factories.response(rec, due_date=TODAY + datetime.timedelta(days=12))
    sign_in(page, "manager")

    page.goto("/")
    page.get_by_role("link", name="at risk: due within 30 days, no progress update in 90").click()
    expect(page.get_by_text("Publish the asylum interview guidance.")).to_be_visible()
    expect(page.locator("strong.govuk-tag", has_text="At risk").first).to_be_visible()
    assert serious_accessibility_problems(page) == []
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"due-at-risk-{width}")

    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("link", name="Email settings").click()
    expect(page.get_by_role("heading", name="Your email settings")).to_be_visible()
    assert serious_accessibility_problems(page) == []
    page.get_by_label("Daily, each morning").check()
    page.get_by_label("Before an update round's deadline").uncheck()
    page.get_by_role("button", name="Save your email settings").click()
    expect(page.get_by_text("Your email settings are saved.")).to_be_visible()
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"email-settings-{width}")
    chosen = EmailSettings.of(manager_user)
    assert (chosen.digest, chosen.round_reminders, chosen.due_reminders) == ("daily", False, True)
