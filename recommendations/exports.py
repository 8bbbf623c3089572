"""The due-dates list as a spreadsheet (CSV) and as a calendar (iCalendar)."""

import csv
import datetime

import icalendar


def _cell(value):
    """Text a spreadsheet would run as a formula is written as plain text."""
    if isinstance(value, str) and value.startswith(("=", "+", "-", "@", "\t", "\r")):
        return "'" + value
    return value


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
        yield writer.writerow([_cell(value(item)) for _, value in columns] + [link_for(item), stamp])


def calendar(items, link_for, name):
    """One all-day event per item with a due date, so a team can subscribe in Outlook."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//ICIBI recommendation tracker//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    for item in items:
        if item.current_due_date is None:
            continue
        rec = item.recommendation
        event = icalendar.Event()
        event.add("uid", f"response-{item.pk}@icibi-recommendation-tracker")
        event.add("dtstamp", datetime.datetime.now(datetime.UTC))
        owner = f" ({rec.owner})" if rec.owner_id else ""
        event.add("summary", f"Due: {rec.inspection} {item.reference}{owner}")
        event.add("dtstart", item.current_due_date)
        event.add("dtend", item.current_due_date + datetime.timedelta(days=1))
        event.add("description", f"Target as written: {item.current_target_text or 'none'}\n{link_for(item)}")
        event.add("url", link_for(item))
        cal.add_component(event)
    return cal.to_ical()
