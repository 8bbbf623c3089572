"""Issue 13's pages: a team member sends, a reviewer records or returns; another team's submission
is never found whatever id is sent; bad input gets a clear message and saves nothing."""

import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from recommendations.models import Recommendation
from submissions.models import Evidence, Submission, UpdateRound

from .conftest import CACHE_MISS_QUERIES, TODAY
from .submission_helpers import MINIMAL_PDF, asylum_data, clandestine_owner, sent

pytestmark = pytest.mark.usefixtures("today", "evidence_storage")


def send_closure(client, rec, **data):
    fields = {"implemented_on": "1/10/2026", "text": "Data collection runs.", "links": "", **data}
    return client.post(f"/submissions/recommendations/{rec.pk}/new/closure/", fields)


def test_a_team_member_claims_closure_checks_the_answers_and_gets_a_reference(
    client, transformation_member, inspectorate_user, django_capture_on_commit_callbacks
):
    inspectorate_user.email = "inspector@example.gov.uk"
    inspectorate_user.save()
    client.force_login(transformation_member)
    rec = asylum_data()
    page = client.get(f"/recommendations/{rec.pk}/").content.decode()
    assert "Send an update, extension, closure claim or blocked report" in page
    assert client.post(f"/submissions/recommendations/{rec.pk}/new/", {"kind": "closure"})["Location"].endswith(
        "/new/closure/"
    )
    upload = SimpleUploadedFile("../../Evidence report (final).pdf", MINIMAL_PDF)
    response = send_closure(client, rec, files=[upload], links="https://www.gov.uk/government/publications/x")
    draft = Submission.objects.get()
    assert response["Location"] == f"/submissions/{draft.pk}/check/"
    check = client.get(response["Location"]).content.decode()
    assert "Check your answers before sending" in check and "1 October 2026" in check
    assert "Evidence-report-final.pdf" in check
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/submissions/{draft.pk}/check/", {"version": draft.version})
    confirmation = client.get(response["Location"]).content.decode()
    assert "govuk-panel--confirmation" in confirmation and draft.reference in confirmation
    assert [m.to for m in mail.outbox] == [["inspector@example.gov.uk"]]
    assert mail.outbox[0].subject == f"To review: {draft.reference}, closure claim"
    assert f"http://127.0.0.1:8000/submissions/{draft.pk}/" in mail.outbox[0].body
    page = client.get(f"/recommendations/{rec.pk}/").content.decode()
    on = Submission.objects.get().submitted_in_words  # when it was sent: the real clock, not the fixed "today"
    assert f"Closure claimed by Transformation team on {on}, awaiting review." in page
    overview = client.get("/").content.decode()
    assert '<span class="app-figure">1</span> closure claimed, awaiting review' in overview
    # The figure is kept per version of the data: a change made where the model layer never sees it counts too.
    Submission.objects.update(state=Submission.State.WITHDRAWN)
    overview = client.get("/").content.decode()
    assert '<span class="app-figure">0</span> closure claimed, awaiting review' in overview


def test_the_link_to_submit_is_shown_only_to_members_of_the_owner_team(client, border_member):
    client.force_login(border_member)
    page = client.get(f"/recommendations/{asylum_data().pk}/").content.decode()
    assert "Send an update, extension" not in page


def test_a_member_of_another_team_can_never_reach_a_submission_whatever_id_is_sent(
    client, transformation_member, border_member
):
    theirs = sent(asylum_data(), transformation_member)
    draft = Submission.start(
        asylum_data(), Submission.Kind.PROGRESS, transformation_member, {"as_of": TODAY, "text": "Draft."}
    )
    client.force_login(border_member)
    for submission in (theirs, draft):
        for action in ("", "change/", "check/", "sent/", "withdraw/"):
            assert client.get(f"/submissions/{submission.pk}/{action}").status_code == 404
        assert (
            client.post(f"/submissions/{submission.pk}/withdraw/", {"version": submission.version}).status_code == 404
        )
    assert client.post(f"/submissions/recommendations/{asylum_data().pk}/new/closure/", {}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.state == Submission.State.SUBMITTED
    assert Submission.objects.count() == 2


def test_a_person_in_no_team_is_told_who_adds_people_to_teams(client, policy_user, real_data):
    client.force_login(policy_user)
    page = client.get("/submissions/").content.decode()
    assert "You are not in a Home Office team yet" in page
    assert "Inspectorate staff add people to teams" in page


def test_an_extension_is_read_back_with_its_precision_and_an_unreadable_one_is_refused(client, border_member):
    client.force_login(border_member)
    rec = clandestine_owner()
    fields = {"text": "Supplier delay.", "agreed_by": "Director", "agreed_on": "2/11/2026", "links": ""}
    refused = client.post(
        f"/submissions/recommendations/{rec.pk}/new/extension/", {**fields, "new_target_text": "soon"}
    )
    assert "cannot read this target as a date" in refused.content.decode() and "Q2 2027" in refused.content.decode()
    response = client.post(
        f"/submissions/recommendations/{rec.pk}/new/extension/", {**fields, "new_target_text": "Q2 2027"}
    )
    check = client.get(response["Location"]).content.decode()
    assert "30 June 2027, a quarter (quarter ending June 2027)" in check


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"implemented_on": "1/1/2030"}, "must be today or in the past"),
        ({"implemented_on": "1/1/2020"}, "on or after the report was published"),
        ({"implemented_on": "31/2/2026"}, "Enter the date it was implemented as a real date"),
        ({"text": ""}, "Enter what was done to implement it"),
        ({"text": "x" * 100_000}, "Write 10,000 characters or fewer"),
        ({"links": "javascript:alert(1)"}, "starting https://"),
        ({"files": [SimpleUploadedFile("empty.pdf", b"")]}, "empty.pdf is empty"),
        (
            {"files": [SimpleUploadedFile("tool.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200)]},
            "not a file the tracker accepts",
        ),
        ({"files": [SimpleUploadedFile(f"f{i}.pdf", MINIMAL_PDF) for i in range(11)]}, "Attach 10 files or fewer"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_is_saved(
    client, transformation_member, evidence_storage, data, message
):
    client.force_login(transformation_member)
    response = send_closure(client, asylum_data(), **data)
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode() and message in response.content.decode()
    assert not Submission.objects.exists() and not Evidence.objects.exists()
    assert not any(p.is_file() for p in evidence_storage.rglob("*")) if evidence_storage.exists() else True


def test_a_forged_kind_or_recommendation_is_not_found(client, transformation_member):
    client.force_login(transformation_member)
    assert client.get(f"/submissions/recommendations/{asylum_data().pk}/new/delete/").status_code == 404
    assert client.get("/submissions/recommendations/999999/new/").status_code == 404
    assert client.get("/submissions/999999/").status_code == 404


def test_a_closed_recommendation_says_why_it_takes_no_submission(client, transformation_member):
    rec = asylum_data()
    Recommendation.objects.filter(pk=rec.pk).update(status=Recommendation.Status.CLOSED)
    client.force_login(transformation_member)
    page = client.get(f"/submissions/recommendations/{rec.pk}/new/").content.decode()
    assert "You cannot send a submission for this recommendation" in page and "only for open ones" in page
    assert client.post(f"/submissions/recommendations/{rec.pk}/new/", {"kind": "closure"}).status_code == 200
    assert send_closure(client, rec).status_code == 302  # back to the question, which says why
    assert not Submission.objects.exists()


def test_a_reviewer_returns_then_records_with_an_assessment(
    client, transformation_member, inspectorate_user, django_capture_on_commit_callbacks
):
    claim = sent(asylum_data(), transformation_member)
    client.force_login(inspectorate_user)
    assert claim.reference in client.get("/submissions/review/").content.decode()
    empty = client.post(f"/submissions/{claim.pk}/return/", {"version": claim.version, "reason": "  "})
    assert "Enter why you are returning it" in empty.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/submissions/{claim.pk}/return/",
            {"version": claim.version, "reason": "The evidence does not cover element b"},
        )
    claim.refresh_from_db()
    assert claim.state == Submission.State.RETURNED
    assert mail.outbox[-1].to == ["transform@example.gov.uk"] and "element b" in mail.outbox[-1].body
    claim = claim.revise(transformation_member, claim.version, {"text": "Now both."})
    claim = claim.submit(transformation_member, claim.version)
    client.post(
        f"/submissions/{claim.pk}/record/",
        {"version": claim.version, "assessment": "partially_implemented", "assessment_note": "b is partial."},
    )
    rec = asylum_data()
    assert rec.status == Recommendation.Status.DISPUTED
    assert Recommendation.objects.disputed().filter(pk=rec.pk).exists()


def test_a_reviewer_recording_a_submission_withdrawn_a_moment_before_is_told_what_happened(
    client, transformation_member, inspectorate_user
):
    claim = sent(asylum_data(), transformation_member)
    client.force_login(inspectorate_user)
    opened = claim.version
    claim.withdraw(transformation_member, claim.version)
    response = client.post(f"/submissions/{claim.pk}/record/", {"version": opened}, follow=True)
    assert "is withdrawn" in response.content.decode() or "was withdrawn by transform" in response.content.decode()
    assert asylum_data().ho_status != Recommendation.HomeOfficeStatus.CLOSED


def test_a_failed_email_never_loses_the_submission(
    client, transformation_member, inspectorate_user, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(*args, **kwargs):
        raise ConnectionRefusedError("no mail server")

    monkeypatch.setattr("submissions.notify.send_mass_mail", broken)
    client.force_login(transformation_member)
    draft_location = send_closure(client, asylum_data())["Location"]
    draft = Submission.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(draft_location, {"version": draft.version})
    assert response.status_code == 302 and Submission.objects.get().state == Submission.State.SUBMITTED


def test_a_round_shows_each_team_what_it_asks_and_counts_per_team(
    client, transformation_member, border_member, inspectorate_user, django_capture_on_commit_callbacks
):
    client.force_login(inspectorate_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/submissions/rounds/new/", {"name": "Update, spring 2027", "deadline": "14/4/2027"})
    round_ = UpdateRound.objects.get()
    assert response["Location"] == f"/submissions/rounds/{round_.pk}/"
    assert sorted(m.to[0] for m in mail.outbox) == ["border@example.gov.uk", "transform@example.gov.uk"]
    sent(asylum_data(), transformation_member, kind=Submission.Kind.PROGRESS)
    client.force_login(transformation_member)
    assert "1 of 1 submitted, due 14 April 2027" in client.get("/submissions/").content.decode()
    rows = round_.by_team()
    transformation = next(r for r in rows if r["team"] == "Transformation team")
    assert (transformation["asked"], transformation["submitted"], transformation["outstanding"]) == (1, 1, 0)
    client.force_login(inspectorate_user)
    assert "Transformation team" in client.get(f"/submissions/rounds/{round_.pk}/").content.decode()
    client.post(f"/submissions/rounds/{round_.pk}/close/")
    round_.refresh_from_db()
    assert not round_.is_open


def test_a_round_counts_outstanding_items_as_late_after_its_deadline(transformation_member, inspectorate_user):
    round_ = UpdateRound.open_round("Autumn", datetime.date(2026, 11, 1), inspectorate_user)
    rows = {r["team"]: r for r in round_.by_team()}
    assert rows["Transformation team"]["late"] == rows["Transformation team"]["outstanding"] == 1


@pytest.mark.parametrize(
    "address",
    ["/submissions/", "/submissions/review/", "/submissions/closure-claimed/", "/submissions/rounds/", "round", "sub"],
)
def test_every_page_s_query_count_is_bounded(
    client, transformation_member, inspectorate_user, django_assert_max_num_queries, address
):
    for _ in range(3):
        claim = sent(asylum_data(), transformation_member, kind=Submission.Kind.CLOSURE)
        claim.send_back(inspectorate_user, claim.version, "More please.")
        Submission.objects.filter(pk=claim.pk).update(state=Submission.State.WITHDRAWN)
    sent(asylum_data(), transformation_member)
    round_ = UpdateRound.open_round("Spring", datetime.date(2027, 4, 14), inspectorate_user)
    address = {"round": f"/submissions/rounds/{round_.pk}/", "sub": f"/submissions/{claim.pk}/"}.get(address, address)
    for person in (transformation_member, inspectorate_user):
        client.force_login(person)
        # A round's and a team's round figures are worked out once, then kept.
        with django_assert_max_num_queries(16 + CACHE_MISS_QUERIES):
            assert client.get(address).status_code in (200, 403, 404)


def test_an_extension_asks_which_part_when_elements_have_their_own_targets(client, real_data, django_user_model):
    from .submission_helpers import member

    rec = Recommendation.objects.filter(responses__sub_element__isnull=False, status="open").distinct().first()
    owner_name = "Elements team"
    from recommendations.models import Owner

    Recommendation.objects.filter(pk=rec.pk).update(owner=Owner.objects.create(name=owner_name))
    client.force_login(member(django_user_model, "elements", owner_name))
    element = rec.responses.exclude(sub_element=None).select_related("sub_element").first().sub_element
    page = client.get(f"/submissions/recommendations/{rec.pk}/new/extension/").content.decode()
    assert "Which part does it concern?" in page and f"Element {element.letter}" in page
    fields = {"text": "Delay.", "agreed_by": "Director", "agreed_on": "2/11/2026", "new_target_text": "June 2027"}
    response = client.post(
        f"/submissions/recommendations/{rec.pk}/new/extension/", {**fields, "part": element.pk, "links": ""}
    )
    submission = Submission.objects.get()
    assert response.status_code == 302 and submission.sub_element == element
    assert submission.response_concerned().sub_element == element
    forged = client.post(f"/submissions/recommendations/{rec.pk}/new/extension/", {**fields, "part": 999999})
    assert "Select the whole recommendation or one of its elements" in forged.content.decode()


def test_each_team_s_on_time_rate_is_counted_across_rounds_whose_deadline_has_passed(
    client, transformation_member, inspectorate_user
):
    past = UpdateRound.open_round("Autumn 2026", datetime.date(2026, 11, 1), inspectorate_user)
    UpdateRound.open_round("Spring 2027", datetime.date(2027, 4, 14), inspectorate_user)  # not yet due: not counted
    claim = sent(asylum_data(), transformation_member, kind=Submission.Kind.PROGRESS)
    Submission.objects.filter(pk=claim.pk).update(
        round=past, submitted_at=datetime.datetime(2026, 10, 30, 9, tzinfo=datetime.UTC)
    )
    rates = {team: (on, asked, percent) for team, on, asked, percent in UpdateRound.on_time_rates(TODAY)}
    assert rates["Transformation team"] == (1, 1, 100)
    assert rates["Border Security Command"] == (0, 1, 0)
    client.force_login(inspectorate_user)
    assert "1 of 1" in client.get("/submissions/rounds/").content.decode()


def test_a_member_answers_a_return_adding_evidence_and_sends_it_again(
    client, transformation_member, inspectorate_user, evidence_storage
):
    claim = sent(asylum_data(), transformation_member)
    claim = claim.send_back(inspectorate_user, claim.version, "The evidence does not cover element b")
    client.force_login(transformation_member)
    page = client.get(f"/submissions/{claim.pk}/change/").content.decode()
    assert "The evidence does not cover element b" in page and "Data collection runs." in page
    upload = SimpleUploadedFile("element b.pdf", MINIMAL_PDF)
    response = client.post(
        f"/submissions/{claim.pk}/change/",
        {"version": claim.version, "implemented_on": "1/10/2026", "text": "Both elements.", "files": [upload]},
    )
    assert response["Location"] == f"/submissions/{claim.pk}/check/"
    claim.refresh_from_db()
    client.post(f"/submissions/{claim.pk}/check/", {"version": claim.version})
    claim.refresh_from_db()
    assert claim.state == Submission.State.RESUBMITTED and claim.text == "Both elements."
    assert [e.name for e in claim.evidence.all()] == ["element-b.pdf"]
    stale = client.post(
        f"/submissions/{claim.pk}/change/", {"version": 1, "implemented_on": "1/10/2026", "text": "Late edit."}
    )
    assert stale.status_code == 302  # no longer the team's to change: back to its page
    claim.refresh_from_db()
    assert claim.text == "Both elements."
