"""Issue 10 items 9 and 10: the CSV opens well in Excel and says its filter; the calendar says its filter,
titles its events in words, gathers the overdue on today and shows a calendar's worth of months."""

import csv
import datetime
import io
import re

import icalendar
import pytest
from django.urls import reverse

from icibi_tracker.dates import Precision, describe_due
from recommendations.models import Owner, Recommendation
from responses.models import HomeOfficeResponse

from . import factories
from .conftest import TODAY

pytestmark = pytest.mark.usefixtures("real_data", "today")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@pytest.fixture
def policy_client(client, policy_user):
    client.force_login(policy_user)
    return client


def export(client, **params):
    response = client.get(reverse("recommendations:due-export"), params)
    return response, b"".join(response.streaming_content)


def calendar(client, **params):
    response = client.get(reverse("recommendations:due-calendar"), params)
    return icalendar.Calendar.from_ical(b"".join(response.streaming_content))


def test_the_csv_starts_with_a_byte_order_mark_so_excel_reads_curly_quotes_and_accents(policy_client):
    rec = Recommendation.objects.get(inspection__slug="border-force-refusals-2026", number=1)
    Recommendation.objects.filter(pk=rec.pk).update(text="The Home Office’s “Étape” plan")
    _, data = export(policy_client, inspection="border-force-refusals-2026")
    assert data.startswith(b"\xef\xbb\xbfInspection,")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert "The Home Office’s “Étape” plan" in {row["Recommendation text"] for row in rows}


def test_every_csv_date_is_yyyy_mm_dd_with_its_words_beside_it(policy_client):
    rows = list(csv.DictReader(io.StringIO(export(policy_client, status="any")[1].decode("utf-8-sig"))))
    for row in rows:
        for column in ("Published", "Original due date", "Current due date"):
            assert row[column] == "" or ISO_DATE.fullmatch(row[column]), (column, row[column])
            assert bool(row[column]) == bool(row[f"{column}, in words"])
    (extended,) = [r for r in rows if r["Target as written"] == "an extension until 31 March 2026"]
    assert (extended["Current due date"], extended["Current due date, in words"]) == ("2026-03-31", "31 March 2026")
    end_of_2024 = [r for r in rows if r["Current due date, in words"] == "end of 2024"]
    assert end_of_2024 and {r["Current due date"] for r in end_of_2024} == {"2024-12-31"}
    clandestine = next(r for r in rows if r["Inspection"].startswith("An inspection of the Border Force operation"))
    assert (clandestine["Published"], clandestine["Published, in words"]) == ("2025-03-25", "25 March 2025")


@pytest.mark.parametrize(
    ("day", "precision", "words"),
    [
        (datetime.date(2026, 3, 31), Precision.DAY, "31 March 2026"),
        (datetime.date(2027, 2, 28), Precision.MONTH, "end of February 2027"),
        (datetime.date(2024, 12, 31), Precision.YEAR, "end of 2024"),
        (datetime.date(2025, 3, 31), Precision.YEAR, "end of the financial year 2024 to 2025"),
        (datetime.date(2027, 3, 31), Precision.QUARTER, "quarter ending March 2027"),
        (datetime.date(2026, 9, 30), Precision.HALF, "half year ending September 2026"),
        (datetime.date(2027, 2, 28), Precision.SEASON, "end of winter 2026"),
        (datetime.date(2026, 8, 31), Precision.SEASON, "end of summer 2026"),
        (datetime.date(2026, 4, 30), Precision.THIRD, "early 2026"),
        (datetime.date(2026, 6, 30), Precision.YEAR, "30 June 2026"),  # not a year's end: the day, never a guess
        (None, Precision.NONE, ""),
    ],
)
def test_a_due_date_in_words_is_as_loose_as_its_target(day, precision, words):
    assert describe_due(day, precision) == words


def test_the_csv_file_name_says_its_filter_and_when_in_safe_characters(policy_client):
    owner = Owner.objects.get(name="Transformation team")
    response, _ = export(policy_client, owner=owner.pk, overdue="true", sort="-due")
    name = re.fullmatch(r'attachment; filename="(.*)"', response["Content-Disposition"]).group(1)
    assert re.fullmatch(r"icibi-due-owner-transformation-team-status-open-overdue-\d{4}-\d\d-\d\dT\d{4}Z\.csv", name)
    response, _ = export(policy_client, q="“Très” long; search/../" * 20, due_after="01/04/2026")
    name = re.fullmatch(r'attachment; filename="(.*)"', response["Content-Disposition"]).group(1)
    assert re.fullmatch(r"icibi-due-q-tres-long-search[a-z0-9-]+-\d{4}-\d\d-\d\dT\d{4}Z\.csv", name)
    assert len(name) <= 120


def test_the_calendar_is_named_after_its_filter(policy_client):
    border_force = calendar(policy_client, business_area="Border Force")
    assert str(border_force["X-WR-CALNAME"]) == "ICIBI recommendations due: Border Force, open"
    assert str(border_force["NAME"]) == "ICIBI recommendations due: Border Force, open"
    download = policy_client.get(reverse("recommendations:due-calendar"), {"business_area": "Border Force"})
    assert re.fullmatch(
        r'attachment; filename="icibi-due-business-area-border-force-status-open-[0-9-]+T\d{4}Z\.ics"',
        download["Content-Disposition"],
    )
    # Every filter has its words, a number box too (it once failed the whole calendar).
    team_plan = calendar(policy_client, overdue_or_due_within="90")
    assert str(team_plan["X-WR-CALNAME"]) == "ICIBI recommendations due: open, overdue or due within 90 days"


def test_an_event_title_carries_a_few_words_of_the_recommendation_bounded(policy_client):
    events = calendar(policy_client, inspection="border-force-refusals-2026").walk("VEVENT")
    titles = {str(e["summary"]) for e in events}
    element = HomeOfficeResponse.objects.get(
        recommendation__inspection__slug="border-force-refusals-2026", sub_element__letter="e"
    )
    first_words = " ".join(element.item_text.split()[:3])
    assert any(t.startswith(f"Due: Refusals and cancellations (2026) rec 2e – {first_words}") for t in titles)
    assert all(len(t) <= 105 for t in titles)


def test_overdue_items_are_gathered_on_today_not_left_on_their_old_dates(policy_client):
    events = calendar(policy_client).walk("VEVENT")
    assert all(e.decoded("dtstart") >= TODAY for e in events)
    (gathered,) = [e for e in events if str(e["summary"]).startswith("Overdue:")]
    assert gathered.decoded("dtstart") == TODAY
    recommendations = HomeOfficeResponse.objects.overdue(TODAY).values("recommendation").distinct().count()
    assert str(gathered["summary"]) == f"Overdue: 13 items from {recommendations} recommendations"
    description = str(gathered["description"])
    assert description.count("http://testserver/recommendations/") == 13
    assert "31 March 2026, 237 days ago" in description
    assert "http://testserver/due/?overdue=true" in str(gathered["url"])
    assert len(events) == 1 + 6  # and the refusals items, due in the next 12 months


def test_the_calendar_shows_the_next_12_months_unless_asked_for_every_date(policy_client):
    rec = factories.recommendation(factories.inspection(slug="later"), number=1)
    factories.response(rec, target_text="by the end of 2028")
    assert "2028" not in str([e.decoded("dtstart") for e in calendar(policy_client).walk("VEVENT")])
    every = calendar(policy_client, months="all").walk("VEVENT")
    assert datetime.date(2028, 12, 31) in {e.decoded("dtstart") for e in every}
    in_26_months = calendar(policy_client, months="26").walk("VEVENT")
    assert datetime.date(2028, 12, 31) in {e.decoded("dtstart") for e in in_26_months}
    page = policy_client.get(reverse("recommendations:calendar-subscription")).content.decode()
    assert "for the next 12 months unless you choose every due date" in page
