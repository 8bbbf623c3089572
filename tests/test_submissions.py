"""Issue 13: a submission's life (draft, sent, returned, resubmitted, recorded, withdrawn) and what
recording it writes into the record, through the model layer, all or nothing."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Q

from recommendations.models import Recommendation
from responses.models import ProgressUpdate, TargetRevision
from submissions.models import (
    Submission,
    SubmissionChanged,
    closure_claimed,
    closure_claimed_q,
    target_reading,
)

from .conftest import TODAY
from .submission_helpers import asylum_data, clandestine_owner, sent

pytestmark = pytest.mark.usefixtures("today")


def test_recording_a_closure_claim_closes_the_recommendation_with_its_date_evidence_and_assessment(
    transformation_member, inspectorate_user
):
    rec = asylum_data()
    claim = sent(rec, transformation_member, implemented_on=datetime.date(2026, 10, 1))
    claim.record(
        inspectorate_user,
        claim.version,
        assessment=Recommendation.Assessment.PARTIALLY_IMPLEMENTED,
        assessment_note="Element b is not covered.",
    )
    rec.refresh_from_db()
    claim.refresh_from_db()
    assert claim.state == Submission.State.RECORDED and claim.reviewed_by == inspectorate_user
    assert rec.ho_status == Recommendation.HomeOfficeStatus.CLOSED and rec.closed_on == datetime.date(2026, 10, 1)
    assert claim.reference in rec.closure_evidence and "Data collection runs." in rec.closure_evidence
    assert rec.assessment == Recommendation.Assessment.PARTIALLY_IMPLEMENTED and rec.assessed_on == TODAY
    assert rec.status == Recommendation.Status.DISPUTED  # derived as before
    assert Recommendation.objects.disputed().filter(pk=rec.pk).exists()


def test_recording_an_extension_adds_a_target_revision_saying_who_asked_and_who_agreed(
    transformation_member, inspectorate_user
):
    rec = clandestine_owner()  # has a response with a target to extend
    from .submission_helpers import member

    member_of_bsc = member(type(inspectorate_user), "bsc", "Border Security Command")
    extension = sent(rec, member_of_bsc, kind=Submission.Kind.EXTENSION, new_target_text="Q2 2027")
    extension.record(inspectorate_user, extension.version)
    revision = TargetRevision.objects.get(recommendation=rec)
    assert revision.new_due_date == datetime.date(2027, 6, 30)
    assert revision.requested_by == "Border Security Command (bsc)"
    assert revision.agreed_by == "Director, Transformation" and revision.agreed_on == datetime.date(2026, 11, 2)
    assert extension.reference in revision.source
    rec.refresh_from_db()
    assert rec.next_due_date == datetime.date(2027, 6, 30)


def test_recording_progress_adds_a_progress_update_whose_source_names_the_submission(
    transformation_member, inspectorate_user
):
    rec = asylum_data()
    before = ProgressUpdate.objects.filter(recommendation=rec).count()
    update = sent(rec, transformation_member, kind=Submission.Kind.PROGRESS)
    update.record(inspectorate_user, update.version)
    latest = ProgressUpdate.objects.filter(recommendation=rec).order_by("pk").last()
    assert ProgressUpdate.objects.filter(recommendation=rec).count() == before + 1
    assert latest.source.startswith(f"Submission {update.reference} from Transformation team")
    assert latest.reported_on == datetime.date(2026, 11, 1) and latest.text == "Half the work is done."


def test_recording_a_blocked_report_sets_the_home_office_status_and_the_body(transformation_member, inspectorate_user):
    rec = asylum_data()
    blocked = sent(rec, transformation_member, kind=Submission.Kind.BLOCKED)
    blocked.record(inspectorate_user, blocked.version)
    rec.refresh_from_db()
    assert rec.status == Recommendation.Status.BLOCKED and rec.blocked_by == "HM Treasury"


def test_a_submission_changes_nothing_until_it_is_recorded(transformation_member):
    rec = asylum_data()
    sent(rec, transformation_member)
    after = Recommendation.objects.get(pk=rec.pk)
    assert (after.ho_status, after.status, after.version) == (rec.ho_status, rec.status, rec.version)


def test_returned_then_resubmitted_then_recorded(transformation_member, inspectorate_user):
    claim = sent(asylum_data(), transformation_member)
    claim = claim.send_back(inspectorate_user, claim.version, "The evidence does not cover element b")
    assert claim.state == Submission.State.RETURNED and claim.return_reason.startswith("The evidence")
    claim = claim.revise(transformation_member, claim.version, {"text": "Both elements are done."})
    claim = claim.submit(transformation_member, claim.version)
    assert claim.state == Submission.State.RESUBMITTED and claim.is_awaiting_review
    claim.record(inspectorate_user, claim.version)
    states = list(claim.history.order_by("history_date").values_list("state", flat=True))
    assert states == ["draft", "submitted", "returned", "returned", "resubmitted", "recorded"]
    # Recording wrote through the model layer: every stored derived field is as a fresh derivation says.
    from responses.derivation import Derivation

    assert list(Derivation().drift()) == []


def test_the_recommendations_timeline_shows_each_step_with_who(transformation_member, inspectorate_user, client):
    claim = sent(asylum_data(), transformation_member)
    claim = claim.send_back(inspectorate_user, claim.version, "The evidence does not cover element b")
    claim = claim.revise(transformation_member, claim.version, {"text": "Both elements are done."})
    claim = claim.submit(transformation_member, claim.version)
    claim.record(inspectorate_user, claim.version, Recommendation.Assessment.PARTIALLY_IMPLEMENTED)
    client.force_login(inspectorate_user)
    timeline = client.get(f"/recommendations/{claim.recommendation_id}/").context["timeline"]
    steps = [e.title for e in timeline if e.title.endswith(f"({claim.reference})")]
    assert steps == [
        f"Closure claim sent by Transformation team (transform) ({claim.reference})",
        f"Closure claim returned to Transformation team by inspector ({claim.reference})",
        f"Closure claim sent again by Transformation team (transform) ({claim.reference})",
        f"Closure claim recorded by inspector ({claim.reference})",
    ]
    returned = next(e for e in timeline if "returned to" in e.title)
    assert returned.text == "Reason: The evidence does not cover element b"


def test_recording_a_submission_withdrawn_a_moment_before_is_refused_and_says_so(
    transformation_member, inspectorate_user
):
    claim = sent(asylum_data(), transformation_member)
    reviewer_copy = Submission.objects.get(pk=claim.pk)
    claim.withdraw(transformation_member, claim.version)
    with pytest.raises(SubmissionChanged, match="was withdrawn by transform"):
        reviewer_copy.record(inspectorate_user, reviewer_copy.version)
    assert asylum_data().ho_status != Recommendation.HomeOfficeStatus.CLOSED


def test_two_recordings_of_one_submission_end_with_one_winner(transformation_member, inspectorate_user):
    claim = sent(asylum_data(), transformation_member, kind=Submission.Kind.PROGRESS)
    first, second = Submission.objects.get(pk=claim.pk), Submission.objects.get(pk=claim.pk)
    first.record(inspectorate_user, first.version)
    with pytest.raises(SubmissionChanged, match="already recorded"):
        second.record(inspectorate_user, second.version)
    assert ProgressUpdate.objects.filter(source__contains=claim.reference).count() == 1


def test_two_colleagues_sending_the_same_kind_at_once_the_second_is_told_and_keeps_a_draft(
    transformation_member, django_user_model
):
    from .submission_helpers import member

    colleague = member(django_user_model, "colleague", "Transformation team")
    rec = asylum_data()
    mine = Submission.start(rec, Submission.Kind.CLOSURE, transformation_member, {"implemented_on": TODAY, "text": "x"})
    sent(rec, colleague)
    with pytest.raises(SubmissionChanged, match="colleague sent a closure claim for this recommendation first"):
        mine.submit(transformation_member, mine.version)
    assert Submission.objects.get(pk=mine.pk).state == Submission.State.DRAFT


def test_two_colleagues_claiming_the_same_element_at_once_the_second_is_told_and_other_elements_are_free(
    transformation_member, django_user_model
):
    from .submission_helpers import member

    colleague = member(django_user_model, "colleague", "Transformation team")
    rec = Recommendation.objects.get(inspection__slug="border-force-refusals-2026", number=2)
    rec.owner = transformation_member.team_memberships.get().owner
    rec.save()
    e, d = rec.sub_elements.get(letter="e"), rec.sub_elements.get(letter="d")
    fields = {"implemented_on": TODAY, "text": "x"}
    mine = Submission.start(rec, Submission.Kind.CLOSURE, transformation_member, {**fields, "sub_element": e})
    sent(rec, colleague, sub_element=e)
    with pytest.raises(SubmissionChanged, match="colleague sent a closure claim for element e first"):
        mine.submit(transformation_member, mine.version)
    assert Submission.objects.get(pk=mine.pk).state == Submission.State.DRAFT
    # Another element's claim, and the whole's, are each their own: both go.
    assert sent(rec, transformation_member, sub_element=d).state == Submission.State.SUBMITTED
    assert sent(rec, transformation_member).state == Submission.State.SUBMITTED
    whole = Submission.start(rec, Submission.Kind.CLOSURE, colleague, fields)
    with pytest.raises(SubmissionChanged, match="transform sent a closure claim for this recommendation first"):
        whole.submit(colleague, whole.version)
    unfinished = Submission.objects.filter(state__in=Submission.UNFINISHED)
    assert sorted(map(str, unfinished.values_list("sub_element__letter", flat=True))) == ["None", "d", "e"]


def test_a_recording_that_fails_writes_nothing(transformation_member, inspectorate_user, monkeypatch):
    claim = sent(asylum_data(), transformation_member)

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(Recommendation, "close", broken)
    with pytest.raises(RuntimeError):
        claim.record(inspectorate_user, claim.version)
    assert Submission.objects.get(pk=claim.pk).state == Submission.State.SUBMITTED


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"implemented_on": TODAY + datetime.timedelta(days=1)}, "must be today or in the past"),
        ({"implemented_on": datetime.date(2020, 1, 1)}, "on or after the report was published (29 February 2024)"),
        ({"implemented_on": None}, "Enter the date it was implemented"),
        ({"text": "   "}, "Enter what was done to implement it"),
        ({"text": "x" * 100_000}, "Write 10,000 characters or fewer"),
    ],
)
def test_a_closure_claim_with_a_wrong_date_or_no_text_is_refused(transformation_member, fields, problem):
    with pytest.raises(ValidationError, match=re.escape(problem)):
        Submission.start(
            asylum_data(),
            Submission.Kind.CLOSURE,
            transformation_member,
            {"implemented_on": TODAY, "text": "Done."} | fields,
        )
    assert not Submission.objects.exists()


def test_a_closed_or_not_accepted_recommendation_takes_no_submission(transformation_member):
    rec = asylum_data()
    for status in (Recommendation.Status.CLOSED, Recommendation.Status.NOT_ACCEPTED):
        Recommendation.objects.filter(pk=rec.pk).update(status=status)
        rec.refresh_from_db()
        with pytest.raises(ValidationError, match="only for open ones"):
            Submission.start(rec, Submission.Kind.PROGRESS, transformation_member, {"as_of": TODAY, "text": "x"})


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("30 June 2027", "30 June 2027, a day"),
        ("Q2 2027", "30 June 2027, a quarter (quarter ending June 2027)"),
        ("June 2027", "30 June 2027, a month (end of June 2027)"),
        ("by the end of 2027", "31 December 2027, a year (end of 2027)"),
        ("when the system is ready", ""),
    ],
)
def test_a_new_target_is_read_back_with_its_precision(written, read):
    assert target_reading(written) == read


def test_closure_claimed_row_and_queryset_forms_agree_on_every_fixture_row(
    transformation_member, border_member, inspectorate_user
):
    claimed = sent(asylum_data(), transformation_member)
    recorded = sent(clandestine_owner(), border_member)
    recorded.record(inspectorate_user, recorded.version)
    sent(asylum_data(), transformation_member, kind=Submission.Kind.PROGRESS)  # not a closure claim
    rows = Recommendation.objects.prefetch_related("submissions")
    assert {r.pk for r in rows if closure_claimed(r)} == set(
        Recommendation.objects.filter(closure_claimed_q()).values_list("pk", flat=True)
    )
    assert {r.pk for r in rows if closure_claimed(r)} == {claimed.recommendation_id}


def test_a_draft_is_not_sent_once_its_recommendation_has_closed(transformation_member):
    draft = Submission.start(
        asylum_data(), Submission.Kind.PROGRESS, transformation_member, {"as_of": TODAY, "text": "x"}
    )
    Recommendation.objects.filter(pk=draft.recommendation_id).update(status=Recommendation.Status.CLOSED)
    with pytest.raises(SubmissionChanged, match="only for open ones"):
        draft.submit(transformation_member, draft.version)
    assert Submission.objects.get(pk=draft.pk).state == Submission.State.DRAFT


def test_awaiting_review_row_and_queryset_forms_agree_in_every_state(transformation_member, inspectorate_user):
    rec = asylum_data()
    Submission.start(rec, Submission.Kind.PROGRESS, transformation_member, {"as_of": TODAY, "text": "Draft."})
    sent(rec, transformation_member)  # submitted
    returned = sent(rec, transformation_member, kind=Submission.Kind.BLOCKED)
    returned.send_back(inspectorate_user, returned.version, "Which body?")
    recorded = sent(rec, transformation_member, kind=Submission.Kind.EXTENSION)
    recorded.record(inspectorate_user, recorded.version)
    withdrawn = sent(rec, transformation_member, kind=Submission.Kind.EXTENSION)
    withdrawn.withdraw(transformation_member, withdrawn.version)
    rows = list(Submission.objects.all())
    assert {s.state for s in rows} >= {"draft", "submitted", "returned", "recorded", "withdrawn"}
    assert {s.pk for s in rows if s.is_awaiting_review} == set(
        Submission.objects.awaiting_review().values_list("pk", flat=True)
    )


def test_the_due_and_overdue_lists_tag_an_item_whose_closure_is_claimed(transformation_member, client, manager_user):
    client.force_login(manager_user)
    assert "Closure claimed</strong>" not in client.get("/overdue/").content.decode()
    sent(asylum_data(), transformation_member)
    for page in ("/overdue/", f"/due/?owner={asylum_data().owner_id}"):
        rows = client.get(page).content.decode()
        assert rows.count('Closure claimed</strong> <span class="govuk-body-s">awaiting review</span>') == 1, page


def test_the_review_queues_index_holds_exactly_the_states_awaiting_review():
    # Meta cannot name Submission.AWAITING_REVIEW: the index's condition is checked against it here.
    (index,) = [i for i in Submission._meta.indexes if i.name == "submission_awaiting_idx"]
    assert index.condition == Q(state__in=list(Submission.AWAITING_REVIEW))
    assert Submission.objects.review_queue().query.order_by == ("submitted_at", "pk")
