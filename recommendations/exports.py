"""The due-dates list as a spreadsheet (CSV) and as a calendar (iCalendar)."""

import csv
import datetime
import logging

log = logging.getLogger(__name__)

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


def _columns(today):
    return [
        ("Inspection", lambda r: r.recommendation.inspection.title),
        ("Published", lambda r: r.recommendation.inspection.published),
        ("Reference", lambda r: r.reference),
        ("Recommendation text", lambda r: r.text),
        ("Owner", lambda r: r.recommendation.owner or ""),
        ("Response", lambda r: r.get_item_category_display()),
        ("Status", lambda r: r.recommendation.get_status_display()),
        ("Target as written", lambda r: r.current_target_text),
        ("Original due date", lambda r: r.due_date or ""),
        ("Current due date", lambda r: r.current_due_date or ""),
        ("Due date precision", lambda r: r.get_current_due_precision_display()),
        ("Days overdue", lambda r: r.overdue_days(today) or ""),
        (
            "Days overdue against the original target",
            lambda r: (r.overdue_days(today) and r.days_overdue(today, against_original=True)) or "",
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
    yield writer.writerow([name for name, _ in columns] + ["Link", "As of"])
    for item in items:
        cells = [_value(read, item) for _, read in columns] + [link_for(item), stamp]
        yield writer.writerow([_cell(value) for value in cells])


def _ical_text(value):
    """A TEXT value as RFC 5545 writes it: backslash, semicolon, comma and line breaks escaped."""
    value = str(value).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def _ical_line(content):
    """One content line, folded at 75 octets (never inside a character) and ended with CRLF."""
    data = content.encode("utf-8")
    parts, limit = [], 75
    while len(data) > limit:
        cut = limit
        while data[cut] & 0xC0 == 0x80:  # a UTF-8 continuation byte: cut before its character
            cut -= 1
        parts.append(data[:cut])
        data, limit = data[cut:], 74  # continuation lines start with a space
    parts.append(data)
    return (b"\r\n ".join(parts) + b"\r\n").decode("utf-8")


def calendar_lines(items, link_for, name, now):
    """An iCalendar file, an all-day event per item with a due date, written as it is read: a team
    can subscribe in Outlook, and a feed of many thousand items never sits in memory whole."""
    stamp = now.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    yield "".join(
        _ical_line(line)
        for line in (
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//ICIBI recommendation tracker//EN",
            f"X-WR-CALNAME:{_ical_text(name)}",
        )
    )
    for item in items:
        if item.current_due_date is None:
            continue
        try:
            event = _event(item, link_for, stamp)
        except (ArithmeticError, ValueError) as error:  # a date that cannot be written: skip the item
            log.warning("Calendar: item %s left out (%s)", item.pk, error)
            continue
        yield event
    yield _ical_line("END:VCALENDAR")


def _ical_date(value):
    """A DATE value, always four-digit year (strftime would not pad a year before 1000)."""
    return f"{value.year:04d}{value.month:02d}{value.day:02d}"


def _event(item, link_for, stamp):
    """One all-day VEVENT. The day after the due date ends it; where there is none (31/12/9999)
    DTEND is left out, which RFC 5545 reads as a one-day event."""
    rec, link = item.recommendation, link_for(item)
    owner = f" ({rec.owner})" if rec.owner_id else ""
    description = f"Target as written: {item.current_target_text or 'none'}\n{link}"
    due = item.current_due_date
    try:
        end = [f"DTEND;VALUE=DATE:{_ical_date(due + datetime.timedelta(days=1))}"]
    except OverflowError:
        end = []
    return "".join(
        _ical_line(line)
        for line in (
            "BEGIN:VEVENT",
            f"UID:response-{item.pk}@icibi-recommendation-tracker",
            f"DTSTAMP:{stamp}",
            f"SUMMARY:{_ical_text(f'Due: {rec.inspection} {item.reference}{owner}')}",
            f"DTSTART;VALUE=DATE:{_ical_date(due)}",
            *end,
            f"DESCRIPTION:{_ical_text(description)}",
            f"URL:{link}",
            "END:VEVENT",
        )
    )
