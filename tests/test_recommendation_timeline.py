"""Issue 10 item 14: the recommendation page's timeline says each event once, in words; a
superseded recommendation names its successor; the re-statement chain comes right after the summary."""

import datetime

import pytest
from django.urls import reverse

from . import factories
from .admin_forms import change_url, post


@pytest.fixture
def signed_in(client, policy_user):
    client.force_login(policy_user)
    return client


SEPT_15 = datetime.date(2026, 9, 15)


def page_of(client, rec):
    return client.get(reverse("recommendations:detail", args=[rec.pk])).content.decode()


def extended(response, **fields):
    defaults = {"reason": "Supplier delay.", "agreed_by": "the Second Permanent Secretary", "agreed_on": SEPT_15}
    return factories.extension(response, "an extension until 31 March 2027", **{**defaults, **fields})


def test_an_extension_reads_as_one_sentence_with_who_asked_and_who_agreed(signed_in):
    rec = factories.recommendation()
    extended(factories.response(rec, target_text="Accepted - October 2026"))
    page = page_of(signed_in, rec)
    assert "Target extended from October 2026 to 31 March 2027" in page
    assert (
        "Supplier delay. Asked for by Border Force; agreed by the Second Permanent Secretary on 15 September 2026."
        in page
    )
    assert page.count("Supplier delay") == 1


def test_an_extension_of_an_element_names_the_element(signed_in):
    rec = factories.recommendation(number=2)
    element = factories.sub_element(rec, "e")
    extended(factories.response(rec, sub_element=element, target_text="by the end of 2026"))
    assert "Target for 2e extended from 2026 to 31 March 2027" in page_of(signed_in, rec)


def test_what_the_source_of_an_extension_leaves_out_is_said_so(signed_in):
    rec = factories.recommendation()
    extended(
        factories.response(rec),
        reason="",
        requested_by="",
        agreed_by="",
        agreed_on=None,
        details_not_stated=True,
        source="ICIBI recommendation update",
    )
    page = page_of(signed_in, rec)
    assert "Target extended to 31 March 2027 (the earlier target is not recorded)" in page
    assert (
        "Reason not stated in the source. Who asked: not stated in the source; who agreed: not stated in the "
        "source; when agreed: not stated in the source. Source: ICIBI recommendation update." in page
    )
    assert "from nothing" not in page and "no recorded target" not in page


def test_an_extension_recorded_in_the_admin_is_said_once(client, staff_client, policy_user):
    rec = factories.recommendation()
    overall = factories.response(rec, target_text="October 2026")
    response = post(
        staff_client,
        change_url(rec),
        {
            "target_revisions-2-0-response": str(overall.pk),
            "target_revisions-2-0-new_target_text": "an extension until 31 March 2027",
            "target_revisions-2-0-reason": "Supplier delay",
            "target_revisions-2-0-requested_by": "Border Force",
            "target_revisions-2-0-agreed_by": "Director General",
            "target_revisions-2-0-agreed_on": "15 September 2026",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    client.force_login(policy_user)
    page = page_of(client, rec)
    assert page.count("Supplier delay") == 1
    assert "Agreed by Director General on 15 September 2026" in page.replace("; agreed", "Agreed")
    assert "Target revision added" not in page
    assert "Next due date" not in page and "Revision count" not in page


def test_changes_from_the_audit_history_read_as_sentences(client, staff_client, policy_user):
    rec = factories.recommendation()
    changes = {"ho_status": "closed", "closed_on": "20/11/2026", "closure_evidence": "Annex A", "priority": "on"}
    assert post(staff_client, change_url(rec), changes).status_code == 302
    assert post(staff_client, change_url(rec), {"priority": ""}).status_code == 302
    client.force_login(policy_user)
    page = page_of(client, rec)
    assert "Home Office status set to Closed as implemented." in page
    assert "Closed on set to 20 November 2026." in page
    assert "Closure evidence set to Annex A." in page
    assert "Priority changed from no to yes." in page
    assert "from nothing" not in page and "to nothing" not in page
    assert "Status changed from" not in page  # derived: the Home Office status change says it


def test_a_cleared_value_says_what_it_was(client, staff_client, policy_user):
    rec = factories.recommendation(blocked_by="the Treasury", ho_status="blocked")
    assert post(staff_client, change_url(rec), {"ho_status": "open", "blocked_by": ""}).status_code == 302
    client.force_login(policy_user)
    assert "Blocked by cleared (it was the Treasury)." in page_of(client, rec)


def test_superseded_says_by_which_recommendation_with_a_link(signed_in):
    earlier = factories.recommendation()
    later = factories.recommendation(
        factories.inspection(published_on=datetime.date(2026, 6, 30)), restates=earlier, number=4
    )
    earlier = factories.refreshed(earlier)
    assert earlier.status == "superseded"
    page = page_of(signed_in, earlier)
    link = f'<a class="govuk-link" href="{reverse("recommendations:detail", args=[later.pk])}">{later}</a>'
    assert f"Superseded by {link}" in page  # under the status
    timeline = page[page.index("Timeline") :]
    assert f"Superseded by {link}" in timeline
    assert "30 June 2026" in timeline


def test_a_recommendation_superseded_by_an_element_links_to_its_recommendation(signed_in):
    earlier = factories.recommendation()
    later = factories.recommendation(factories.inspection(), number=2)
    factories.sub_element(later, "e", restates=earlier)
    page = page_of(signed_in, factories.refreshed(earlier))
    link = f'<a class="govuk-link" href="{reverse("recommendations:detail", args=[later.pk])}">'
    assert f"Superseded by {link}{later.inspection}, recommendation 2e</a>" in page


def test_the_restatement_chain_comes_right_after_the_summary(signed_in):
    earlier = factories.recommendation()
    later = factories.recommendation(factories.inspection(), restates=earlier)
    page = page_of(signed_in, later)
    assert page.index("Summary") < page.index("Made more than once") < page.index("Home Office responses and targets")
    assert page.index("Made more than once") < page.index("Timeline")
