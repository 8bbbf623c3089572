"""The due-dates list for policy teams: filters, sorting, the CSV export and the calendar."""

import csv
import datetime
import io
import re

import icalendar
import pytest
from django.urls import reverse

from inspections.models import Inspection
from recommendations.exports import TITLE_LENGTH
from recommendations.models import Recommendation
from responses.models import HomeOfficeResponse

from . import factories

DUE = reverse("recommendations:due")
pytestmark = pytest.mark.usefixtures("real_data", "today")


@pytest.fixture
def policy_client(client, policy_user):
    client.force_login(policy_user)
    return client


def items(client, **params):
    response = client.get(DUE, params)
    assert response.status_code == 200
    return [(i.recommendation.inspection.slug, i.reference) for i in response.context["page"]]


def csv_rows(client, **params):
    response = client.get(reverse("recommendations:due-export"), params)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_by_default_every_open_tracked_item_soonest_first(policy_client):
    listed = items(policy_client)
    assert len(listed) == 19  # 13 overdue + refusals 1 and 2a-2e
    assert listed[0] == ("illegal-working-enforcement-2023", "1")
    assert listed[-1] == ("border-force-refusals-2026", "2e")
    assert ("clandestine-entrants-2024", "4") not in listed  # not accepted: not open


def test_filter_by_owner(policy_client):
    owner = Recommendation.objects.get(inspection__slug="clandestine-entrants-2024", number=1).owner
    assert items(policy_client, owner=owner.pk) == [("clandestine-entrants-2024", "1")]


def test_filter_by_inspection_business_area_and_category(policy_client):
    refusals = items(policy_client, inspection="border-force-refusals-2026")
    assert refusals == [("border-force-refusals-2026", r) for r in ["2a", "1", "2b", "2c", "2d", "2e"]]
    border_force = items(policy_client, business_area="Border Force")
    assert {slug for slug, _ in border_force} == {"border-force-refusals-2026", "clandestine-entrants-2024"}
    partial = items(policy_client, category="partially_accepted")
    assert sorted(partial) == [("clandestine-entrants-2024", n) for n in ["2", "3", "6", "7"]]


def test_filter_by_status_shows_closed_and_not_accepted_when_asked(policy_client):
    assert items(policy_client, status="not_accepted") == [("clandestine-entrants-2024", "4")]
    assert len(items(policy_client, status="disputed")) == 1
    assert len(items(policy_client, status="any")) > len(items(policy_client))


def test_filter_by_due_window_and_within_days(policy_client):
    window = items(policy_client, due_after="01/03/2027", due_before="31/03/2027")
    assert window == [("border-force-refusals-2026", r) for r in ["2b", "2c", "2d"]]
    assert items(policy_client, due_within="40") == [("border-force-refusals-2026", "2a")]


@pytest.mark.parametrize("status", ["open", "any", "open_not_blocked", "closed"])
def test_due_within_is_the_rule_whatever_status_is_chosen(policy_client, today, status):
    # The filter says "open" once when the status has said it (for PostgreSQL's estimate), the rule otherwise.
    listed = policy_client.get(DUE, {"due_within": "400", "status": status}).context["filter"].items
    rule = HomeOfficeResponse.objects.due_within(400, today)
    chosen = {
        "open": rule,
        "any": rule,
        "open_not_blocked": rule.filter(recommendation_status="open"),
        "closed": rule.none(),
    }
    assert {item.pk for item in listed} == {item.pk for item in chosen[status]}
    assert status == "closed" or len(listed) > 3


def test_overdue_only_and_priority(policy_client):
    overdue = items(policy_client, overdue="true")
    assert len(overdue) == 13
    assert not any(slug == "border-force-refusals-2026" for slug, _ in overdue)
    assert items(policy_client, priority="true") == []
    Recommendation.objects.filter(inspection__slug="border-force-refusals-2026", number=1).update(priority=True)
    assert items(policy_client, priority="true") == [("border-force-refusals-2026", "1")]


def test_text_search_finds_recommendation_and_response_text(policy_client):
    assert items(policy_client, q="ANPR", status="any") == [("clandestine-entrants-2024", "4")]
    assert ("illegal-working-enforcement-2023", "5") in items(policy_client, q="debriefing")
    assert ("border-force-refusals-2026", "2d") in items(policy_client, q="mentoring")


def test_sorting_by_owner_and_latest_due_first(policy_client):
    by_owner = policy_client.get(DUE, {"sort": "owner"}).context["page"]
    owners = [i.recommendation.owner.name for i in by_owner if i.recommendation.owner]
    assert owners == ["Border Security Command", "Transformation team"]
    latest_first = items(policy_client, sort="-due")
    assert latest_first[0] == ("border-force-refusals-2026", "2e")


def test_bad_filter_values_give_clear_errors_not_a_500(policy_client):
    response = policy_client.get(
        DUE, {"due_within": "abc", "due_after": "31/02/2026", "owner": "999", "sort": "bogus", "page": "x"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Enter a number." in html
    assert "Enter a valid date." in html
    assert "Select a valid choice" in html
    assert len(response.context["page"]) == 0  # a wrong filter shows nothing rather than too much
    assert "Correct the filters shown in red" in html
    assert "<title>Error: Due dates – " in html  # a screen reader hears the problem first
    # With no search, "best match" means nothing: the wrong sort shows the first real order, not that.
    assert "Best match to the search" not in html


def test_a_search_offers_the_best_match_first(policy_client):
    html = policy_client.get(DUE, {"q": "training"}).content.decode()
    sort = html[html.index('name="sort"') :]
    assert sort.index(">Best match to the search<") < sort.index(">Due date, soonest first<")  # shown first
    assert "<title>Due dates – " in html


def test_pages_keep_the_filter(policy_client):
    inspection = factories.inspection(slug="many", business_area="Border Force")
    for n in range(60):
        factories.response(factories.recommendation(inspection, number=n + 1), target_text="June 2027")
    first = policy_client.get(DUE, {"business_area": "Border Force"})
    html = first.content.decode()
    assert first.context["page"].paginator.count == 60 + 6 + 7 - 1  # clandestine 4 is not open
    assert "?business_area=Border+Force&amp;page=2" in html or "?business_area=Border+Force&page=2" in html
    second = policy_client.get(DUE, {"business_area": "Border Force", "page": "2"})
    assert len(second.context["page"]) == 72 - 50


def test_the_csv_holds_exactly_the_filtered_rows(policy_client):
    for params in ({}, {"inspection": "border-force-refusals-2026"}, {"overdue": "true"}, {"q": "training"}):
        rows = csv_rows(policy_client, **params)
        listed = policy_client.get(DUE, params).context["page"].paginator.object_list
        assert [(r["Inspection"], r["Reference"]) for r in rows] == [
            (i.recommendation.inspection.title, i.reference) for i in listed
        ]


def test_the_csv_columns_are_named_plainly(policy_client):
    (row,) = csv_rows(policy_client, owner=Recommendation.objects.get(owner__name="Transformation team").owner_id)
    assert row["Owner"] == "Transformation team"
    assert row["Target as written"] == "an extension until 31 March 2026"
    assert row["Original due date"] == ""
    assert row["Current due date"] == "2026-03-31"
    assert row["Days overdue"] == "237"
    assert row["Extensions"] == "1"
    assert row["Link"].startswith("http://testserver/recommendations/")


def test_the_calendar_has_one_all_day_event_per_due_item(policy_client):
    response = policy_client.get(reverse("recommendations:due-calendar"), {"inspection": "border-force-refusals-2026"})
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(b"".join(response.streaming_content))
    events = calendar.walk("VEVENT")
    assert len(events) == 6
    starts = sorted(e.decoded("dtstart") for e in events)
    assert starts[0] == datetime.date(2026, 12, 31)
    summaries = {str(e["summary"]) for e in events}
    assert any(s.startswith("Due: Refusals and cancellations (2026) rec 2e – ") for s in summaries)
    assert all(e.decoded("dtend") - e.decoded("dtstart") == datetime.timedelta(days=1) for e in events)
    assert all(str(e["url"]).startswith("http://testserver/recommendations/") for e in events)


def test_closed_in_the_last_12_months_links_to_exactly_those(policy_client):
    rec = Recommendation.objects.get(inspection__slug="border-force-refusals-2026", number=1)
    rec.close(on=datetime.date(2026, 9, 1), evidence="Operating model published")
    overview = policy_client.get(reverse("recommendations:overview"))
    assert overview.context["figures"]["closed_last_year"] == 1
    assert 'href="/due/?status=any&amp;closed_after=23/11/2025"' in overview.content.decode()
    assert items(policy_client, status="any", closed_after="23/11/2025") == [("border-force-refusals-2026", "1")]
    assert len(items(policy_client, status="any", closed_after="01/01/2024")) == 1 + 4  # Annex A closures


def test_the_inspection_list_offers_the_recent_hundred_and_still_takes_an_older_one(policy_client):
    from responses.filters import INSPECTIONS_OFFERED

    oldest = factories.inspection(slug="oldest", short_title="Oldest", published_on=datetime.date(2001, 1, 1))
    factories.response(factories.recommendation(oldest), target_text="by March 2027")
    for n in range(INSPECTIONS_OFFERED):
        factories.inspection(slug=f"recent-{n}", published_on=datetime.date(2025, 1, 1))
    page = policy_client.get(DUE).content.decode()
    assert 'value="recent-0"' in page and 'value="oldest"' not in page
    chosen = policy_client.get(DUE, {"inspection": "oldest"})
    assert 'value="oldest" selected' in chosen.content.decode()
    assert [item.recommendation.inspection.slug for item in chosen.context["page"]] == ["oldest"]


def test_calendar_text_is_escaped_and_long_lines_folded_as_calendar_apps_read_them(policy_client):
    text = "Étape; un, deux\\trois\nquatre " + "é" * 60
    Recommendation.objects.filter(inspection__slug="border-force-refusals-2026", number=1).update(text=text)
    response = policy_client.get(reverse("recommendations:due-calendar"), {"inspection": "border-force-refusals-2026"})
    data = b"".join(response.streaming_content)
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    (event,) = [e for e in icalendar.Calendar.from_ical(data).walk("VEVENT") if " rec 1 – " in str(e["summary"])]
    summary = str(event["summary"])  # read back exactly: the library escaped it
    assert summary.startswith("Due: Refusals and cancellations (2026) rec 1 – Étape; un, deux\\trois quatre éé")
    assert summary.endswith("é…") and len(summary) == len("Due: ") + TITLE_LENGTH


def test_a_list_of_more_than_a_thousand_items_says_so_and_the_spreadsheet_holds_them_all(policy_client, monkeypatch):
    # The same behaviour as at 1,000, with the real data's few rows.
    monkeypatch.setattr("icibi_tracker.paging.COUNT_LIMIT", 5)
    monkeypatch.setattr("responses.views.COUNT_LIMIT", 5)
    page = policy_client.get(DUE, {"status": "any"})
    html = page.content.decode()
    assert page.context["page"].paginator.count == 5
    assert "Only the first 5 are listed here" in html
    assert len(csv_rows(policy_client, status="any")) > 5


@pytest.mark.parametrize(
    "inspection, words",
    [
        # Six open items, one per recommendation: the six counted are six recommendations.
        ("illegal-working-enforcement-2023", "More than 5 items from more than 5 recommendations"),
        # Six open items (1 and 2a to 2e) from two recommendations: whichever six are counted, two.
        ("border-force-refusals-2026", "More than 5 items from at least 2 recommendations"),
    ],
)
def test_a_capped_list_counts_the_recommendations_of_the_items_it_counted(
    policy_client, monkeypatch, inspection, words
):
    monkeypatch.setattr("icibi_tracker.paging.COUNT_LIMIT", 5)
    monkeypatch.setattr("responses.views.COUNT_LIMIT", 5)
    page = policy_client.get(DUE, {"inspection": inspection})
    assert page.context["page"].paginator.is_capped
    assert words in page.content.decode()


@pytest.mark.parametrize(
    "order",
    [
        {"sort": "due"},
        {"sort": "-due"},
        {"sort": "owner"},
        {"sort": "-inspection"},
        {"sort": "-extensions"},
        # Best match first, on PostgreSQL: many items rank the same, and each still comes once, in id order.
        {"q": "office"},
    ],
)
def test_each_page_holds_the_lists_rows_in_order_with_what_each_shows(policy_client, monkeypatch, order):
    # Pages of 4: the real data's items over several pages, read page by page as a person would.
    monkeypatch.setattr("responses.views.PAGE_SIZE", 4)
    whole = list(policy_client.get(DUE, {"status": "any", **order}).context["filter"].items)
    paged, number = [], 1
    while True:
        page = policy_client.get(DUE, {"status": "any", **order, "page": number}).context["page"]
        paged += page.object_list
        if not page.has_next():
            break
        number += 1
    assert number > 3
    assert [item.pk for item in paged] == [item.pk for item in whole]
    # Each row comes with its report and its at-risk tag, read with the page.
    assert all(item.recommendation.inspection.short_title and item.at_risk in (True, False) for item in paged)


def test_the_business_areas_offered_follow_every_change_even_a_raw_update(policy_client):
    def offered(path):
        page = policy_client.get(path).content.decode()
        select = re.search(r'<select[^>]*name="business_area".*?</select>', page, re.S).group()
        return re.findall(r'<option value="([^"]+)"', select)

    before = offered(DUE)
    assert before == sorted(before) and "Border Force" in before
    Inspection.objects.filter(slug="border-force-refusals-2026").update(business_area="Asylum and Protection")
    for path in (DUE, reverse("reports:board-pack")):
        assert "Asylum and Protection" in offered(path)


def test_a_list_within_the_limit_counts_its_recommendations_exactly(policy_client):
    page = policy_client.get(DUE, {"status": "any"})
    items = page.context["filter"].items
    assert page.context["recommendation_count"] == len({item.recommendation_id for item in items}) < len(items)
    assert f"from {page.context['recommendation_count']} recommendations" in page.content.decode()


def test_the_status_select_offers_open_with_and_without_blocked_each_once(policy_client):
    blocked = Recommendation.objects.filter(status="open").first()
    blocked.ho_status, blocked.blocked_by = Recommendation.HomeOfficeStatus.BLOCKED, "Another department"
    blocked.save()
    assert blocked.status == Recommendation.Status.BLOCKED
    page = policy_client.get(DUE).content.decode()
    assert page.count('value="open"') == 1
    assert page.count('value="open_not_blocked"') == 1
    status_select = re.search(r'<select[^>]*name="status".*?</select>', page, re.S).group()
    assert re.findall(r'<option value="([^"]*)" selected>', status_select) == ["open"]
    with_blocked = set(items(policy_client, status="open"))
    not_blocked = set(items(policy_client, status="open_not_blocked"))
    only_blocked = set(items(policy_client, status="blocked"))
    assert only_blocked and not_blocked
    assert not_blocked | only_blocked == with_blocked
    assert not (not_blocked & only_blocked)


def test_an_element_closed_on_its_own_is_neither_open_not_blocked_nor_blocked(policy_client):
    rec = Recommendation.objects.get(inspection__slug="border-force-refusals-2026", number=2)
    HomeOfficeResponse.objects.get(recommendation=rec, sub_element__letter="a").close(
        datetime.date(2026, 10, 1), "Element a done: the guidance is published."
    )
    element_a = ("border-force-refusals-2026", "2a")
    assert element_a not in items(policy_client, status="open")
    assert element_a not in items(policy_client, status="open_not_blocked")
    rec.refresh_from_db()
    rec.ho_status, rec.blocked_by = Recommendation.HomeOfficeStatus.BLOCKED, "Another department"
    rec.save()
    only_blocked = items(policy_client, status="blocked")
    assert ("border-force-refusals-2026", "2b") in only_blocked and element_a not in only_blocked
    # Together, the two are exactly what is open.
    not_blocked = items(policy_client, status="open_not_blocked")
    assert set(not_blocked) | set(only_blocked) == set(items(policy_client, status="open"))
    assert element_a in items(policy_client, status="any")


def test_overdue_or_due_within_gives_what_is_late_as_well_as_what_falls_due(policy_client):
    overdue = set(items(policy_client, overdue="true"))
    due_soon = set(items(policy_client, due_within="90"))
    both = items(policy_client, overdue_or_due_within="90")
    assert overdue and due_soon and not overdue & due_soon
    assert set(both) == overdue | due_soon
    assert len(both) == len(overdue) + len(due_soon) < len(items(policy_client))  # later targets are left out
    assert both[0] == ("illegal-working-enforcement-2023", "1")  # still soonest, so most overdue, first


def test_overdue_or_due_within_reads_the_rules_from_the_queryset_methods():
    from responses.models import HomeOfficeResponse

    from .conftest import TODAY

    objects = HomeOfficeResponse.objects
    combined = set(objects.overdue_or_due_within(90, TODAY))
    assert combined == set(objects.overdue(TODAY)) | set(objects.due_within(90, TODAY))
    assert set(objects.overdue_or_due_within(0, TODAY)) == set(objects.overdue(TODAY)) | set(
        objects.due_within(0, TODAY)
    )


def test_owner_none_lists_the_items_with_no_owner_recorded(policy_client):
    unowned = items(policy_client, owner="none")
    assert len(unowned) == 19 - 2  # Transformation team and Border Security Command own one each
    listed = policy_client.get(DUE, {"owner": "none"}).context["page"]
    assert all(item.recommendation.owner is None for item in listed)
    page = policy_client.get(DUE).content.decode()
    assert '<option value="none">No owner recorded</option>' in page


def test_a_search_says_what_it_searched_and_offers_every_status_in_one_click(policy_client):
    response = policy_client.get(DUE, {"q": "ANPR", "owner": "none"})
    html = response.content.decode()
    assert len(response.context["page"]) == 0  # not accepted, so not open
    assert "Searched open recommendations for ‘ANPR’." in html
    link = re.search(r'<a class="govuk-link" href="([^"]*)">Search recommendations of every status', html).group(1)
    assert link.replace("&amp;", "&") == "/due/?q=ANPR&owner=none&status=any"  # the search and filters kept
    assert items(policy_client, q="ANPR", owner="none", status="any") == [("clandestine-entrants-2024", "4")]
    every = policy_client.get(DUE, {"q": "ANPR", "status": "any"}).content.decode()
    assert "Searched recommendations of every status for ‘ANPR’." in every
    assert "Search recommendations of every status" not in every
    closed = policy_client.get(DUE, {"q": "ANPR", "status": "closed"}).content.decode()
    assert "Searched closed recommendations for ‘ANPR’." in closed
    assert "Searched" not in policy_client.get(DUE).content.decode()  # no search, nothing to say


def test_the_searched_words_are_shown_as_text_never_as_markup(policy_client):
    html = policy_client.get(DUE, {"q": "<b>x</b>"}).content.decode()
    assert "for ‘&lt;b&gt;x&lt;/b&gt;’" in html


def test_the_due_list_says_how_many_recommendations_its_items_come_from(client, policy_user, real_data):
    client.force_login(policy_user)
    response = client.get(reverse("recommendations:due"), {"inspection": "border-force-refusals-2026"})
    assert "6 items from 2 recommendations" in response.content.decode()
