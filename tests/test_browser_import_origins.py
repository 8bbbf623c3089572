"""In a real browser: the import preview shows beside each field the line it was read from."""

import pytest
from playwright.sync_api import expect

from .conftest import screenshot
from .test_browser_import import preview

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
