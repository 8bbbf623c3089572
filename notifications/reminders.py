"""Reminders to Home Office teams, so nobody has to remember to look.

A tracked item due in 30 days, in 7 days, and on the day it becomes overdue, then once a month while
it stays overdue; an update round's deadline in 7 days and in 1 day, to teams that have not sent
everything it asks; a returned submission not sent again after 14 days. None for a closed, not
accepted or superseded item. Each is keyed by its item and the date it is about (the due date, the
deadline, the day it was returned), so none is sent twice, and a changed target or owner plans
afresh: the old date's reminders are no longer due, and the new team's are.
"""

import datetime
from collections import defaultdict

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from icibi_tracker.dates import Precision, describe
from responses.models import HomeOfficeResponse
from submissions.models import Submission, TeamMembership, UpdateRound

from .digests import address, item_name
from .models import EmailSettings
from .sending import Email

DUE_30, DUE_7, OVERDUE, OVERDUE_MONTHLY = "due_30", "due_7", "overdue", "overdue_monthly"
ROUND_7, ROUND_1, RETURNED_14 = "round_7", "round_1", "returned_14"
# Which of a person's choices (EmailSettings) turns each kind on or off.
CHOICE = {
    DUE_30: "due_reminders",
    DUE_7: "due_reminders",
    OVERDUE: "overdue_reminders",
    OVERDUE_MONTHLY: "overdue_reminders",
    ROUND_7: "round_reminders",
    ROUND_1: "round_reminders",
    RETURNED_14: "returned_reminders",
}
SUBJECTS = {
    DUE_30: "Due in 30 days or less",
    DUE_7: "Due in 7 days or less",
    OVERDUE: "Now overdue",
    OVERDUE_MONTHLY: "Still overdue",
}
RETURNED_WAIT = datetime.timedelta(days=14)


def months_between(earlier, later):
    """Whole months from `earlier` to `later`: 31 January to 28 February is not yet one."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - 1 if later.day < earlier.day else months


def item_reminder(due, today):
    """(kind, period) of the reminder an item due on `due` has on `today`, or None: the period
    names the due date, and for an overdue item the month of being overdue it is in."""
    days = (due - today).days
    if 7 < days <= 30:
        return DUE_30, due.isoformat()
    if 0 <= days <= 7:
        return DUE_7, due.isoformat()
    if days < 0:
        months = months_between(due + datetime.timedelta(days=1), today)
        return (OVERDUE, due.isoformat()) if months == 0 else (OVERDUE_MONTHLY, f"{due.isoformat()}+{months}m")
    return None


def members_by_team():
    """{team id: [active people with an email address]}, in one query."""
    teams = defaultdict(list)
    memberships = TeamMembership.objects.select_related("user").filter(user__is_active=True).exclude(user__email="")
    for membership in memberships:
        teams[membership.owner_id].append(membership.user)
    return teams


def _item_reminders(teams, today, context):
    items = (
        HomeOfficeResponse.objects.tracked()
        .open()
        .filter(recommendation_owner__in=list(teams), current_due_date__lte=today + datetime.timedelta(days=30))
        .for_list()
        .order_by("current_due_date", "pk")
    )
    for item in items.iterator(chunk_size=1000):
        kind, period = item_reminder(item.current_due_date, today)
        body = render_to_string(
            "notifications/item_reminder.txt",
            {
                **context,
                "item": item,
                "name": item_name(item),
                "kind": kind,
                "due": describe(item.current_due_date, Precision.DAY),
                "link": address(reverse("recommendations:detail", args=[item.recommendation_id])),
            },
        )
        subject = f"{SUBJECTS[kind]}: {item_name(item)}"
        for person in teams[item.recommendation.owner_id]:
            yield person, kind, f"response:{item.pk}", period, subject, body


def _round_reminders(teams, today, context):
    soon = UpdateRound.objects.open().filter(deadline__gte=today, deadline__lte=today + datetime.timedelta(days=7))
    for round_ in soon:
        kind = ROUND_1 if (round_.deadline - today).days <= 1 else ROUND_7
        deadline = describe(round_.deadline, Precision.DAY)
        link = address(reverse("submissions:team"))
        for row in round_.by_team():
            if row["owner_id"] is None or not row["outstanding"]:
                continue
            body = render_to_string(
                "notifications/round_reminder.txt",
                {**context, "round": round_, "row": row, "deadline": deadline, "link": link},
            )
            for person in teams[row["owner_id"]]:
                yield (
                    person,
                    kind,
                    f"round:{round_.pk}",
                    round_.deadline.isoformat(),
                    f"{round_.name}: due {deadline}",
                    body,
                )


def _returned_reminders(teams, now, context):
    waiting = Submission.objects.filter(state=Submission.State.RETURNED, reviewed_at__lte=now - RETURNED_WAIT)
    for submission in waiting.for_list():
        returned_on = timezone.localdate(submission.reviewed_at)
        body = render_to_string(
            "notifications/returned_reminder.txt",
            {
                **context,
                "submission": submission,
                "returned": f"on {describe(returned_on, Precision.DAY)}",
                "link": address(reverse("submissions:detail", args=[submission.pk])),
            },
        )
        subject = f"Returned to your team 14 days ago: {submission.reference}"
        for person in teams[submission.team_id]:
            yield person, RETURNED_14, f"submission:{submission.pk}", returned_on.isoformat(), subject, body


def reminders(now, choices):
    """The reminders due at `now`, as Emails, to the team members who want that kind
    (`choices`: {user id: EmailSettings}). Reads the items a batch at a time."""
    today = timezone.localdate(now)
    teams = members_by_team()
    context = {"settings_page": address(reverse("notifications:settings"))}
    planned = [
        _item_reminders(teams, today, context),
        _round_reminders(teams, today, context),
        _returned_reminders(teams, now, context),
    ]
    for part in planned:
        for person, kind, item, period, subject, body in part:
            wants = choices.get(person.pk) or EmailSettings(user=person)
            if getattr(wants, CHOICE[kind]):
                yield Email(user=person, kind=kind, item=item, period=period, subject=subject, body=body)
