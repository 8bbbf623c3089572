"""Issue 10, item 6: every list page's tables fit their column at phone and desktop widths, so no
column ("Days overdue", "Due", "Current target") is cut off, and the overdue list prints whole."""

import json

import pytest
from django.urls import get_resolver

from recommendations.models import Recommendation

from .conftest import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("real_data", "today")]

WIDTHS = [320, 390, 1280, 1920]
# A4 is 210 mm wide: 794 CSS pixels at 96 per inch.
A4_WIDTH = 794
WIDTHS_FILE = "/tmp/h-lists-table-widths.json"

# Each table against the box it sits in, and the page against the window: any overflow is a cut-off column.
OVERFLOWS = """() => {
  const found = [];
  for (const table of document.querySelectorAll("main table")) {
    const box = table.parentElement;
    const style = getComputedStyle(box);
    // The box's content edge: a table may not spill into its padding (the page's margin) either.
    const contentRight =
      box.getBoundingClientRect().right - parseFloat(style.paddingRight) - parseFloat(style.borderRightWidth);
    const contentWidth = box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    found.push({
      table: (table.querySelector("caption") || table).innerText.trim().slice(0, 60),
      table_width: Math.ceil(table.getBoundingClientRect().width),
      box_width: Math.floor(contentWidth),
      overflows: box.scrollWidth > box.clientWidth || table.getBoundingClientRect().right > contentRight + 0.5,
    });
  }
  const page = document.documentElement;
  return {tables: found, page_overflows: page.scrollWidth > page.clientWidth};
}"""


def list_pages():
    """Every page that lists records, the recommendation pages with the most rows in their tables."""
    many_elements = Recommendation.objects.get(inspection__slug="border-force-refusals-2026", number=2)
    extended = Recommendation.objects.get(owner__name="Transformation team")
    return {
        "overview": "/",
        "overdue": "/overdue/",
        "due": "/due/",
        "due-all-statuses": "/due/?status=any",
        "due-search": "/due/?q=training",
        "due-no-owner": "/due/?owner=none&overdue_or_due_within=90",
        "awaiting-response": "/awaiting-response/",
        "restated": "/restated/",
        "inspections": "/inspections/",
        "inspection": "/inspections/clandestine-entrants-2024/",
        "recommendation": f"/recommendations/{many_elements.pk}/",
        "recommendation-extended": f"/recommendations/{extended.pk}/",
        "recommendation-as-of": f"/recommendations/{extended.pk}/?as_of=23/11/2026",
        "calendar-subscription": "/due/calendar/",
        "reports": "/reports/",
        "trends": "/reports/trends/",
        "trends-by-month-one-owner": f"/reports/trends/?period=month&owner={extended.owner_id}",
        "themes": "/reports/themes/",
        "board-pack": "/reports/board-pack/",
        "board-pack-one-owner": f"/reports/board-pack/?owner={extended.owner_id}&since=1/1/2024",
    }


def test_the_pages_checked_are_every_page_the_tracker_lists_records_on():
    # A new page outside the admin and the accounts must be checked here, or said to list nothing.
    not_lists = {
        "accessibility/",
        "cookies/",
        "due/export.csv",
        "due/calendar.ics",
        "due/calendar/<str:secret>.ics",
        "due/calendar/<int:feed_id>/revoke/",  # a form's POST: it answers with a redirect
        "reports/trends/<slug:table>.csv",
        "reports/board-pack.pdf",  # checked in test_browser_reports.py, turned into pictures
        "reports/board-pack.xlsx",
    }
    served = {
        str(outer.pattern) + str(inner.pattern)
        for outer in get_resolver().url_patterns
        if str(outer.pattern) in ("", "inspections/", "reports/") and hasattr(outer, "url_patterns")
        for inner in outer.url_patterns
    }
    assert served - not_lists == {
        "",
        "overdue/",
        "due/",
        "due/calendar/",
        "restated/",
        "awaiting-response/",
        "recommendations/<int:pk>/",
        "inspections/",
        "inspections/<slug:slug>/",
        "reports/",
        "reports/trends/",
        "reports/themes/",
        "reports/board-pack/",
    }


def test_no_table_and_no_page_overflows_at_phone_and_desktop_widths(page, manager_user):
    sign_in(page, "manager")
    measured, wrong = {}, []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for name, path in list_pages().items():
            page.goto(path)
            found = page.evaluate(OVERFLOWS)
            measured[f"{name} at {width}"] = found
            if found["page_overflows"]:
                wrong.append(f"{name} at {width}px: the page is wider than the window")
            wrong += [
                f"{name} at {width}px: {t['table']!r} is {t['table_width']}px in a {t['box_width']}px column"
                for t in found["tables"]
                if t["overflows"]
            ]
            screenshot_to_tmp(page, f"{name}-{width}")
    with open(WIDTHS_FILE, "w") as widths:
        json.dump(measured, widths, indent=1)
    assert wrong == [], "\n".join(wrong)


def test_the_overdue_list_prints_its_due_dates_and_days_overdue_on_an_a4_page(page, manager_user):
    sign_in(page, "manager")
    page.set_viewport_size({"width": A4_WIDTH, "height": 1123})
    page.goto("/overdue/")
    page.emulate_media(media="print")
    for column in ("Due", "Days overdue"):
        header = page.get_by_role("columnheader", name=column, exact=True)
        box = header.bounding_box()
        assert header.is_visible() and box["x"] >= 0 and box["x"] + box["width"] <= A4_WIDTH, column
    first_row = page.locator("main tbody tr").first
    assert "Days overdue" not in first_row.inner_text()  # the figures themselves, not only the headers
    for cell in first_row.locator("td").all():
        box = cell.bounding_box()
        assert box["x"] + box["width"] <= A4_WIDTH
    assert page.evaluate("document.documentElement.scrollWidth") <= A4_WIDTH
    page.pdf(path="/tmp/h-lists-overdue.pdf", format="A4")
    screenshot_to_tmp(page, "overdue-print")


def screenshot_to_tmp(page, name):
    """The whole page, and the first screen of its first table, to /tmp and screenshots/."""
    page.screenshot(path=f"/tmp/h-lists-{name}.png", full_page=True)
    tables = page.locator("main table")
    if tables.count():
        tables.first.scroll_into_view_if_needed()
        page.screenshot(path=f"/tmp/h-lists-{name}-table.png")
    screenshot(page, name)
