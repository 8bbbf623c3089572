"""The summary email: one a person a period (weekly by default, on Monday morning, Europe/London;
or daily), with a section for each part the person plays, and never an empty one."""

import datetime

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from icibi_tracker.dates import Precision, describe
from icibi_tracker.roles import INSPECTORATE, MANAGERS
from recommendations.models import Recommendation
from responses.models import HomeOfficeResponse, TargetRevision, overdue_on
from submissions.models import Submission, UpdateRound, teams_of

from .models import EmailSettings, SentEmail
from .sending import Email

DIGEST = "digest"
# A summary names this many items of a list, then links to the rest.
LISTED = 10
SOON_DAYS = 30
# A period's summary goes from 07:00 on its first day: not in the small hours, and a run that
# missed the morning still sends it later in the period.
MORNING = datetime.timedelta(hours=7)


def item_name(item):
    """A tracked item as an email names it: "Asylum casework (2024), recommendation 2a"."""
    return f"{item.recommendation.inspection}, recommendation {item.reference or '(number not given)'}"


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


def _named(items, link_for, words_for, rest=None):
    """The first LISTED items, each with its page; then, when there are more, a line for the rest:
    (their words, the list that holds them all)."""
    lines = [(words_for(item), address(link_for(item))) for item in items[: LISTED + 1]]
    if len(lines) <= LISTED or rest is None:
        return lines[:LISTED]
    return [*lines[:LISTED], (f"{items.count() - LISTED} more {rest[0]}", address(rest[1]))]


def team_section(user, today):
    """What the person's teams have to do: overdue, due within 30 days, returned to them, rounds."""
    teams = list(teams_of(user))
    if not teams:
        return None
    items = HomeOfficeResponse.objects.tracked().open().filter(recommendation_owner__in=teams).for_list()
    overdue = items.filter(overdue_on(today)).order_by("current_due_date", "pk")
    soon = items.filter(
        current_due_date__gte=today, current_due_date__lte=today + datetime.timedelta(days=SOON_DAYS)
    ).order_by("current_due_date", "pk")
    returned = Submission.objects.filter(team__in=teams, state=Submission.State.RETURNED).for_list()

    def page(item):
        return reverse("recommendations:detail", args=[item.recommendation_id])

    def due(item):
        return describe(item.current_due_date, Precision.DAY)

    owners = "&".join(f"owner={team.pk}" for team in teams)
    due_list = reverse("recommendations:due")
    lines = _named(
        overdue,
        page,
        lambda i: f"Overdue since {due(i)}: {item_name(i)}",
        ("overdue", f"{due_list}?{owners}&overdue=true"),
    )
    lines += _named(
        soon,
        page,
        lambda i: f"Due on {due(i)}: {item_name(i)}",
        ("due soon", f"{due_list}?{owners}&due_within={SOON_DAYS}"),
    )
    lines += _named(
        returned,
        lambda s: reverse("submissions:detail", args=[s.pk]),
        lambda s: f"Returned to you: {s.reference}, {s.get_kind_display().lower()} on {s.recommendation}",
    )
    for round_ in UpdateRound.objects.open().order_by("deadline", "pk")[:LISTED]:
        sent, asked = round_.asks_of(teams)
        if asked:
            words = f"{round_.name}: {sent} of {asked} sent, due {describe(round_.deadline, Precision.DAY)}"
            lines.append((words, address(reverse("submissions:team"))))
    return {
        "title": f"Your team{'s' * (len(teams) > 1)}: {', '.join(team.name for team in teams)}",
        "lines": lines,
        "anything": bool(lines),
    }


def inspectorate_section(today):
    """What waits for inspectorate staff: the review queue, closure claims, rounds with late teams."""
    waiting = Submission.objects.awaiting_review()
    oldest = waiting.order_by("submitted_at").values_list("submitted_at", flat=True).first()
    claims = waiting.filter(kind=Submission.Kind.CLOSURE).count()
    lines = []
    if oldest:
        since = describe(timezone.localdate(oldest), Precision.DAY)
        lines.append(
            (f"Waiting for review: {waiting.count()}, the oldest since {since}", address(reverse("submissions:queue")))
        )
    if claims:
        lines.append((f"Closure claims awaiting assessment: {claims}", address(reverse("submissions:closure-claimed"))))
    for round_ in UpdateRound.objects.open().filter(deadline__lt=today).order_by("deadline", "pk")[:LISTED]:
        late = [row["team"] or "No owner recorded" for row in round_.by_team() if row["late"]]
        if late:
            lines.append(
                (
                    f"{round_.name}, due {describe(round_.deadline, Precision.DAY)}: late from {', '.join(late)}",
                    address(reverse("submissions:round", args=[round_.pk])),
                )
            )
    return {"title": "For the inspectorate", "lines": lines, "anything": bool(lines)}


def digest(user, frequency, now, figures):
    """The person's summary for the period `now` falls in, or None: no summary chosen, or nothing in it."""
    period = period_of(frequency, now)
    if period is None or not user.email:
        return None
    today = figures.today
    since = since_last(user, frequency, today)
    roles = set(user.groups.values_list("name", flat=True))
    sections = [
        managers_section(figures, since) if MANAGERS in roles else None,
        team_section(user, today),
        inspectorate_section(today) if INSPECTORATE in roles else None,
    ]
    sections = [section for section in sections if section and section["anything"]]
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
