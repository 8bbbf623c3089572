"""Synthetic submissions in every state, over the synthetic recommendations (demo_data), for trying
the review pages at any size and for the page benchmark. Written through the model methods, so each
state is reached as a person would reach it."""

import datetime
import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from icibi_tracker.roles import HOME_OFFICE_TEAM, INSPECTORATE
from recommendations.models import Recommendation
from responses import demo_data

from .models import Submission, SubmissionChanged, TeamMembership, UpdateRound

MEMBER = "synthetic-member-{}"
REVIEWER = "synthetic-reviewer"
# Each row: the kind, and the steps after the draft is written.
PATTERNS = [
    (Submission.Kind.PROGRESS, ("send",)),
    (Submission.Kind.CLOSURE, ("send",)),
    (Submission.Kind.EXTENSION, ("send", "return")),
    (Submission.Kind.PROGRESS, ("send", "record")),
    (Submission.Kind.CLOSURE, ("send", "return", "send")),
    (Submission.Kind.BLOCKED, ("send", "withdraw")),
    (Submission.Kind.CLOSURE, ("send", "record")),
    (Submission.Kind.PROGRESS, ()),  # a draft
]


def _people(owners):
    User = get_user_model()
    reviewer, _ = User.objects.get_or_create(username=REVIEWER)
    reviewer.groups.add(Group.objects.get(name=INSPECTORATE))
    members = {}
    for owner in owners:
        member, _ = User.objects.get_or_create(username=MEMBER.format(owner.pk))
        member.groups.add(Group.objects.get(name=HOME_OFFICE_TEAM))
        TeamMembership.objects.get_or_create(owner=owner, user=member)
        members[owner.pk] = member
    return reviewer, members


def _fields(kind, recommendation, today):
    published = recommendation.inspection.published_on or today - datetime.timedelta(days=400)
    day = max(published, today - datetime.timedelta(days=20))
    return {
        Submission.Kind.PROGRESS: {"as_of": day, "text": "Synthetic progress: half the work is done."},
        Submission.Kind.CLOSURE: {"implemented_on": day, "text": "Synthetic closure: the work is done."},
        Submission.Kind.EXTENSION: {
            "new_target_text": f"Q2 {today.year + 1}",
            "text": "Synthetic extension: a supplier's delay.",
            "agreed_by": "Synthetic director",
            "agreed_on": day,
        },
        Submission.Kind.BLOCKED: {"blocked_by": "A synthetic body", "blocked_since": day, "text": "Waits on funding."},
    }[kind]


def generate(count, today=demo_data.DEMO_TODAY):
    """Up to `count` submissions on open synthetic recommendations with an owner, and an open round; none
    if there are synthetic submissions already, so running it again changes nothing."""
    synthetic = Submission.objects.filter(recommendation__inspection__slug__startswith=demo_data.SLUG_PREFIX)
    if synthetic.exists():
        return {"submissions": 0, "rounds": 0}
    candidates = (
        Recommendation.objects.open()
        .filter(inspection__slug__startswith=demo_data.SLUG_PREFIX, owner__isnull=False, submissions__isnull=True)
        .select_related("inspection", "owner")
        .prefetch_related("responses")
        .order_by("pk")[:count]
    )
    candidates = list(candidates)
    reviewer, members = _people({r.owner for r in candidates})
    written = 0
    for recommendation, (kind, steps) in zip(candidates, itertools.cycle(PATTERNS), strict=False):
        by = members[recommendation.owner_id]
        if kind == Submission.Kind.EXTENSION and not recommendation.responses.all():
            kind = Submission.Kind.PROGRESS  # nothing to extend
        try:
            submission = Submission.start(recommendation, kind, by, _fields(kind, recommendation, today))
            for step in steps:
                if step == "send":
                    submission = submission.submit(by, submission.version)
                elif step == "return":
                    submission = submission.send_back(reviewer, submission.version, "Synthetic: say more.")
                elif step == "record":
                    submission = submission.record(reviewer, submission.version)
                elif step == "withdraw":
                    submission = submission.withdraw(by, submission.version)
        except (ValidationError, SubmissionChanged):
            continue  # a synthetic recommendation this kind does not fit
        written += 1
    if not UpdateRound.objects.filter(name__startswith="Synthetic").exists():
        UpdateRound.open_round("Synthetic update round", today + datetime.timedelta(days=30), reviewer)
    return {"submissions": written, "rounds": UpdateRound.objects.filter(name__startswith="Synthetic").count()}


def delete():
    """Remove the synthetic submissions and rounds (before demo_data.delete(), which their links would block)."""
    synthetic = Submission.objects.filter(recommendation__inspection__slug__startswith=demo_data.SLUG_PREFIX)
    counts = {"submissions": synthetic.delete()[0]}
    counts["rounds"] = UpdateRound.objects.filter(name__startswith="Synthetic").delete()[0]
    # The synthetic teams' members go with them (demo_data.delete() removes the teams).
    TeamMembership.objects.filter(owner__name__startswith=demo_data.OWNER_PREFIX).delete()
    get_user_model().objects.filter(username__startswith=MEMBER.format("")).exclude(submissions__isnull=False).delete()
    return counts
