"""The rules behind what the tracker stores for speed, each written once.

A recommendation's category, status and next due date, and a response's current target, are
stored so lists filter and sort in SQL. They are derived here, from plain values, by pure
functions: the model layer (save() and the signals), the bulk derivation (derivation.py, used
by check_derived and after every load) and the demo data generator all call these, so none
keeps a copy that could drift.

The questions asked of the stored values (open, overdue, due soon, no target) come in two
forms side by side: a row form (`is_overdue`) and a QuerySet form (`overdue_q`), which the
QuerySet methods and the dashboard's aggregate figures share. tests/test_rules.py keeps each
pair in step on every fixture row.
"""

import datetime

from django.apps import apps
from django.db.models import Exists, OuterRef, Q

from .choices import NOT_FULLY_IMPLEMENTED, OPEN_STATUSES, Category, HomeOfficeStatus, Status, roll_up

# Derivation, from the facts.


def category(responses):
    """The overall response's category, else the roll-up of the elements' (DOMAIN.md), else "".

    `responses` are (is_element, category) pairs."""
    responses = list(responses)
    for is_element, answer in responses:
        if not is_element and answer:
            return answer
    return roll_up(answer for is_element, answer in responses if is_element) or ""


def status(*, restated, ho_status, assessment, category, response_published):
    """A recommendation's status (DOMAIN.md, "Status of a recommendation")."""
    if restated:
        return Status.SUPERSEDED
    if ho_status == HomeOfficeStatus.CLOSED:
        return Status.DISPUTED if assessment in NOT_FULLY_IMPLEMENTED else Status.CLOSED
    if ho_status == HomeOfficeStatus.BLOCKED:
        return Status.BLOCKED
    if category == Category.NOT_ACCEPTED:
        return Status.NOT_ACCEPTED
    if category or ho_status == HomeOfficeStatus.OPEN:
        return Status.OPEN
    return Status.CATEGORY_MISSING if response_published else Status.AWAITING_RESPONSE


def open_item_dates(items):
    """The current due dates of the items still open. `items` are (current due date, closed on)
    pairs: an element the Home Office closed is due no more (DOMAIN.md, tracked items)."""
    return [day for day, closed_on in items if day is not None and closed_on is None]


def next_due_date(items):
    """The earliest current target of a recommendation's open items, or None; `items` as open_item_dates()."""
    return min(open_item_dates(items), default=None)


def current_target(original, revisions):
    """(target text, due date, precision, number of revisions): the latest revision's target, else
    the original. `original` and each revision are (text, date, precision), revisions oldest first."""
    revisions = list(revisions)
    return (*(revisions[-1] if revisions else original), len(revisions))


def is_tracked_item(has_target, is_element, an_element_has_target):
    """A tracked item (DOMAIN.md): a response with a target of its own, or the response to the
    recommendation as a whole where none of its elements' responses has one."""
    return has_target or (not is_element and not an_element_has_target)


def search_document(recommendation_text, element_text, narrative, target_text):
    """Everything the due list's search reads, in one text."""
    return "\n".join(filter(None, [recommendation_text, element_text, narrative, target_text]))


# Questions asked of the stored values: row form, then QuerySet form.


def is_open(status):
    """Open as managers count it: blocked recommendations are still open."""
    return status in OPEN_STATUSES


def open_q(via=""):
    """`via` reaches the recommendation from another model ("recommendation__")."""
    return Q(**{f"{via}status__in": OPEN_STATUSES})


def is_overdue(status, next_due, today):
    """Open, with at least one tracked item whose current target is before today."""
    return is_open(status) and next_due is not None and next_due < today


def overdue_q(today):
    return open_q() & Q(next_due_date__lt=today)


def is_open_without_target(status, next_due):
    """Open with no target date at all: its own bucket, never "on track"."""
    return is_open(status) and next_due is None


def open_without_target_q():
    return open_q() & Q(next_due_date__isnull=True)


def _due_window(days, today):
    return today, today + datetime.timedelta(days=days)


def is_due_within(status, items, days, today):
    """Open, with an open tracked item due between today and `days` days from today; `items` as
    open_item_dates()."""
    first, last = _due_window(days, today)
    return is_open(status) and any(first <= day <= last for day in open_item_dates(items))


def due_within_q(days, today):
    # Through the responses' relation by its name: this app never imports the responses app.
    recommendations = apps.get_model("recommendations", "Recommendation").objects
    first, last = _due_window(days, today)
    due = recommendations.filter(
        pk=OuterRef("pk"),
        responses__closed_on__isnull=True,
        responses__current_due_date__gte=first,
        responses__current_due_date__lte=last,
    )
    return open_q() & Exists(due)
