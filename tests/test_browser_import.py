"""In a real browser: inspectorate staff paste a published response, check the preview, and save it."""

import pytest
from playwright.sync_api import expect

from recommendations.models import Recommendation, SubElement

from . import factories
from .conftest import screenshot, sign_in
from .test_import import seed

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    "prefix, recommendations, elements",
    [("004", 6, 6), ("000", 2, 5), ("001", 7, 16), ("003", 3, 9)],  # three responses and a report
)
def test_paste_preview_and_confirm_each_seed_document(page, inspectorate_user, prefix, recommendations, elements):
    inspection = factories.inspection(short_title=f"Seed {prefix}", slug=f"seed-{prefix}")
    sign_in(page, "inspector")
    page.goto(f"/admin/inspections/inspection/{inspection.pk}/change/")
    page.get_by_role("link", name="Import from text").click()
    page.get_by_label("Paste the text:").fill(seed(prefix))
    page.get_by_role("button", name="Preview the import").click()
    expect(page.get_by_text(f"The import found {recommendations} recommendations")).to_be_visible()
    screenshot(page, f"admin-import-preview-{prefix}")
    assert not Recommendation.objects.exists()  # the preview saves nothing

    page.get_by_role("button", name="Save the import").click()
    expect(page.locator(".messagelist")).to_contain_text("Imported")
    assert inspection.recommendations.count() == recommendations
    assert SubElement.objects.filter(recommendation__inspection=inspection).count() == elements


def preview(page, prefix):
    """Sign in as inspectorate staff and preview a seed document's import into a new inspection."""
    inspection = factories.inspection(slug=f"import-{prefix}")
    sign_in(page, "inspector")
    page.goto(f"/admin/inspections/inspection/{inspection.pk}/import/")
    page.get_by_label("Paste the text:").fill(seed(prefix))
    page.get_by_role("button", name="Preview the import").click()


def test_cancel_on_the_preview_saves_nothing(page, inspectorate_user):
    preview(page, "000")
    page.get_by_role("link", name="Cancel: save nothing").click()
    expect(page.get_by_role("heading", name="Change inspection")).to_be_visible()
    assert not Recommendation.objects.exists()


def test_a_news_story_is_answered_with_no_recommendations_found(page, inspectorate_user):
    preview(page, "002")
    expect(page.locator(".errornote")).to_contain_text("No recommendations found")
    screenshot(page, "admin-import-error")
