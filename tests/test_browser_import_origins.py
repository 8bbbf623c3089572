"""In a real browser: the import preview shows beside each field the line it was read from."""

import pytest
from playwright.sync_api import expect

from . import factories
from .conftest import screenshot, sign_in
from .test_browser_import import preview
from .test_import import seed

pytestmark = pytest.mark.browser


def test_the_preview_shows_the_line_beside_each_field(page, inspectorate_user):
    preview(page, "001")
    # A category stated in a long paragraph: the words that state it, read with the field.
    expect(page.get_by_role("combobox", name="Category of 3b")).to_have_accessible_description(
        "Line 32: “…All other elements b) to d) are accepted. Work to improve training provision is already "
        "underway in many areas. A…”"
    )
    for field in ("category", "target_text"):
        expect(page.locator(f"#origin-{field}-1")).to_have_text("Line 11: “Accepted - October 2026”")
        expect(page.locator(f"#origin-{field}-1")).to_be_visible()
    screenshot(page, "admin-import-preview-origins-001")


def test_check_again_keeps_the_line_numbers_of_a_text_that_starts_with_a_blank_line(page, inspectorate_user):
    inspection = factories.inspection(slug="import-blank-first")
    sign_in(page, "inspector")
    page.goto(f"/admin/inspections/inspection/{inspection.pk}/import/")
    page.get_by_label("Paste the text:").fill("\n" + seed("001"))
    page.get_by_role("button", name="Preview the import").click()
    expect(page.locator("#origin-category-1")).to_have_text("Line 12: “Accepted - October 2026”")
    page.get_by_role("button", name="Check again").click()
    expect(page.locator("#origin-category-1")).to_have_text("Line 12: “Accepted - October 2026”")
