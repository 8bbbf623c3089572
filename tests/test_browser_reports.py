"""In a real browser (issue 16): the reports pages at desktop and phone widths and on paper, with no
serious accessibility problem; the board pack printed for the Transformation team; the PDF as pictures."""

import datetime
import os
import shutil
import subprocess

import pytest
from django.utils import timezone

from recommendations.models import Owner

from .conftest import SCREENSHOTS, screenshot, serious_accessibility_problems, sign_in
from .submission_helpers import TRANSFORMATION, asylum_data, member, sent

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("real_data", "today")]

PAGES = {
    "reports": "/reports/",
    "trends": "/reports/trends/",
    "themes": "/reports/themes/",
    "board-pack": "/reports/board-pack/",
}


def test_each_report_page_at_desktop_and_phone_widths_and_on_paper(page, manager_user):
    sign_in(page, "manager")
    problems = []
    for name, path in PAGES.items():
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(path)
            assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{name} at {width}px"
            screenshot(page, f"reports-{name}-{width}")
            problems += [f"{name} at {width}: {p}" for p in serious_accessibility_problems(page)]
        page.emulate_media(media="print")
        page.set_viewport_size({"width": 794, "height": 1123})
        page.goto(path)
        # On paper: no navigation, filters or footer; when it was printed, at the top.
        assert not page.locator(".govuk-service-navigation").is_visible()
        assert not page.locator(".govuk-footer").is_visible()
        assert (
            not page.locator("form.app-filter").first.is_visible() if page.locator("form.app-filter").count() else True
        )
        assert page.get_by_text("Printed from the ICIBI recommendation tracker on").is_visible()
        screenshot(page, f"reports-{name}-print")
        page.emulate_media(media="screen")
    assert problems == []


def test_a_manager_prints_the_board_pack_for_the_transformation_team_and_reads_the_overdue_trend(
    page, manager_user, tmp_path, django_user_model, monkeypatch
):
    sign_in(page, "manager")
    page.goto("/reports/board-pack/")
    page.get_by_label("Owner").select_option(label="Transformation team")
    page.get_by_role("button", name="Show this board pack").click()
    assert page.get_by_role("heading", name="Recommendations of owner Transformation team").is_visible()
    page.emulate_media(media="print")
    assert page.get_by_text("Recommendations of owner Transformation team; extensions and closures since").is_visible()
    page.pdf(path=str(tmp_path / "printed.pdf"), format="A4")
    screenshot(page, "reports-board-pack-transformation-team-print")
    page.emulate_media(media="screen")

    # The team claimed closure of its data recommendation on 10 April 2026; it still awaits review.
    moment = datetime.datetime(2026, 4, 10, 9, tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    sent(
        asylum_data(), member(django_user_model, "transform", TRANSFORMATION), implemented_on=datetime.date(2026, 4, 1)
    )
    monkeypatch.undo()
    team = Owner.objects.get(name="Transformation team")
    page.goto(f"/reports/trends/?period=quarter&owner={team.pk}")
    table = page.get_by_role("table", name="Recommendations at the end of each quarter: Transformation team")
    row = table.get_by_role("row").filter(has_text="30 Jun 2026")
    assert row.get_by_role("cell").all_inner_texts() == ["1", "1", "0", "1"]  # open, overdue, disputed, claimed
    row = table.get_by_role("row").filter(has_text="31 Mar 2026")
    assert row.get_by_role("cell").all_inner_texts() == ["1", "0", "0", "0"]
    chart = page.get_by_role(
        "img", name="Open, overdue, disputed and closure-claimed recommendations at the end of each quarter"
    )
    assert chart.is_visible()
    assert page.get_by_text("Closure claimed: dash-dot line, diamond markers").is_visible()
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        screenshot(page, f"reports-trends-transformation-team-{width}")


def test_the_board_pack_pdf_turned_into_pictures(page, manager_user, tmp_path):
    # make test and .ci/run install poppler-utils: a missing one fails, never skips quietly.
    assert shutil.which("pdftoppm"), "Turning the PDF into pictures needs poppler-utils: apt-get install poppler-utils"
    sign_in(page, "manager")
    with page.expect_download() as download:
        page.goto("/reports/board-pack/")
        page.get_by_role("link", name="Download this board pack as a PDF").click()
    pdf = tmp_path / "board-pack.pdf"
    download.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF-")
    os.makedirs(SCREENSHOTS, exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", str(pdf), os.path.join(SCREENSHOTS, "reports-board-pack-pdf")], check=True
    )
    assert os.path.exists(os.path.join(SCREENSHOTS, "reports-board-pack-pdf-1.png"))
