"""The reports pages (issue 16): trends, themes and the board pack as a page, a PDF and a spreadsheet."""

import csv
import datetime
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from recommendations.models import Owner, Recommendation, Theme

from . import factories
from .conftest import CACHE_MISS_QUERIES
from .submission_helpers import TRANSFORMATION, asylum_data, member, sent

pytestmark = pytest.mark.usefixtures("real_data", "today")

PAGES = ["/reports/", "/reports/trends/", "/reports/trends/?period=month", "/reports/themes/", "/reports/board-pack/"]


@pytest.fixture
def manager(client, manager_user):
    client.force_login(manager_user)
    return client


def grow(size=30):
    """More recommendations of every kind the pages count: extended, closed, disputed, themed, claimed."""
    theme = Theme.objects.get_or_create(name="Training")[0]
    inspection = factories.inspection(response_published_on=datetime.date(2025, 6, 1), business_area="Border Force")
    for n in range(size):
        rec = factories.recommendation(inspection, owner=factories.owner(f"Team {n % 5}"))
        rec.themes.add(theme)
        response = factories.response(rec, target_text="March 2026")
        if n % 3 == 0:
            factories.extension(response, "September 2026", agreed_on=datetime.date(2026, 2, 1))
        if n % 5 == 0:
            sent(factories.refreshed(rec), member(get_user_model(), f"team-{rec.pk}", rec.owner.name))
        if n % 4 == 0:
            rec.close(datetime.date(2026, 5, 1), "Closed")


@pytest.mark.parametrize("url", PAGES)
def test_every_report_page_costs_the_same_number_of_queries_however_many_recommendations(
    manager, url, django_assert_max_num_queries
):
    grow(1)
    # Worked out afresh both times (the data changed in between), kept in the cache each time.
    with django_assert_max_num_queries(50) as before:
        assert manager.get(url).status_code == 200
    grow()
    with django_assert_max_num_queries(len(before)):
        assert manager.get(url).status_code == 200


def test_the_board_pack_is_worked_out_once_until_the_data_changes(manager):
    def open_figure():
        with CaptureQueriesContext(connection) as queries:
            page = manager.get("/reports/board-pack/").content.decode()
        figure = re.search(r"Open recommendations \(blocked included\)</th><td[^>]*>(\d+)<", page)
        return int(figure[1]), len(queries)

    first, computed = open_figure()
    again, kept = open_figure()
    assert again == first and kept < computed - 10
    # A change written where the model layer never sees it (QuerySet.update) counts at once, in the PDF too.
    opened = Recommendation.objects.open().first()
    Recommendation.objects.filter(pk=opened.pk).update(status=Recommendation.Status.DISPUTED)
    assert open_figure()[0] == first - 1
    pdf = PdfReader(io.BytesIO(manager.get("/reports/board-pack.pdf").content))
    text = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)
    assert f"Open recommendations (blocked included) {first - 1}" in text


def test_the_trends_are_worked_out_once_until_the_data_changes(manager):
    def latest_open():
        """The over-time table's open figure at the latest month end, as the page shows it."""
        with CaptureQueriesContext(connection) as queries:
            page = manager.get("/reports/trends/?period=month").content.decode()
        rows = re.findall(r'app-nowrap">(\d+ \w+ \d{4})</th>\s*<td[^>]*data-label="Open">(\d+)</td>', page)
        assert rows[-1][0] == "31 Oct 2026"
        return int(rows[-1][1]), len(queries)

    first, computed = latest_open()
    again, kept = latest_open()
    assert again == first and kept < computed - 10
    # A closure written where the model layer never sees it (QuerySet.update) counts at once.
    opened = Recommendation.objects.open().filter(inspection__published_on__lt=datetime.date(2026, 1, 1)).first()
    Recommendation.objects.filter(pk=opened.pk).update(
        ho_status="closed", closed_on=datetime.date(2026, 1, 15), closure_evidence="Closed"
    )
    assert latest_open()[0] == first - 1


def test_the_trends_page_says_which_then_it_shows_and_draws_each_chart_with_its_table(manager):
    page = manager.get("/reports/trends/").content.decode()
    assert "What was true then" in page and "Not from when they were entered in the tracker" in page
    assert page.count('role="img"') == 5  # over time, implementation, time to close, timeliness, acceptance
    assert page.count("<table") >= 6
    # The last quarter end before 23 November 2026: 30 September 2026, with the figures worked out in test_trends.
    assert "30 September 2026" in page
    assert "6 tracked recommendations have neither a report nor a response date recorded" in page


def test_the_trend_for_one_owner(manager):
    team = Owner.objects.get(name="Transformation team")
    response = manager.get(f"/reports/trends/?period=month&owner={team.pk}")
    rows = {end: (str(o), str(late)) for end, o, late, *_ in response.context["rows"]}
    assert rows[datetime.date(2026, 3, 31)] == ("1", "0")
    assert rows[datetime.date(2026, 4, 30)] == ("1", "1")


def test_a_wrong_filter_is_said_and_the_trends_are_shown_for_everyone(manager):
    response = manager.get("/reports/trends/?period=week&owner=99999")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Select quarter or month" in page and "Select an owner from the list" in page
    assert response.context["shown"].owner == "All owners"


def test_the_drawn_trends_are_kept_per_period_and_owner_however_the_address_asks(manager):
    team = Owner.objects.get(name="Transformation team")

    def drawn(query):
        with CaptureQueriesContext(connection) as queries:
            page = manager.get(f"/reports/trends/?{query}").content.decode()
        return page, len(queries)

    page, computed = drawn(f"period=month&owner={team.pk}")
    same, kept = drawn(f"owner={team.pk}&period=month&from=email")
    assert kept < computed - 10 and same.count(f".csv?period=month&amp;owner={team.pk}") == 6
    # A wrong filter shows everyone's by quarter, and its download links ask for just that.
    wrong, _ = drawn("period=week&owner=99999")
    assert wrong.count('.csv?period=quarter"') == 6


@pytest.mark.parametrize(
    "table",
    [
        "open-overdue-disputed",
        "implementation",
        "time-to-close",
        "publication-timeliness",
        "acceptance-by-owner",
        "acceptance-by-inspection",
    ],
)
def test_each_trend_table_downloads_as_csv(manager, table):
    response = manager.get(f"/reports/trends/{table}.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert response["Content-Type"].startswith("text/csv")
    assert len(rows) > 1 and all(len(row) == len(rows[0]) for row in rows)


def test_the_over_time_csv_has_every_owner_at_every_period_end(manager):
    rows = list(csv.DictReader(io.StringIO(manager.get("/reports/trends/open-overdue-disputed.csv").content.decode())))
    september = {row["owner"]: row for row in rows if row["period end"] == "2026-09-30"}
    assert set(september) == {"All owners", "Border Security Command", "Transformation team", "No owner recorded"}
    assert (september["All owners"]["open (at least)"], september["All owners"]["overdue (at most)"]) == ("9", "6")


def test_closure_claimed_is_its_own_line_column_and_csv_column(manager, django_user_model, monkeypatch):
    moment = datetime.datetime(2026, 10, 10, 9, tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    sent(asylum_data(), member(django_user_model, "transform", TRANSFORMATION))
    monkeypatch.undo()
    response = manager.get("/reports/trends/?period=month")
    page = response.content.decode()
    assert "Closure claimed: solid line" not in page and "Closure claimed: dash-dot line, diamond markers" in page
    assert '<th scope="col" class="govuk-table__header govuk-table__header--numeric">Closure claimed</th>' in page
    claimed = {end: str(c) for end, *_, c in response.context["rows"]}
    assert (claimed[datetime.date(2026, 9, 30)], claimed[datetime.date(2026, 10, 31)]) == ("0", "1")
    csv_file = manager.get("/reports/trends/open-overdue-disputed.csv?period=month").content.decode()
    rows = list(csv.DictReader(io.StringIO(csv_file)))
    october = {row["owner"]: row["closure claimed"] for row in rows if row["period end"] == "2026-10-31"}
    assert october == {
        "All owners": "1",
        "Transformation team": "1",
        "Border Security Command": "0",
        "No owner recorded": "0",
    }


def test_an_unknown_trend_table_is_not_found(manager):
    assert manager.get("/reports/trends/no-such-table.csv").status_code == 404


def test_the_themes_page_shows_each_theme_across_inspections(manager):
    response = manager.get("/reports/themes/")
    (training,) = [t for t in response.context["themes"] if t.name == "Training"]
    # 2023 asylum casework 4, clandestine entrants 3 and 5, Border Force refusals 2, 2025 asylum
    # casework 2 and 3: four inspections since 2024; 3, 5 (due March 2026) and refusals 2 are open.
    assert (training.recommendation_count, training.inspection_count, training.first_published.year) == (6, 4, 2024)
    assert (training.open_count, training.overdue_count) == (3, 2)
    (standard,) = [t for t in response.context["themes"] if t.name == "Service standard"]
    assert (standard.recommendation_count, standard.inspection_count, standard.first_published.year) == (3, 3, 2021)
    assert "Service standard" in response.content.decode()


# The words of each recommendation (or its elements) that give it its theme in the real data.
THEME_WORDS = {
    "Training": ["training"],
    "Data and management information": ["data", "management information", "analyses"],
    "Quality assurance": ["quality", "assurance"],
    "Feedback": ["feedback"],
    "Guidance": ["guidance"],
    "Service standard": ["service standard"],
}


def test_the_real_data_has_a_theme_only_where_the_documents_own_words_say_it():
    tagged = Recommendation.objects.filter(themes__isnull=False).prefetch_related("themes", "sub_elements").distinct()
    assert tagged.count() == 16
    for rec in tagged:
        words = " ".join([rec.text, *(e.text for e in rec.sub_elements.all())]).lower()
        for theme in rec.themes.all():
            assert any(word in words for word in THEME_WORDS[theme.name]), f"{rec}: {theme}"


class TestBoardPack:
    def test_for_everyone(self, manager):
        response = manager.get("/reports/board-pack/")
        pack = response.context["pack"]
        assert pack.scope.in_words == "Every recommendation"
        assert (pack.figures["open"], pack.figures["overdue"], pack.figures["disputed"]) == (15, 13, 1)
        # 13 tracked items are late by their current target; 12 by their original one (the data
        # recommendation's only target is its extension).
        assert (pack.figures["items_overdue"], pack.figures["items_overdue_original"]) == (13, 12)
        assert pack.figures["closures_claimed"] == 0  # the real data holds no claim awaiting review
        assert pack.chains[1] == 1  # the service standard: 2021, 2023, 2025 (2e)

    def test_for_the_transformation_team(self, manager):
        team = Owner.objects.get(name="Transformation team")
        response = manager.get(f"/reports/board-pack/?owner={team.pk}&since=1/1/2025")
        pack = response.context["pack"]
        assert pack.scope.in_words == "Recommendations of owner Transformation team"
        assert (pack.figures["open"], pack.figures["overdue"], pack.overdue.count) == (1, 1, 1)
        # Its extension's date of agreement is not in the source: never "since" any date, and said.
        assert (pack.extensions.count, pack.undated_extensions) == (0, 1)
        page = response.content.decode()
        assert "Recommendations of owner Transformation team; extensions and closures since 1 January 2025" in page

    def test_for_a_business_area_and_an_inspection(self, manager):
        pack = manager.get("/reports/board-pack/?business_area=Border Force").context["pack"]
        assert sum(pack.status_counts.values()) == 9  # every recommendation of the area, by status
        pack = manager.get("/reports/board-pack/?inspection=asylum-casework-2023").context["pack"]
        assert (pack.disputed.count, pack.closures.count) == (1, 0)

    @pytest.mark.parametrize(
        "query, message",
        [
            ("since=31/2/2026", "Enter a real date as day/month/year"),
            ("since=1/1/2099", "The date must be today or in the past"),
            ("inspection=no-such-report", "There is no inspection with the short name no-such-report"),
            ("owner=99999", "Select an owner from the list"),
        ],
    )
    def test_a_wrong_choice_is_said_and_what_was_typed_is_kept(self, manager, query, message):
        response = manager.get(f"/reports/board-pack/?{query}")
        page = response.content.decode()
        assert response.status_code == 400
        assert "There is a problem" in page and message in page
        assert manager.get(f"/reports/board-pack.pdf?{query}").status_code == 400
        if "inspection" in query:
            assert 'value="no-such-report"' in page

    def test_the_pdf_is_a_tagged_pdf_with_the_packs_title_and_figures(self, manager):
        team = Owner.objects.get(name="Transformation team")
        response = manager.get(f"/reports/board-pack.pdf?owner={team.pk}")
        assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF-")
        assert 'filename="icibi-board-pack-transformation-team-' in response["Content-Disposition"]
        reader = PdfReader(io.BytesIO(response.content))
        assert reader.metadata.title.startswith("Board pack: Recommendations of owner Transformation team, as of")
        root = reader.trailer["/Root"]
        assert root["/Lang"] == "en-GB" and root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root  # tagged
        text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
        assert "Overdue recommendations 1" in text
        assert "Tracked items overdue against their current target 1" in text
        assert "Closures claimed, awaiting review 0" in text
        assert "Asylum casework (2024)" in text  # the overdue item's row

    def test_the_pdf_of_everything_stays_within_a_bounded_number_of_pages(self, manager):
        grow(150)
        overdue = manager.get("/reports/board-pack/").context["pack"].overdue.count
        reader = PdfReader(io.BytesIO(manager.get("/reports/board-pack.pdf").content))
        assert overdue > 50 and len(reader.pages) <= 20
        assert f"And {overdue - 50} more: the spreadsheet holds all {overdue}." in " ".join(
            " ".join(page.extract_text().split()) for page in reader.pages
        )

    def test_the_spreadsheet_has_a_sheet_per_list_with_real_dates_and_numbers(
        self, manager, django_assert_max_num_queries
    ):
        factories.extension(
            Recommendation.objects.get(inspection__slug="clandestine-entrants-2024", number=2).responses.get(),
            "June 2026",
            agreed_on=datetime.date(2026, 2, 1),
        )
        with django_assert_max_num_queries(12 + CACHE_MISS_QUERIES):  # the business areas offered, read once
            response = manager.get("/reports/board-pack.xlsx")
        book = load_workbook(io.BytesIO(response.content))
        assert book.sheetnames == [
            "Overdue",
            "Due next quarter",
            "Extensions",
            "Closures recorded",
            "Disputed",
            "About",
        ]
        overdue = list(book["Overdue"].values)
        assert overdue[0][0] == "Inspection" and len(overdue) == 14  # the header and 13 items
        first = dict(zip(overdue[0], overdue[1], strict=True))
        assert first["Current due date"] == datetime.datetime(2024, 4, 30)
        assert first["Days overdue (current target)"] == (datetime.date(2026, 11, 23) - datetime.date(2024, 4, 30)).days
        disputed = list(book["Disputed"].values)
        assert disputed[1][4] == datetime.datetime(2024, 2, 29)
        (header, extension) = book["Extensions"].values
        assert dict(zip(header, extension, strict=True))["New due date"] == datetime.datetime(2026, 6, 30)
