"""The due-dates list as a spreadsheet (CSV) and as a calendar (iCalendar)."""

import calendar
import contextlib
import csv
import datetime
import logging
from dataclasses import dataclass

import icalendar
from django.utils.text import Truncator

from icibi_tracker.dates import describe_due

log = logging.getLogger(__name__)

# Excel on Windows reads a CSV as UTF-8 (curly quotes, accents) only when it starts with this mark.
BYTE_ORDER_MARK = "\ufeff"

# Cells a spreadsheet would run as a formula (OWASP's list).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    """A cell as text; text a spreadsheet would run as a formula is written as plain text.

    Every value is turned into text first (an Owner, a date, a lazy label), then checked:
    only true numbers pass as they are, and those cannot hold a formula.
    """
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_STARTS):
        return "'" + text
    return text


def _value(read, item):
    """One column of one item; a value that cannot be worked out is left empty, never ends the file."""
    try:
        return read(item)
    except (ArithmeticError, ValueError) as error:
        log.warning("Export: item %s: a cell could not be written (%s)", getattr(item, "pk", "?"), error)
        return ""


class _Line:
    """A file-like object whose write() hands the line back, for streaming CSV."""

    def write(self, value):
        return value


def _iso(day):
    return day.isoformat() if day else ""


def _columns(today):
    """Every date once as YYYY-MM-DD, for sorting and sums, with its words beside it, no more exact
    than the document gave it."""
    return [
        ("Inspection", lambda r: r.recommendation.inspection.title),
        ("Published", lambda r: _iso(r.recommendation.inspection.published_on)),
        ("Published, in words", lambda r: r.recommendation.inspection.published),
        ("Reference", lambda r: r.reference),
        ("Recommendation text", lambda r: r.item_text),
        ("Owner", lambda r: r.recommendation.owner or ""),
        ("Response", lambda r: r.get_item_category_display()),
        ("Status", lambda r: r.recommendation.get_status_display()),
        ("Target as written", lambda r: r.current_target_text),
        ("Original due date", lambda r: _iso(r.due_date)),
        ("Original due date, in words", lambda r: describe_due(r.due_date, r.due_precision)),
        ("Current due date", lambda r: _iso(r.current_due_date)),
        ("Current due date, in words", lambda r: describe_due(r.current_due_date, r.current_due_precision)),
        ("Due date precision", lambda r: r.get_current_due_precision_display()),
        ("Days overdue", lambda r: r.days_overdue(today) or ""),
        (
            "Days overdue against the original target",
            lambda r: r.days_overdue(today, against_original=True) or "",
        ),
        ("Extensions", lambda r: r.revision_count),
    ]


def csv_lines(items, today, link_for, as_of):
    """The header, then one line per tracked item, each as CSV text.

    Every line says the moment the data is as of, so a copy passed on or
    pasted into another sheet still says how old it is.
    """
    columns = _columns(today)
    writer = csv.writer(_Line())
    stamp = as_of.isoformat(timespec="minutes")
    yield BYTE_ORDER_MARK + writer.writerow([name for name, _ in columns] + ["Link", "As of"])
    for item in items:
        cells = [_value(read, item) for _, read in columns] + [link_for(item), stamp]
        yield writer.writerow([_cell(value) for value in cells])


def file_name(file_slug, now, extension):
    """`icibi-due-owner-border-force-status-open-2026-12-02T1700Z.csv`: what it holds and when, in UTC."""
    return f"icibi-due-{file_slug}-{now.astimezone(datetime.UTC):%Y-%m-%dT%H%MZ}.{extension}"


# A calendar shows what is overdue and what is coming, not every date since the first report.
CALENDAR_MONTHS = 12
ALL_MONTHS = "all"
# A title reads in a calendar's day cell; the description holds the rest.
TITLE_LENGTH = 100
TITLE_WORDS = 8
# The overdue event lists this many items; the rest are a link away.
OVERDUE_LISTED = 50


def calendar_until(months, today):
    """The last day a calendar shows: `months` months from today (12 unless a number up to 120 is
    asked for), or None for every date (`all`)."""
    if months == ALL_MONTHS:
        return None
    count = int(months) if str(months).isdigit() and 0 < int(months) <= 120 else CALENDAR_MONTHS
    year, month = divmod(today.month - 1 + count, 12)
    year += today.year
    return datetime.date(year, month + 1, min(today.day, calendar.monthrange(year, month + 1)[1]))


@dataclass
class Overdue:
    """What a calendar says of the overdue items: how many, from how many recommendations, the
    first few (soonest due first) and a link to them all. Counted in the database, not streamed."""

    count: int
    recommendations: int
    listed: list
    link: str


def calendar_lines(items, today, link_for, name, now, overdue):
    """An iCalendar file written as it is read: a team can subscribe in Outlook, and a feed of many
    thousand items never sits in memory whole. Each item in `items` is an all-day event on its
    date; the `overdue` ones are gathered in one event on today, where they are seen, instead of
    on dates long scrolled past."""
    head = icalendar.Calendar()
    head.add("prodid", "-//ICIBI recommendation tracker//EN")
    head.add("version", "2.0")
    head.add("name", name)
    head.add("x-wr-calname", name)
    yield head.to_ical().removesuffix(b"END:VCALENDAR\r\n")
    stamp = now.astimezone(datetime.UTC)
    if overdue.count:
        yield _overdue_event(overdue, today, link_for, stamp).to_ical()
    for item in items:
        if item.current_due_date is None:
            continue
        try:
            yield _event(item, link_for, stamp).to_ical()
        except (ArithmeticError, ValueError) as error:  # a row that cannot be written: leave it out
            log.warning("Calendar: item %s left out (%s)", getattr(item, "pk", "?"), error)
    yield b"END:VCALENDAR\r\n"


def _event(item, link_for, stamp):
    """One all-day VEVENT. The day after the due date ends it; where there is none (31/12/9999)
    DTEND is left out, which RFC 5545 reads as a one-day event."""
    rec, due = item.recommendation, item.current_due_date
    event = _all_day(f"response-{item.pk}", stamp, due, f"Due: {_title(item)}")
    lines = [
        f"Target as written: {item.current_target_text or 'none'}",
        f"Due: {describe_due(due, item.current_due_precision)}",
        f"Owner: {rec.owner or 'not recorded'}",
        link_for(item),
    ]
    event.add("description", "\n".join(lines))
    event.add("url", link_for(item))
    return event


def _title(item):
    """'Clandestine entrants (2025) rec 3b – Review the civil penalty…': which item, and a few of its words."""
    words = Truncator(" ".join(str(item.item_text).split())).words(TITLE_WORDS, truncate="…")
    return Truncator(f"{item.recommendation.inspection} rec {item.reference} – {words}").chars(TITLE_LENGTH)


def _all_day(uid, stamp, day, summary):
    event = icalendar.Event()
    event.add("uid", f"{uid}@icibi-recommendation-tracker")
    event.add("dtstamp", stamp)
    event.add("summary", summary)
    event.add("dtstart", day)
    with contextlib.suppress(OverflowError):  # no day after 31/12/9999
        event.add("dtend", day + datetime.timedelta(days=1))
    return event


def _overdue_event(overdue, today, link_for, stamp):
    items = "item" if overdue.count == 1 else "items"
    recommendations = "recommendation" if overdue.recommendations == 1 else "recommendations"
    summary = f"Overdue: {overdue.count} {items} from {overdue.recommendations} {recommendations}"
    event = _all_day(f"overdue-{today:%Y%m%d}", stamp, today, summary)
    listed = [
        f"{_title(item)}: due {describe_due(item.current_due_date, item.current_due_precision)}, "
        f"{item.days_overdue(today)} days ago. {link_for(item)}"
        for item in overdue.listed
    ]
    more = overdue.count - len(listed)
    rest = [f"and {more} more: {overdue.link}"] if more else [f"All of them: {overdue.link}"]
    event.add("description", "\n\n".join(listed + rest))
    event.add("url", overdue.link)
    return event
