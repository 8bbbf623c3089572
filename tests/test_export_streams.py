"""The CSV and calendar streams always end well-formed, whatever a row holds, and no spreadsheet
formula gets through any CSV column."""

import csv
import datetime
import io
from types import SimpleNamespace

import pytest
from django.urls import reverse

from recommendations.exports import Overdue, calendar_lines, csv_lines
from responses.models import HomeOfficeResponse

pytestmark = pytest.mark.usefixtures("today")
FAR = datetime.date(9999, 12, 31)
DAY = datetime.date(2026, 1, 31)


@pytest.mark.usefixtures("real_data")
def test_the_calendar_ends_well_formed_when_a_due_date_is_31_december_9999(client, policy_user):
    client.force_login(policy_user)
    item = HomeOfficeResponse.objects.tracked().filter(current_due_date__isnull=False).first()
    HomeOfficeResponse.objects.filter(pk=item.pk).update(current_due_date=FAR)
    response = client.get(reverse("recommendations:due-calendar"), {"status": "any", "months": "all"})
    text = b"".join(response.streaming_content).decode()
    assert "DTSTART;VALUE=DATE:99991231" in text
    assert text.endswith("END:VCALENDAR\r\n")
    assert text.count("BEGIN:VEVENT") == text.count("END:VEVENT") > 1


def _stub(due=None, evil="=1+1", **attrs):
    owner = _Owner(evil)
    rec = SimpleNamespace(
        inspection=SimpleNamespace(title=evil, published=evil, published_on=DAY),
        owner=owner,
        owner_id=1,
        get_status_display=lambda: evil,
    )
    item = SimpleNamespace(
        pk=1,
        recommendation=rec,
        recommendation_id=1,
        reference=evil,
        item_text=evil,
        get_item_category_display=lambda: evil,
        current_target_text=evil,
        due_date=DAY,
        due_precision="day",
        current_due_date=due or DAY,
        current_due_precision="day",
        get_current_due_precision_display=lambda: evil,
        days_overdue=lambda today, against_original=False: evil,
        revision_count=evil,
    )
    for key, value in attrs.items():
        setattr(item, key, value)
    return item


class _Owner:
    def __init__(self, name):
        self.name = name

    def __str__(self):
        return self.name


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_no_csv_column_passes_a_formula(start):
    evil = f'{start}HYPERLINK("http://evil")'
    item = _stub(evil=evil)
    item.recommendation.owner = _Owner(evil)  # an object, not text: the hole in _cell
    lines = list(csv_lines([item], datetime.date(2026, 11, 23), lambda i: evil, datetime.datetime(2026, 11, 23)))
    (row,) = list(csv.reader(io.StringIO("".join(lines[1:]))))
    assert len(row) == 19
    dates = {"2026-01-31", "31 January 2026"}  # dates, written by the tracker: never a formula
    assert [cell for cell in row[:-1] if cell not in dates] == ["'" + evil] * (len(row) - 1 - 5)


@pytest.mark.usefixtures("real_data")
def test_the_owner_column_through_the_export_page(client, policy_user):
    from recommendations.models import Owner

    client.force_login(policy_user)
    Owner.objects.filter(pk=Owner.objects.first().pk).update(name='=HYPERLINK("http://evil","x")')
    response = client.get(reverse("recommendations:due-export"), {"status": "any"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    owners = {row["Owner"] for row in rows}
    assert '\'=HYPERLINK("http://evil","x")' in owners
    assert not any(value.startswith("=") for row in rows for value in row.values())


def test_a_row_whose_value_cannot_be_worked_out_does_not_end_the_csv():
    def broken(today, against_original=False):
        raise OverflowError("date value out of range")

    good, bad = _stub(evil="fine"), _stub(evil="fine", days_overdue=broken)
    lines = list(csv_lines([bad, good], datetime.date(2026, 11, 23), lambda i: "link", datetime.datetime(2026, 11, 23)))
    assert len(lines) == 3


def test_a_calendar_item_that_cannot_be_written_is_left_out_and_the_file_ends():
    good = _stub(due=datetime.date(2027, 1, 31), evil="fine")
    bad = _stub(due=datetime.date(2027, 1, 31), evil="fine")

    class Raising:
        def __str__(self):
            raise ValueError("cannot be written")

    bad.recommendation.inspection = Raising()
    now = datetime.datetime(2026, 11, 23, tzinfo=datetime.UTC)
    items = [bad, good, _stub(due=FAR, evil="x")]
    nothing_overdue = Overdue(0, 0, [], "link")
    lines = calendar_lines(items, now.date(), lambda i: "link", "Due", now, nothing_overdue)
    text = b"".join(lines).decode()
    assert text.endswith("END:VCALENDAR\r\n")
    assert text.count("BEGIN:VEVENT") == 2
    assert "DTSTART;VALUE=DATE:99991231" in text
