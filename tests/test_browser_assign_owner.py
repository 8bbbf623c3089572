"""In a real browser: inspectorate staff tick recommendations on the admin's list, choose "Assign an owner",
pick the owner on the confirmation page, and the overview's owner table then links to that owner's list."""

import re

import pytest
from playwright.sync_api import expect

from recommendations.models import Owner, Recommendation

from .conftest import screenshot, serious_accessibility_problems, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("real_data", "today")]


def test_an_inspector_assigns_an_owner_to_two_recommendations_at_once(page, inspectorate_user):
    Owner.objects.create(name="Immigration Enforcement")
    chosen = list(Recommendation.objects.filter(inspection__slug="illegal-working-enforcement-2023", number__lte=2))
    sign_in(page, "inspector")
    page.goto("/admin/recommendations/recommendation/?inspection__id__exact=" + str(chosen[0].inspection_id))
    for rec in chosen:
        page.locator(f'input[name="_selected_action"][value="{rec.pk}"]').check()
    page.locator('select[name="action"]').select_option(label="Assign an owner")
    page.get_by_role("button", name="Go").click()
    expect(page.get_by_text("Choose the owner for 2 recommendations")).to_be_visible()
    page.get_by_label("Owner").select_option(label="Immigration Enforcement")
    page.screenshot(path="/tmp/h-lists-assign-owner.png", full_page=True)
    screenshot(page, "assign-owner")
    page.get_by_role("button", name="Assign this owner").click()
    expect(page.get_by_text("Immigration Enforcement is now the owner of 2 more recommendations.")).to_be_visible()
    page.goto("/")
    page.get_by_role("link", name=re.compile(r"^Immigration Enforcement\s*: open recommendations")).click()
    expect(page.locator("caption")).to_have_text("2 items from 2 recommendations")
    assert serious_accessibility_problems(page) == []
