"""Issue 13: a closure claim per element with its own target (a tracked item). Recorded, it closes
that element on its response; its row leaves the due, overdue and at-risk lists; the last element
closed closes the recommendation. Seed 000's recommendation 2 has five such elements, 2a-2e."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from recommendations.models import Owner, Recommendation
from responses.derivation import Derivation
from responses.models import HomeOfficeResponse, overdue_on
from submissions.models import Submission, SubmissionChanged, closure_claimed_count

from . import factories
from .admin_forms import change_url, post
from .conftest import TODAY
from .submission_helpers import TRANSFORMATION, sent

pytestmark = pytest.mark.usefixtures("today")

# 2a is due 31 December 2026, 2b-2d 31 March 2027, 2e 30 April 2027.
MID_DECEMBER = datetime.date(2026, 12, 15)
IN_JANUARY = datetime.date(2027, 1, 15)
IN_APRIL = datetime.date(2027, 4, 1)
DAYS = (TODAY, MID_DECEMBER, IN_JANUARY, datetime.date(2027, 3, 10), IN_APRIL, datetime.date(2027, 6, 1))


@pytest.fixture
def refusals_2(transformation_member):
    """Seed 000's recommendation 2, given to the Transformation team so its member may claim."""
    rec = Recommendation.objects.get(inspection__slug="border-force-refusals-2026", number=2)
    rec.owner = Owner.objects.get(name=TRANSFORMATION)
    rec.save()
    return rec


def item(rec, letter):
    return HomeOfficeResponse.objects.get(recommendation=rec, sub_element__letter=letter)


def element(rec, letter):
    return rec.sub_elements.get(letter=letter)


def assert_no_drift():
    assert list(Derivation().drift()) == []


def test_an_element_claim_recorded_closes_that_element_and_its_row_leaves_the_overdue_list(
    refusals_2, transformation_member, inspectorate_user
):
    assert item(refusals_2, "a") in HomeOfficeResponse.objects.overdue(IN_JANUARY)
    assert item(refusals_2, "a") in HomeOfficeResponse.objects.at_risk(MID_DECEMBER)
    assert Recommendation.objects.overdue(IN_JANUARY).filter(pk=refusals_2.pk).exists()
    claim = sent(refusals_2, transformation_member, sub_element=element(refusals_2, "a"))

    claim.record(inspectorate_user, claim.version)

    closed = item(refusals_2, "a")
    assert closed.closed_on == datetime.date(2026, 10, 1) and claim.reference in closed.closure_evidence
    refusals_2.refresh_from_db()
    assert refusals_2.status == Recommendation.Status.OPEN and refusals_2.ho_status == ""
    assert closed not in HomeOfficeResponse.objects.overdue(IN_JANUARY)
    assert closed not in HomeOfficeResponse.objects.open()
    assert closed not in HomeOfficeResponse.objects.at_risk(MID_DECEMBER) and not closed.is_at_risk(MID_DECEMBER)
    # Overdue only through its open items: nothing else was due by mid-January; 2b-2d are by April.
    assert not Recommendation.objects.overdue(IN_JANUARY).filter(pk=refusals_2.pk).exists()
    assert refusals_2.next_due_date == datetime.date(2027, 3, 31)
    assert Recommendation.objects.overdue(IN_APRIL).filter(pk=refusals_2.pk).exists()
    assert_no_drift()


def test_the_last_element_closed_closes_the_recommendation_with_the_latest_date_and_every_items_evidence(
    refusals_2, transformation_member, inspectorate_user
):
    for day, letter in enumerate("abcd", start=1):
        item(refusals_2, letter).close(datetime.date(2026, 10, day), f"Done {letter}.")
        assert Recommendation.objects.get(pk=refusals_2.pk).ho_status == ""
    claim = sent(
        refusals_2,
        transformation_member,
        sub_element=element(refusals_2, "e"),
        implemented_on=datetime.date(2026, 9, 1),
    )

    claim.record(inspectorate_user, claim.version, assessment=Recommendation.Assessment.IMPLEMENTED)

    refusals_2.refresh_from_db()
    assert refusals_2.ho_status == Recommendation.HomeOfficeStatus.CLOSED
    assert refusals_2.status == Recommendation.Status.CLOSED
    assert refusals_2.closed_on == datetime.date(2026, 10, 4)  # 2d's, the latest, not the last recorded
    assert all(f"Closed (2{letter})" in refusals_2.closure_evidence for letter in "abcde")
    assert claim.reference in refusals_2.closure_evidence
    assert refusals_2.assessment == Recommendation.Assessment.IMPLEMENTED
    assert "(element e)" in refusals_2.assessment_source
    assert refusals_2.history.first().history_change_reason == "Recorded from submission " + claim.reference
    assert not HomeOfficeResponse.objects.tracked().open().filter(recommendation=refusals_2).exists()
    assert_no_drift()


def test_a_claim_on_the_whole_still_closes_the_recommendation_as_before(
    refusals_2, transformation_member, inspectorate_user
):
    claim = sent(refusals_2, transformation_member)
    claim.record(inspectorate_user, claim.version)
    refusals_2.refresh_from_db()
    assert refusals_2.status == Recommendation.Status.CLOSED and refusals_2.closed_on == datetime.date(2026, 10, 1)
    assert not HomeOfficeResponse.objects.filter(recommendation=refusals_2, closed_on__isnull=False).exists()
    assert not HomeOfficeResponse.objects.overdue(IN_APRIL).filter(recommendation=refusals_2).exists()


@pytest.mark.parametrize("day", DAYS)
def test_row_and_queryset_forms_agree_with_closed_elements(refusals_2, day):
    item(refusals_2, "a").close(datetime.date(2026, 10, 1), "Done a.")
    item(refusals_2, "c").close(datetime.date(2026, 11, 1), "Done c.")
    factories.update(refusals_2, reported_on=datetime.date(2027, 3, 1), sub_element=element(refusals_2, "b"))
    items = list(HomeOfficeResponse.objects.select_related("recommendation").prefetch_related("sub_element"))
    responses = HomeOfficeResponse.objects.all()
    forms = {
        "open": (lambda r: r.is_open_item, responses.open()),
        "overdue": (lambda r: r.is_overdue(day), responses.overdue(day)),
        "days overdue": (lambda r: r.days_overdue(day) is not None, responses.filter(overdue_on(day))),
        "at risk": (lambda r: r.is_tracked and r.is_at_risk(day), responses.at_risk(day)),
    }
    for name, (row_form, queryset) in forms.items():
        assert {r.pk for r in items if row_form(r)} == set(queryset.values_list("pk", flat=True)), name
    recommendations = Recommendation.objects.prefetch_related("responses")
    assert {r.pk for r in recommendations if r.is_overdue(day)} == {
        r.recommendation_id for r in HomeOfficeResponse.objects.overdue(day)
    }  # overdue when any of its tracked items is, and only through its open ones
    assert {r.pk for r in recommendations if r.is_due_within(90, day)} == set(
        Recommendation.objects.due_within(90, day).values_list("pk", flat=True)
    )


def test_the_claim_form_offers_the_whole_and_each_open_element_with_its_own_target(
    refusals_2, transformation_member, client
):
    item(refusals_2, "b").close(datetime.date(2026, 10, 1), "Done b.")
    client.force_login(transformation_member)
    page = client.get(reverse("submissions:new", args=[refusals_2.pk, "closure"]))
    offered = [label for value, label in page.context["form"].fields["part"].choices]
    assert offered[0].startswith("The whole recommendation")
    assert [label[:9] for label in offered[1:]] == ["Element a", "Element c", "Element d", "Element e"]
    assert offered[1].endswith("(due end of December 2026)")


def test_a_recommendation_tracked_as_a_whole_is_only_offered_the_whole(transformation_member, client):
    from .submission_helpers import asylum_data

    client.force_login(transformation_member)
    page = client.get(reverse("submissions:new", args=[asylum_data().pk, "closure"]))
    assert "part" not in page.context["form"].fields


@pytest.mark.parametrize("which", ["no target of its own", "another recommendation's", "already closed"])
def test_a_forged_element_is_refused_with_a_message_and_nothing_is_saved(
    refusals_2, transformation_member, client, which
):
    clandestine_3 = Recommendation.objects.get(inspection__slug="clandestine-entrants-2024", number=3)
    if which == "no target of its own":
        # An element answered with a category and no target is closed with its recommendation.
        rec, forged = refusals_2, factories.sub_element(refusals_2, "f")
        factories.response(refusals_2, sub_element=forged)
    elif which == "another recommendation's":
        rec, forged = refusals_2, element(clandestine_3, "b")
    else:
        item(refusals_2, "a").close(datetime.date(2026, 10, 1), "Done a.")
        rec, forged = refusals_2, element(refusals_2, "a")
    client.force_login(transformation_member)
    page = client.post(
        reverse("submissions:new", args=[rec.pk, "closure"]),
        {"part": str(forged.pk), "implemented_on": "1/10/2026", "text": "All done."},
    )
    assert page.status_code == 200
    assert "Select the whole recommendation or one of its elements" in page.content.decode()
    assert not Submission.objects.exists()


def test_the_model_refuses_what_the_form_would_not_offer(refusals_2, transformation_member):
    clandestine_3 = Recommendation.objects.get(inspection__slug="clandestine-entrants-2024", number=3)
    fields = {"implemented_on": datetime.date(2026, 10, 1), "text": "All done."}
    with pytest.raises(ValidationError, match="Choose an element of this recommendation"):
        Submission.start(
            refusals_2,
            Submission.Kind.CLOSURE,
            transformation_member,
            {**fields, "sub_element": element(clandestine_3, "b")},
        )
    Recommendation.objects.filter(pk=clandestine_3.pk).update(owner=refusals_2.owner)
    with pytest.raises(ValidationError, match="3b has no target of its own|b has no target of its own"):
        Submission.start(
            clandestine_3,
            Submission.Kind.CLOSURE,
            transformation_member,
            {**fields, "sub_element": element(clandestine_3, "b")},
        )
    item(refusals_2, "a").close(datetime.date(2026, 9, 30), "Done a.")
    with pytest.raises(ValidationError, match="Element a was already closed on 30 September 2026"):
        Submission.start(
            refusals_2,
            Submission.Kind.CLOSURE,
            transformation_member,
            {**fields, "sub_element": element(refusals_2, "a")},
        )
    assert not Submission.objects.exists()


def test_an_element_closed_after_the_draft_was_made_is_not_sent_and_the_draft_is_kept(
    refusals_2, transformation_member
):
    draft = Submission.start(
        refusals_2,
        Submission.Kind.CLOSURE,
        transformation_member,
        {"implemented_on": datetime.date(2026, 10, 1), "text": "Done.", "sub_element": element(refusals_2, "e")},
    )
    item(refusals_2, "e").close(datetime.date(2026, 9, 30), "Recorded from the update document.")
    with pytest.raises(SubmissionChanged, match="Element e was already closed on 30 September 2026"):
        draft.submit(transformation_member, draft.version)
    assert Submission.objects.get(pk=draft.pk).state == Submission.State.DRAFT


def test_an_element_claim_recorded_twice_over_a_closure_is_refused_and_writes_nothing(
    refusals_2, transformation_member, inspectorate_user
):
    claim = sent(refusals_2, transformation_member, sub_element=element(refusals_2, "e"))
    item(refusals_2, "e").close(datetime.date(2026, 9, 30), "Closed in the admin meanwhile.")
    with pytest.raises(SubmissionChanged, match="already closed on 30 September 2026. Nothing was recorded"):
        claim.record(inspectorate_user, claim.version)
    assert Submission.objects.get(pk=claim.pk).state == Submission.State.SUBMITTED
    assert item(refusals_2, "e").closure_evidence == "Closed in the admin meanwhile."


def test_a_closure_claim_on_an_element_is_shown_per_item_and_counted_per_recommendation(
    refusals_2, transformation_member, client, manager_user
):
    claim = sent(refusals_2, transformation_member, sub_element=element(refusals_2, "e"))
    sent(refusals_2, transformation_member, sub_element=element(refusals_2, "d"))
    assert closure_claimed_count(Recommendation.objects.all()) == 1  # per recommendation, said so
    client.force_login(manager_user)
    due = client.get(reverse("recommendations:due"), {"owner": refusals_2.owner_id}).content.decode()
    tagged = [row for row in due.split('<tr class="govuk-table__row">') if "Closure claimed</strong>" in row]
    assert len(tagged) == 2 and any(", 2e</a>" in row for row in tagged) and any(", 2d</a>" in row for row in tagged)
    page = client.get(reverse("recommendations:detail", args=[refusals_2.pk])).content.decode()
    assert f"Closure of element e claimed by {TRANSFORMATION} on {claim.submitted_in_words}, awaiting review" in page


def test_the_recommendation_page_timeline_and_lists_say_an_element_is_closed(
    refusals_2, transformation_member, inspectorate_user, client, manager_user
):
    claim = sent(
        refusals_2,
        transformation_member,
        sub_element=element(refusals_2, "e"),
        implemented_on=datetime.date(2026, 11, 3),
    )
    claim.record(inspectorate_user, claim.version)
    client.force_login(manager_user)
    page = client.get(reverse("recommendations:detail", args=[refusals_2.pk])).content.decode()
    assert 'Closed (2e)</strong> <span class="govuk-body-s">on 3 November 2026</span>' in page
    assert "Element 2e closed by the Home Office" in page
    assert "Closure claim for element e sent by" in page and "Closure claim for element e recorded by" in page
    assert "Response to element e" in page  # the audit history names the change
    listed = client.get(reverse("recommendations:due"), {"owner": refusals_2.owner_id, "status": "any"})
    assert "Closed (2e)</strong>" in listed.content.decode()
    assert ", 2e</a>" not in client.get(reverse("recommendations:due"), {"owner": refusals_2.owner_id}).content.decode()


# The admin: inspectorate staff see and correct an element's closure on its response.


@pytest.fixture
def element_response(db):
    rec = factories.recommendation()  # published 25 March 2025
    a, b = factories.sub_element(rec, "a"), factories.sub_element(rec, "b")
    factories.response(rec, target_text="December 2025", sub_element=a)
    factories.response(rec, target_text="March 2026", sub_element=b)
    return rec


@pytest.mark.parametrize(
    ("closed_on", "evidence", "problem"),
    [
        ("1/12/2026", "Done.", "The closure date is in the future"),
        ("1/3/2025", "Done.", "The closure date is before the report was published (25 March 2025)"),
        ("1/10/2026", "", "Say what shows the element was closed"),
    ],
)
def test_the_admin_refuses_a_wrong_element_closure(staff_client, element_response, closed_on, evidence, problem):
    response = item(element_response, "a")
    page = post(
        staff_client, change_url(response), {"closed_on": closed_on, "closure_evidence": evidence}
    ).content.decode()
    assert problem in page
    assert item(element_response, "a").closed_on is None


def test_closing_the_last_element_in_the_admin_closes_the_recommendation(staff_client, element_response):
    item(element_response, "a").close(datetime.date(2026, 1, 31), "Done a.")
    page = post(
        staff_client, change_url(item(element_response, "b")), {"closed_on": "2/11/2026", "closure_evidence": "Done b."}
    )
    assert page.status_code == 302
    element_response.refresh_from_db()
    assert element_response.status == Recommendation.Status.CLOSED
    assert element_response.closed_on == datetime.date(2026, 11, 2)
    assert_no_drift()


def test_an_element_closure_written_with_update_is_found_by_check_derived(refusals_2):
    HomeOfficeResponse.objects.filter(pk=item(refusals_2, "a").pk).update(
        closed_on=datetime.date(2026, 10, 1), closure_evidence="x"
    )
    drift = list(Derivation().drift(repair=True))
    assert [(d.field, d.derived) for d in drift] == [("next_due_date", datetime.date(2027, 3, 31))]
    assert_no_drift()


def test_closing_the_last_element_on_the_recommendation_page_closes_the_recommendation(staff_client, element_response):
    item(element_response, "a").close(datetime.date(2026, 1, 31), "Done a.")
    page = staff_client.get(change_url(element_response))
    (responses,) = [i.formset for i in page.context["inline_admin_formsets"] if i.formset.prefix == "responses"]
    index = next(n for n, form in enumerate(responses.forms) if form.instance.sub_element.letter == "b")
    changes = {f"responses-{index}-closed_on": "2/11/2026", f"responses-{index}-closure_evidence": "Done b."}
    assert post(staff_client, change_url(element_response), changes).status_code == 302
    element_response.refresh_from_db()
    assert element_response.status == Recommendation.Status.CLOSED
    assert element_response.closed_on == datetime.date(2026, 11, 2)
    assert "Closed (1b) on 2 November 2026: Done b." in element_response.closure_evidence
    assert_no_drift()


def test_the_record_as_it_stood_shows_an_element_closed_then(refusals_2, client, manager_user, monkeypatch):
    from django.utils import timezone

    item(refusals_2, "e").close(datetime.date(2026, 11, 3), "Done e.")
    # The audit history is dated by the real clock: ask for the record as it stands on that day.
    monkeypatch.setattr("icibi_tracker.clock.today", timezone.localdate)
    client.force_login(manager_user)
    page = client.get(
        reverse("recommendations:detail", args=[refusals_2.pk]), {"as_of": f"{timezone.localdate():%d/%m/%Y}"}
    )
    html = page.content.decode()
    assert "Home Office responses and targets then" in html
    assert 'Closed (2e)</strong> <span class="govuk-body-s">on 3 November 2026</span>' in html
