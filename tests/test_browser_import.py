"""In a real browser: inspectorate staff paste a published response, check the preview, and save it."""

import pytest
from playwright.sync_api import expect

from recommendations.models import Recommendation

from . import factories
from .conftest import screenshot, sign_in
from .test_import import seed

pytestmark = pytest.mark.browser


def test_paste_preview_and_confirm_a_response(page, inspectorate_user):
    inspection = factories.inspection(short_title="Illegal working", slug="illegal-working-import")
    sign_in(page, "inspector")
    page.goto(f"/admin/inspections/inspection/{inspection.pk}/change/")
    page.get_by_role("link", name="Import from text").click()
    page.get_by_label("Paste the text:").fill(seed("004"))
    page.get_by_role("button", name="Preview the import").click()
    expect(page.get_by_role("table").first).to_contain_text("We will aim to complete these actions by April 2024.")
    screenshot(page, "admin-import-preview")
    assert not Recommendation.objects.exists()  # the preview saves nothing

    page.get_by_role("button", name="Save the import").click()
    expect(page.locator(".messagelist")).to_contain_text("Imported")
    assert inspection.recommendations.count() == 6
    assert inspection.recommendations.get(number=4).sub_elements.count() == 3


def test_cancel_on_the_preview_saves_nothing(page, inspectorate_user):
    inspection = factories.inspection(slug="cancelled-import")
    sign_in(page, "inspector")
    page.goto(f"/admin/inspections/inspection/{inspection.pk}/import/")
    page.get_by_label("Paste the text:").fill(seed("000"))
    page.get_by_role("button", name="Preview the import").click()
    page.get_by_role("link", name="Cancel: save nothing").click()
    expect(page.get_by_role("heading", name="Change inspection")).to_be_visible()
    assert not Recommendation.objects.exists()


def test_a_news_story_is_answered_with_no_recommendations_found(page, inspectorate_user):
    inspection = factories.inspection(slug="news-import")
    sign_in(page, "inspector")
    page.goto(f"/admin/inspections/inspection/{inspection.pk}/import/")
    page.get_by_label("Paste the text:").fill(seed("002"))
    page.get_by_role("button", name="Preview the import").click()
    expect(page.locator(".errornote")).to_contain_text("No recommendations found")
    screenshot(page, "admin-import-error")
