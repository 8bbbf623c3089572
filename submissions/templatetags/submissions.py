"""What the lower apps' pages show of submissions, asked from their templates so that those apps
never import this one."""

from django import template

from icibi_tracker import data_version
from icibi_tracker.audit import person
from recommendations.models import Recommendation

from ..models import Submission, closure_claimed_count, is_member

register = template.Library()


@register.simple_tag
def submissions_on(recommendation, user):
    """For the recommendation page, in two queries: every sent submission with its state (what waits
    for review said first), and whether this person may submit."""
    sent = list(
        recommendation.submissions.exclude(state=Submission.State.DRAFT)
        .select_related("team", "reviewed_by", "sub_element")
        .order_by("submitted_at", "pk")
    )
    return {
        "waiting": [s for s in sent if s.is_awaiting_review],
        "sent": sent,
        "may_submit": is_member(user, recommendation.owner_id),
        "may_open": user.has_perm("submissions.change_submission"),
    }


@register.simple_tag
def closure_claimed_figure():
    """The overview's "closure claimed, awaiting review": its own count, never folded into open or closed.
    It counts every claim: once per version of the data, as the overview's other figures."""
    return data_version.cached(lambda: closure_claimed_count(Recommendation.objects.all()), "closure-claimed")


@register.filter
def state_tag(submission):
    return Submission.STATE_TAG_COLOURS[submission.state]


@register.filter
def answers(submission):
    """The questions of its kind and their answers, in the order they were asked."""
    from ..forms import DetailsForm

    labels = {name: field.label for name, field in DetailsForm.base_fields.items()}
    labels["text"] = DetailsForm.TEXT_LABELS[submission.kind]
    rows = []
    if submission.sub_element_id:
        rows.append(("Which part does it concern?", f"Element {submission.sub_element.letter}"))
    for name in DetailsForm.QUESTIONS[submission.kind]:
        value = getattr(submission, name)
        if hasattr(value, "strftime"):
            value = f"{value.day} {value:%B %Y}"
        rows.append((labels[name], value))
        if name == "new_target_text":
            rows.append(("The tracker reads this as", submission.target_reading or "A date it cannot read"))
    return rows


@register.filter
def who(user):
    """A person as the audit history names them; "the tracker" for what nobody did by hand."""
    return person(user)
