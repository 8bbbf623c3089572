"""The summary email: one a person a period (weekly by default, on Monday morning, Europe/London;
or daily), with a section for each part the person plays, and never an empty one."""

import datetime

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from icibi_tracker.dates import Precision, describe
from icibi_tracker.roles import MANAGERS
from recommendations.models import Recommendation
from responses.models import HomeOfficeResponse, TargetRevision

from .models import EmailSettings, SentEmail
from .sending import Email

DIGEST = "digest"
# A period's summary goes from 07:00 on its first day: not in the small hours, and a run that
# missed the morning still sends it later in the period.
MORNING = datetime.timedelta(hours=7)


def address(path):
    """A link in an email: the tracker's own address, as settings.SITE_URL gives it."""
    return settings.SITE_URL + path


def period_of(frequency, now):
    """The digest period `now` (aware) falls in, as its key, or None when the person has none."""
    morning = timezone.localtime(now) - MORNING
    if frequency == EmailSettings.Digest.DAILY:
        return morning.date().isoformat()
    if frequency == EmailSettings.Digest.WEEKLY:
        year, week, _ = morning.isocalendar()
        return f"{year}-W{week:02d}"
    return None


def since_last(user, frequency, today):
    """The day the last summary went to `user`, or a period ago: what "since" counts from."""
    last = SentEmail.objects.filter(user=user, kind=DIGEST, state=SentEmail.State.SENT).order_by("-sent_at").first()
    if last:
        return timezone.localdate(last.sent_at)
    return today - datetime.timedelta(days=1 if frequency == EmailSettings.Digest.DAILY else 7)


class Figures:
    """The figures a run's summaries share, each counted once per run (and per "since" day)."""

    def __init__(self, today):
        self.today = today
        self._since = {}
        recommendations = Recommendation.objects.all()
        self.headline = recommendations.headline_figures(today)
        self.at_risk = HomeOfficeResponse.objects.at_risk(today).values("recommendation").distinct().count()

    def since(self, day):
        if day not in self._since:
            recommendations = Recommendation.objects.all()
            self._since[day] = {
                "newly_overdue": HomeOfficeResponse.objects.became_overdue(day, self.today)
                .values("recommendation")
                .distinct()
                .count(),
                "closed": recommendations.closed_since(day).count(),
                "disputed": recommendations.disputed_since(day).count(),
                "extended": TargetRevision.objects.filter(recorded_at__date__gte=day).count(),
                "restated": recommendations.restated_since(day).count(),
            }
        return self._since[day]


def managers_section(figures, since):
    """The overview's figures with what changed since the last summary, each with its list's address."""
    changes = figures.since(since)
    due = reverse("recommendations:due")
    head = figures.headline
    lines = [
        (f"Overdue: {head['overdue']} ({changes['newly_overdue']} newly overdue)", reverse("recommendations:overdue")),
        (f"Due in the next 90 days: {head['due_soon']}", f"{due}?due_within=90"),
        (
            f"At risk, due within 30 days with no progress update in 90 days: {figures.at_risk}",
            f"{due}?at_risk=true",
        ),
        (
            f"Disputed, closed by the Home Office but not fully implemented: {head['disputed']} "
            f"({changes['disputed']} newly disputed)",
            f"{due}?status=disputed",
        ),
        (f"Awaiting a Home Office response: {head['awaiting_response']}", reverse("recommendations:awaiting-response")),
        (
            f"Closed by the Home Office: {changes['closed']}; targets extended: {changes['extended']}; "
            f"re-stated in a later report: {changes['restated']}",
            f"{due}?status=any&closed_after={since:%d/%m/%Y}",
        ),
    ]
    return {
        "title": "Across all recommendations",
        "lines": [(text, address(path)) for text, path in lines],
        "anything": any(head[name] for name in ("overdue", "due_soon", "disputed", "awaiting_response"))
        or any(changes.values()),
    }


def digest(user, frequency, now, figures):
    """The person's summary for the period `now` falls in, or None: no summary chosen, or nothing in it."""
    period = period_of(frequency, now)
    if period is None or not user.email:
        return None
    today = figures.today
    since = since_last(user, frequency, today)
    sections = []
    if user.groups.filter(name=MANAGERS).exists():
        sections.append(managers_section(figures, since))
    sections = [section for section in sections if section["anything"]]
    if not sections:
        return None
    context = {
        "user": user,
        "frequency": EmailSettings.Digest(frequency).label.split(",")[0].lower(),
        "today": describe(today, Precision.DAY),
        "since": describe(since, Precision.DAY),
        "sections": sections,
        "overview": address(reverse("recommendations:overview")),
        "settings_page": address(reverse("notifications:settings")),
    }
    return Email(
        user=user,
        kind=DIGEST,
        item="",
        period=period,
        subject=f"ICIBI recommendations: your {context['frequency']} summary, {context['today']}",
        body=render_to_string("notifications/digest.txt", context),
    )
