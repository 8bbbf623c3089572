"""Issue 13's journey in a real browser on the real data: a Transformation team member claims closure
of the asylum data recommendation with a PDF; a reviewer returns it; the member resubmits; the
reviewer records it as partially implemented; the overview then counts it as disputed. axe-core on
every new page; screenshots at desktop and phone widths."""

import datetime

import pytest
from playwright.sync_api import expect

from recommendations.models import Owner, Recommendation
from submissions.models import Submission, UpdateRound

from .conftest import screenshot, serious_accessibility_problems, sign_in
from .submission_helpers import MINIMAL_PDF, TRANSFORMATION, asylum_data, member, sent
from .test_browser_tables_fit import OVERFLOWS
from .test_browser_tables_fit import WIDTHS as TABLE_WIDTHS

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("real_data", "today", "evidence_storage")]

WIDTHS = {"desktop": 1280, "phone": 390}


def look(page, name, problems):
    """axe-core at both widths, and a screenshot of each for a person to look at."""
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        problems += [f"{name} at {width}px: {p}" for p in serious_accessibility_problems(page)]
        screenshot(page, f"submissions-{name}-{label}")
    page.set_viewport_size({"width": 1280, "height": 900})


def menu(page, name):
    return page.get_by_role("navigation", name="Menu").get_by_role("link", name=name)


def figure(page, label):
    return int(page.locator(".app-figures__item", has_text=label).locator(".app-figure").inner_text())


def test_a_closure_claim_is_returned_resubmitted_and_recorded_as_disputed(
    browser, live_server, django_user_model, inspectorate_user
):
    member(django_user_model, "transform", TRANSFORMATION)
    rec = asylum_data()
    problems = []
    team = browser.new_context(base_url=live_server.url).new_page()
    reviewer = browser.new_context(base_url=live_server.url).new_page()
    sign_in(team, "transform")
    sign_in(reviewer, "inspector")
    reviewer.goto("/")
    disputed_before = figure(reviewer, "disputed")

    # The member claims closure with a PDF.
    team.goto(f"/recommendations/{rec.pk}/")
    team.get_by_role("link", name="Send an update, extension, closure claim or blocked report").click()
    look(team, "start", problems)
    team.get_by_role("button", name="Continue").click()
    expect(team.get_by_role("link", name="Select what you are telling the inspectorate")).to_be_visible()
    team.get_by_label("A closure claim: the recommendation, or an element of it, is implemented").check()
    team.get_by_role("button", name="Continue").click()
    team.get_by_label("When was it implemented?").fill("1/10/2026")
    team.get_by_label("What was done to implement it?").fill("Vulnerability data is now collected routinely.")
    team.get_by_label("Evidence files (optional)").set_input_files(
        {"name": "Data collection report.pdf", "mimeType": "application/pdf", "buffer": MINIMAL_PDF}
    )
    look(team, "details", problems)
    team.get_by_role("button", name="Continue").click()
    expect(team.get_by_role("heading", name="Check your answers before sending")).to_be_visible()
    expect(team.get_by_role("link", name="Data-collection-report.pdf")).to_be_visible()
    look(team, "check-answers", problems)
    team.get_by_role("button", name="Send to the inspectorate").click()
    expect(team.locator(".govuk-panel--confirmation")).to_contain_text("Closure claim sent")
    reference = team.locator(".govuk-panel__body strong").inner_text()
    look(team, "confirmation", problems)
    team.goto(f"/recommendations/{rec.pk}/")
    expect(team.get_by_text("Closure claimed by Transformation team on")).to_be_visible()
    look(team, "recommendation-claimed", problems)

    # The reviewer returns it.
    reviewer.goto("/")
    assert figure(reviewer, "closure claimed, awaiting review") == 1
    menu(reviewer, "Review queue").click()
    look(reviewer, "review-queue", problems)
    reviewer.get_by_role("link", name=reference).click()
    look(reviewer, "submission", problems)
    reviewer.get_by_role("link", name="Return it to the team").click()
    reviewer.get_by_label("Why are you returning it?").fill("the evidence does not cover element b")
    look(reviewer, "return", problems)
    reviewer.get_by_role("button", name="Return it").click()
    expect(reviewer.get_by_text(f"Submission {reference} is returned to Transformation team.")).to_be_visible()

    # The member answers the return.
    menu(team, "Your team").click()
    expect(team.get_by_role("table", name="Returned to you")).to_be_visible()
    look(team, "your-team", problems)
    team.get_by_role("link", name=reference).click()
    expect(team.get_by_text("the evidence does not cover element b")).to_be_visible()
    team.get_by_role("link", name="Answer the return").click()
    team.get_by_label("What was done to implement it?").fill(
        "Vulnerability data is collected routinely (a); management information is collated in one place (b)."
    )
    team.get_by_role("button", name="Continue").click()
    team.get_by_role("button", name="Send it again").click()
    expect(team.locator(".govuk-panel--confirmation")).to_contain_text(reference)

    # The reviewer records it as partially implemented.
    menu(reviewer, "Review queue").click()
    reviewer.get_by_role("link", name=reference).click()
    reviewer.get_by_role("link", name="Record it").click()
    reviewer.get_by_label("Partially implemented").check()
    reviewer.get_by_label("Why (optional)").fill("Element b is only partly in place.")
    look(reviewer, "record", problems)
    reviewer.get_by_role("button", name="Record it").click()
    expect(reviewer.get_by_text(f"Submission {reference} is recorded.")).to_be_visible()

    reviewer.goto("/")
    assert figure(reviewer, "disputed") == disputed_before + 1
    assert figure(reviewer, "closure claimed, awaiting review") == 0
    look(reviewer, "overview-after", problems)
    reviewer.goto(f"/recommendations/{rec.pk}/")
    expect(
        reviewer.get_by_text("The Home Office closed this recommendation, but the inspectorate assessed it")
    ).to_be_visible()
    assert Recommendation.objects.get(pk=rec.pk).status == Recommendation.Status.DISPUTED

    # The round pages.
    reviewer.goto("/submissions/rounds/new/")
    reviewer.get_by_label("Name").fill("Recommendation update, spring 2027")
    reviewer.get_by_label("Deadline").fill("14/4/2027")
    look(reviewer, "open-round", problems)
    reviewer.get_by_role("button", name="Open the round and email the teams").click()
    expect(reviewer.get_by_role("table", name="Per team")).to_be_visible()
    look(reviewer, "round", problems)
    expect(reviewer.get_by_role("row", name="Border Security Command")).to_be_visible()
    team.goto("/submissions/closure-claimed/")
    look(team, "closure-claimed", problems)
    assert problems == []


def test_the_new_tables_fit_at_phone_and_desktop_widths(browser, live_server, django_user_model, inspectorate_user):
    """The lists of the new pages, checked as tests/test_browser_tables_fit.py checks the others."""
    transform = member(django_user_model, "transform", TRANSFORMATION)
    sent(asylum_data(), transform)
    returned = sent(asylum_data(), transform, kind=Submission.Kind.PROGRESS)
    returned.send_back(inspectorate_user, returned.version, "Say what was done in October.")
    round_ = UpdateRound.open_round("Recommendation update, spring 2027", datetime.date(2027, 4, 14), inspectorate_user)
    pages = {
        "inspector": ["/submissions/review/", f"/submissions/rounds/{round_.pk}/", "/submissions/closure-claimed/"],
        "transform": ["/submissions/"],
    }
    wrong = []
    for username, addresses in pages.items():
        page = browser.new_context(base_url=live_server.url).new_page()
        sign_in(page, username)
        for width in TABLE_WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            for address in addresses:
                page.goto(address)
                found = page.evaluate(OVERFLOWS)
                assert found["tables"], f"{address} lists something"
                if found["page_overflows"]:
                    wrong.append(f"{address} at {width}px: the page is wider than the window")
                wrong += [
                    f"{address} at {width}px: {t['table']!r} overflows" for t in found["tables"] if t["overflows"]
                ]
    assert wrong == [], "\n".join(wrong)


def test_a_closure_claim_for_one_element_closes_that_element_alone(
    browser, live_server, django_user_model, inspectorate_user
):
    """Seed 000's recommendation 2: the team claims element e; the reviewer records it; 2e reads
    "Closed (2e)" and leaves the due list while 2a-2d stay."""
    member(django_user_model, "transform", TRANSFORMATION)
    rec = Recommendation.objects.get(inspection__slug="border-force-refusals-2026", number=2)
    rec.owner = Owner.objects.get(name=TRANSFORMATION)
    rec.save()
    problems = []
    team = browser.new_context(base_url=live_server.url).new_page()
    reviewer = browser.new_context(base_url=live_server.url).new_page()
    sign_in(team, "transform")
    sign_in(reviewer, "inspector")

    team.goto(f"/submissions/recommendations/{rec.pk}/new/")
    team.get_by_label("A closure claim: the recommendation, or an element of it, is implemented").check()
    team.get_by_role("button", name="Continue").click()
    team.get_by_role("button", name="Continue").click()  # nothing chosen: the error summary says what to fix
    expect(team.locator(".govuk-error-summary")).to_contain_text("Enter the date it was implemented")
    team.get_by_label("Element e:").check()
    team.get_by_label("When was it implemented?").fill("3/11/2026")
    team.get_by_label("What was done to implement it?").fill("The refusals guidance now covers element e.")
    look(team, "element-details", problems)
    team.get_by_role("button", name="Continue").click()
    expect(team.locator(".govuk-summary-list")).to_contain_text("Element e")
    team.get_by_role("button", name="Send to the inspectorate").click()
    reference = team.locator(".govuk-panel__body strong").inner_text()
    team.goto(f"/recommendations/{rec.pk}/")
    expect(team.get_by_text("Closure of element e claimed by Transformation team on")).to_be_visible()
    look(team, "element-claimed", problems)
    team.goto(f"/due/?owner={rec.owner_id}")
    claimed = team.locator("tr", has_text="Closure claimed")
    expect(claimed).to_have_count(1)
    expect(claimed).to_contain_text("2e")
    look(team, "element-claimed-due-list", problems)

    reviewer.goto(f"/submissions/{Submission.objects.get().pk}/record/")
    reviewer.get_by_label("Implemented", exact=True).check()
    reviewer.get_by_role("button", name="Record it").click()
    expect(reviewer.get_by_text(f"Submission {reference} is recorded.")).to_be_visible()
    reviewer.goto(f"/recommendations/{rec.pk}/")
    expect(reviewer.get_by_text("Closed (2e)")).to_be_visible()
    expect(reviewer.get_by_text("on 3 November 2026")).to_be_visible()
    expect(reviewer.get_by_role("heading", name="Element 2e closed by the Home Office")).to_be_visible()
    look(reviewer, "element-closed", problems)
    reviewer.goto(f"/due/?owner={rec.owner_id}")
    expect(reviewer.get_by_role("link", name="2e")).to_have_count(0)
    expect(reviewer.get_by_role("link", name=", 2d")).to_have_count(1)
    look(reviewer, "element-closed-due-list", problems)
    rec.refresh_from_db()
    assert rec.status == Recommendation.Status.OPEN and rec.next_due_date == datetime.date(2026, 12, 31)
    assert problems == []
