"""Each step of the Home Office's submissions on a recommendation, for its timeline: who and when,
from the submissions' audit history."""

from django.utils import timezone
from django.utils.text import Truncator

from icibi_tracker.audit import moment_in_words, person
from responses.timeline import TimelineEvent

from .models import Submission


def _step(row):
    """(title, text) of a submission's history row in a new state."""
    kind = row.get_kind_display()
    if row.sub_element_id:
        kind = f"{kind} for element {row.sub_element.letter}"
    team = f"{row.team} ({person(row.submitted_by)})"
    reviewer = person(row.reviewed_by)
    return {
        Submission.State.SUBMITTED: (f"{kind} sent by {team}", Truncator(row.text).chars(300)),
        Submission.State.RESUBMITTED: (f"{kind} sent again by {team}", Truncator(row.text).chars(300)),
        Submission.State.RETURNED: (f"{kind} returned to {row.team} by {reviewer}", f"Reason: {row.return_reason}"),
        Submission.State.RECORDED: (f"{kind} recorded by {reviewer}", ""),
        Submission.State.WITHDRAWN: (f"{kind} withdrawn by {person(row.withdrawn_by)}", ""),
    }[row.state]


def submission_events(recommendation):
    """A timeline event for each change of a submission's state (drafts and edits are not events)."""
    rows = (
        Submission.history.filter(recommendation_id=recommendation.pk)
        .exclude(state=Submission.State.DRAFT)
        .select_related("submitted_by", "reviewed_by", "withdrawn_by", "team", "sub_element")
        .order_by("history_date", "history_id")
    )
    events, state_of = [], {}
    for row in rows:
        if state_of.get(row.id) == row.state:
            continue
        state_of[row.id] = row.state
        title, text = _step(row)
        day, when = timezone.localdate(row.history_date), moment_in_words(row.history_date)
        events.append(TimelineEvent(day, when, f"{title} ({row.instance.reference})", text, (), row.history_date))
    return events
