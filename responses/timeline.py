"""A recommendation's story: its timeline of dated events, and the record as the tracker held it at a
moment. In responses, the top of the three apps, because both read all three: the recommendation, its
elements, its responses, their extensions and the progress updates."""

import datetime
from collections import namedtuple

from django.utils import timezone

from icibi_tracker import audit
from icibi_tracker.dates import Precision, describe
from recommendations.models import Recommendation, SubElement

from .models import HomeOfficeResponse, ProgressUpdate, TargetRevision

Snapshot = namedtuple("Snapshot", "moment recommendation elements responses progress_updates")

# `changes` and `at` are for changes to the record itself, from the audit history; `link` is a
# recommendation the event names (Link).
TimelineEvent = namedtuple("TimelineEvent", "date when title text changes at link", defaults=((), None, None))


def event(date, precision, title, text="", link=None):
    return TimelineEvent(date, describe(date, precision) or "Date not given", title, text, link=link)


def target_in_words(text, date, precision):
    """A target as a sentence names it ("October 2026", "31 March 2027", "Q1 2027 (31 March 2027)"),
    or "" when none is recorded."""
    if date is None:
        return f"“{text}”" if text else ""
    if precision in (Precision.DAY, Precision.MONTH, Precision.YEAR):
        return describe(date, precision)
    exact = describe(date, Precision.DAY)
    return f"{text} ({exact})" if text else exact


def extension_event(revision, item):
    """An extension in words, each part said once: "Target extended from October 2026 to 31 March
    2027" and "Supplier delay. Asked for by ...; agreed by ... on ... Source: ..."; a missing part is "not
    recorded", or "not stated in the source" where the source leaves it out."""
    before = target_in_words(revision.previous_target_text, revision.previous_due_date, revision.previous_due_precision)
    after = target_in_words(revision.new_target_text, revision.new_due_date, revision.new_due_precision)
    target = f"Target for {item}" if item else "Target"
    title = f"{target} extended from {before} to {after or 'a target not recorded'}"
    if not before:
        title = f"{target} extended to {after or 'a target not recorded'} (the earlier target is not recorded)"
    missing = "not stated in the source" if revision.details_not_stated else "not recorded"
    reason = revision.reason.strip().rstrip(".") or f"Reason {missing}"
    asked = f"Asked for by {revision.requested_by}" if revision.requested_by else f"Who asked: {missing}"
    agreed = f"agreed by {revision.agreed_by}" if revision.agreed_by else f"who agreed: {missing}"
    when = f" on {revision.agreed}" if revision.agreed else f"; when agreed: {missing}"
    source = f" Source: {revision.source.strip().rstrip('.')}." if revision.source.strip() else ""
    return event(revision.agreed_on, revision.agreed_precision, title, f"{reason}. {asked}; {agreed}{when}.{source}")


# Events an app above this one adds to a recommendation's timeline (the Home Office's submissions, from
# submissions/apps.py): functions of the recommendation that return TimelineEvents.
MORE_EVENTS = []


def timeline(recommendation):
    """What happened, oldest first; events the documents do not date come last."""
    inspection = recommendation.inspection
    events = []
    if inspection.published_on:
        events.append(event(inspection.published_on, inspection.published_precision, "Report published"))
    if inspection.response_published_on:
        events.append(
            event(
                inspection.response_published_on,
                inspection.response_published_precision,
                "Home Office response published",
                recommendation.get_category_display() if recommendation.category else "",
            )
        )
    for response in recommendation.responses.all():
        for revision in response.revisions.all():
            events.append(extension_event(revision, response.reference if response.sub_element_id else ""))
        if response.is_closed:
            title = f"Element {response.reference} closed by the Home Office"
            events.append(event(response.closed_on, response.closed_precision, title, response.closure_evidence))
    for update in recommendation.progress_updates.all():
        concerns = f" on {recommendation.number or ''}{update.sub_element.letter}" if update.sub_element_id else ""
        events.append(
            event(
                update.reported_on,
                update.reported_precision,
                f"Progress update from the {update.get_reported_by_display()}{concerns}",
                f"{update.text} (Source: {update.source})",
            )
        )
    if recommendation.ho_status == Recommendation.HomeOfficeStatus.CLOSED:
        events.append(
            event(
                recommendation.closed_on,
                recommendation.closed_precision,
                "Closed by the Home Office",
                recommendation.closure_evidence,
            )
        )
    if recommendation.assessment != Recommendation.Assessment.NOT_ASSESSED:
        events.append(
            event(
                recommendation.assessed_on,
                recommendation.assessed_precision,
                f"Inspectorate assessment: {recommendation.get_assessment_display().lower()}",
                f"{recommendation.assessment_note} (Source: {recommendation.assessment_source})",
            )
        )
    for later in recommendation.superseded_by:
        published = later.inspection
        events.append(
            event(
                published.published_on,
                published.published_precision,
                "Superseded by",
                "Re-stated in a later report, whose recommendation carries the tracking on.",
                link=later,
            )
        )
    events += [
        TimelineEvent(timezone.localdate(e.at), e.when, e.title, e.reason, e.changes, e.at)
        for e in record_changes(recommendation)
    ]
    for more in MORE_EVENTS:
        events += more(recommendation)
    return sorted(events, key=lambda e: (e.date is None, e.date or datetime.date.max, e.at is not None, e.at or 0))


def record_changes(recommendation):
    """Every saved change to this recommendation and what hangs off it, oldest first, in five queries.

    Said once: a bulk load's "added" rows of the parts are left out (the recommendation's own
    says it), as are target revisions and added progress updates (the timeline's own events
    say them) and changes to what the tracker derives (status, category, due dates: the change
    they follow from is shown).
    """

    def rows(model, **lookups):
        return list(model.history.filter(**lookups).select_related("history_user"))

    elements = rows(SubElement, recommendation_id=recommendation.pk)
    letters = {row.id: row.letter for row in elements}

    def response_name(row):
        letter = letters.get(row.sub_element_id)
        return f"Response to element {letter}" if letter else "Response to the whole recommendation"

    parts = [
        (elements, lambda row: f"Element {row.letter}", ()),
        (rows(HomeOfficeResponse, recommendation_id=recommendation.pk), response_name, {"revision_count"}),
        (rows(ProgressUpdate, recommendation_id=recommendation.pk), lambda row: "Progress update", ()),
    ]
    found = audit.entries(
        rows(Recommendation, id=recommendation.pk), lambda row: "Recommendation", Recommendation.DERIVED_FIELDS
    )
    for part_rows, name_of, ignore in parts:
        found += [
            e
            for e in audit.entries(part_rows, name_of, ignore)
            if not (e.kind == "added" and (e.reason or e.record == "Progress update"))
        ]
    return sorted(found, key=lambda e: e.at)


def as_of(recommendation, moment):
    """The record as the tracker held it at `moment`, from the audit history; None if it was not held then."""
    try:
        then = recommendation.history.as_of(moment)
    except Recommendation.DoesNotExist:
        return None
    latest_targets = {}
    for revision in (
        TargetRevision.history.as_of(moment).filter(recommendation_id=recommendation.pk).order_by("recorded_at")
    ):
        latest_targets[revision.response_id] = revision
    elements = {e.pk: e for e in SubElement.history.as_of(moment).filter(recommendation_id=recommendation.pk)}
    responses = list(HomeOfficeResponse.history.as_of(moment).filter(recommendation_id=recommendation.pk))
    for response in responses:
        response.element = elements.get(response.sub_element_id)
        revision = latest_targets.get(response.pk)
        response.target_then = revision.new_target_text if revision else response.target_text
        response.due_then = revision.new_due_date if revision else response.due_date
    return Snapshot(
        moment=moment,
        recommendation=then,
        elements=sorted(elements.values(), key=lambda e: e.letter),
        responses=sorted(responses, key=lambda r: (r.element is not None, r.element and r.element.letter)),
        progress_updates=ProgressUpdate.history.as_of(moment).filter(recommendation_id=recommendation.pk).count(),
    )
