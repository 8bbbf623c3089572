"""Every dashboard page: who may see it, what it shows on the real data, and what it costs."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from recommendations.models import Recommendation
from responses import demo_data

from . import factories
from .conftest import CACHE_MISS_QUERIES

PAGES = [
    reverse("recommendations:overview"),
    reverse("recommendations:overdue"),
    reverse("recommendations:due"),
    reverse("recommendations:due-export"),
    reverse("recommendations:due-calendar"),
    reverse("recommendations:calendar-subscription"),
    reverse("recommendations:restated"),
    reverse("recommendations:awaiting-response"),
    reverse("inspections:list"),
    reverse("inspections:detail", args=["clandestine-entrants-2024"]),
]


def detail_url(slug, number):
    rec = Recommendation.objects.get(inspection__slug=slug, number=number)
    return reverse("recommendations:detail", args=[rec.pk])


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_users_are_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.usefixtures("real_data", "today")
@pytest.mark.parametrize("url", PAGES)
def test_every_page_renders_for_every_role(client, any_role_user, url):
    client.force_login(any_role_user)
    assert client.get(url).status_code == 200
    assert client.get(detail_url("asylum-casework-2023", 4)).status_code == 200


@pytest.mark.usefixtures("real_data", "today")
class TestOnTheRealData:
    @pytest.fixture(autouse=True)
    def signed_in(self, client, manager_user):
        client.force_login(manager_user)
        self.client = client

    def test_the_overview_counts_every_status_separately(self):
        response = self.client.get(reverse("recommendations:overview"))
        figures = response.context["figures"]
        assert figures["overdue"] == 13
        assert figures["disputed"] == 1
        assert figures["awaiting_response"] == 3
        counts = {status.value: n for status, n in response.context["status_counts"].items()}
        assert counts == {
            "awaiting_response": 3,
            "category_missing": 0,
            "open": 15,
            "blocked": 0,
            "closed": 3,
            "disputed": 1,
            "not_accepted": 1,
            "superseded": 2,
        }
        assert sum(counts.values()) == Recommendation.objects.count()

    def test_the_overview_shows_overdue_by_owner_and_acceptance_by_year(self):
        response = self.client.get(reverse("recommendations:overview"))
        by_owner = {row["owner"]: row for row in response.context["by_owner"]}
        assert by_owner["Transformation team"]["longest_overdue_days"] == 237  # since 31 March 2026
        assert by_owner["Border Security Command"]["overdue"] == 1
        year_2025 = next(row for row in response.context["by_year"] if row["year"] == 2025)
        assert [(c["count"], c["percent"]) for c in year_2025["cells"]] == [(2, 29), (4, 57), (1, 14)]
        html = response.content.decode()
        assert "49 days" in html and "within 8 weeks" in html  # clandestine entrants

    def test_the_overview_links_each_owner_and_the_unowned_to_their_lists(self):
        overview = self.client.get(reverse("recommendations:overview"))
        html, rows = overview.content.decode(), overview.context["by_owner"]
        unowned = rows[-1]  # a bucket of its own, after the owners
        assert (unowned["owner"], unowned["owner_id"], unowned["open"], unowned["overdue"]) == ("", None, 13, 11)
        assert '<a class="govuk-link" href="/due/?owner=none">No owner recorded' in html
        assert 'href="/due/?owner=none&amp;overdue=true">11' in html
        team = Recommendation.objects.get(owner__name="Transformation team").owner
        assert f'<a class="govuk-link" href="/due/?owner={team.pk}">Transformation team' in html
        # Each link lists exactly the row's recommendations.
        for row in rows:
            owner = row["owner_id"] or "none"
            listed = self.client.get(reverse("recommendations:due"), {"owner": owner}).context["page"]
            assert len({item.recommendation_id for item in listed}) == row["open"], row
            late = self.client.get(reverse("recommendations:due"), {"owner": owner, "overdue": "true"})
            assert len({item.recommendation_id for item in late.context["page"]}) == row["overdue"], row

    def test_overdue_lists_tracked_items_most_overdue_first(self):
        response = self.client.get(reverse("recommendations:overdue"))
        items = list(response.context["page"])
        assert [i.current_due_date for i in items] == sorted(i.current_due_date for i in items)
        references = {(i.recommendation.inspection.slug, i.reference) for i in items}
        assert {("illegal-working-enforcement-2023", str(n)) for n in range(1, 7)} <= references
        assert ("clandestine-entrants-2024", "4") not in references
        assert not any(slug == "border-force-refusals-2026" for slug, _ in references)
        first = items[0]
        assert (first.recommendation.number, first.days_overdue(datetime.date(2026, 11, 23))) == (1, 937)

    def test_overdue_shows_lateness_against_the_original_and_current_targets(self):
        rec = Recommendation.objects.get(inspection__slug="illegal-working-enforcement-2023", number=3)
        factories.extension(rec.responses.get(sub_element=None), "March 2025")
        html = self.client.get(reverse("recommendations:overdue")).content.decode()
        assert "slipped 335 days" in html  # 30 April 2024 to 31 March 2025

    def test_the_service_standard_chain_shows_three_inspections_and_its_age(self):
        response = self.client.get(reverse("recommendations:restated"))
        (chain,) = response.context["chains"]
        assert [link.inspection.slug for link in chain.links] == [
            "asylum-casework-2021",
            "asylum-casework-2023",
            "asylum-casework-2025",
        ]
        assert chain.times_made == 3
        assert chain.age == "just over five years"
        html = response.content.decode()
        assert "18 November 2021" in html
        assert "recommendation 2e" in html
        assert "Awaiting response" in html  # the newest link's status

    def test_awaiting_response_lists_the_2025_asylum_report(self):
        response = self.client.get(reverse("recommendations:awaiting-response"))
        (inspection,) = response.context["page"]
        assert inspection.slug == "asylum-casework-2025"
        assert [r.number for r in inspection.awaiting] == [1, 2, 3]
        assert "About 146 days" in response.content.decode()  # June 2026, month precision

    def test_the_inspection_page_lists_every_recommendation_with_its_elements_and_targets(self):
        response = self.client.get(reverse("inspections:detail", args=["border-force-refusals-2026"]))
        html = response.content.decode()
        assert len(response.context["inspection"].listed) == 2
        for letter in "abcde":
            assert f"Target for 2{letter}" in html
        assert "Date of implementation: April 2027: due 30 April 2027" in html
        assert "Not known: date sent not recorded" in html

    def test_the_recommendation_page_shows_the_timeline_and_the_dispute(self):
        response = self.client.get(detail_url("asylum-casework-2023", 4))
        html = response.content.decode()
        titles = [event.title for event in response.context["timeline"]]
        assert titles == [
            "Report published",
            "Closed by the Home Office",
            "Progress update from the Inspectorate on 4a",
            "Progress update from the Inspectorate on 4b",
            "Inspectorate assessment: partially implemented",
            # From the audit history: the real data was loaded today.
            "Recommendation added by the tracker",
        ]
        assert "Disputed" in html
        assert "Edit this recommendation in the admin" not in html  # managers view only

    def test_the_recommendation_page_shows_an_extension_and_the_chain(self):
        data = Recommendation.objects.get(owner__name="Transformation team")
        html = self.client.get(reverse("recommendations:detail", args=[data.pk])).content.decode()
        assert "Target extended to 31 March 2026 (the earlier target is not recorded)" in html
        latest = self.client.get(detail_url("asylum-casework-2025", 2))
        assert len(latest.context["chain"]) == 3

    def test_a_missing_recommendation_or_inspection_is_a_404(self):
        assert self.client.get(reverse("recommendations:detail", args=[999999])).status_code == 404
        assert self.client.get(reverse("inspections:detail", args=["no-such-report"])).status_code == 404


@pytest.mark.usefixtures("real_data")
def test_inspectorate_staff_get_a_link_to_edit_in_the_admin(client, inspectorate_user):
    client.force_login(inspectorate_user)
    url = detail_url("clandestine-entrants-2024", 3)
    rec = Recommendation.objects.get(inspection__slug="clandestine-entrants-2024", number=3)
    html = client.get(url).content.decode()
    assert reverse("admin:recommendations_recommendation_change", args=[rec.pk]) in html


def read(response):
    """The whole body, streamed or not: a streamed export runs its queries as it is read."""
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def grow(count):
    """Add `count` recommendations, each with a response, an element, an extension and an update."""
    owner = factories.owner("Generated team")
    inspection = factories.inspection()
    for n in range(count):
        rec = factories.recommendation(inspection, owner=owner, number=n + 1)
        element = factories.sub_element(rec)
        factories.response(rec, target_text="March 2026")
        element_response = factories.response(rec, target_text="Q2 2027", sub_element=element)
        factories.extension(element_response, "Q3 2027")
        factories.update(rec, sub_element=element)
    later = factories.recommendation(inspection, restates=rec)
    factories.response(later)


LIST_PAGES = [url for url in PAGES if "inspections/" not in url or url.endswith("inspections/")] + [
    f"{reverse('recommendations:due')}?owner=none",
    f"{reverse('recommendations:due')}?overdue_or_due_within=90",
    f"{reverse('recommendations:due')}?q=thing",
]


@pytest.mark.usefixtures("real_data", "today")
def test_queries_per_page_are_the_same_with_10_and_with_500_recommendations(client, manager_user):
    client.force_login(manager_user)

    def queries_per_page():
        counts = {}
        for url in LIST_PAGES:
            with CaptureQueriesContext(connection) as queries:
                read(client.get(url))
            counts[url] = len(queries)
        return counts

    grow(10)
    with_10 = queries_per_page()
    # The rest in bulk, as the benchmark's data is made: inspections with elements, extensions, updates,
    # re-statements, closures and every status.
    demo_data.generate(490, seed=3)
    assert Recommendation.objects.count() > 500
    assert queries_per_page() == with_10
    # The first request after a change keeps what it worked out: the overview, two figures.
    assert max(with_10.values()) <= 20 + CACHE_MISS_QUERIES


@pytest.mark.usefixtures("today")
def test_detail_pages_cost_the_same_however_much_a_recommendation_holds(
    client, manager_user, django_assert_max_num_queries
):
    client.force_login(manager_user)
    small = factories.recommendation()
    factories.response(small, target_text="March 2026")
    big = factories.recommendation()
    for letter in "abcdefghij":
        element = factories.sub_element(big, letter)
        response = factories.response(big, target_text="March 2026", sub_element=element)
        factories.extension(response, "June 2026")
        factories.update(big, sub_element=element)
    with django_assert_max_num_queries(30) as baseline:
        client.get(reverse("recommendations:detail", args=[small.pk]))
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        client.get(reverse("recommendations:detail", args=[big.pk]))
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        client.get(reverse("inspections:detail", args=[big.inspection.slug]))


def test_long_lists_of_chains_and_of_reports_awaiting_a_response_come_a_page_at_a_time(client, policy_user):
    from recommendations.views import CHAINS_PER_PAGE, INSPECTIONS_PER_PAGE

    for _ in range(CHAINS_PER_PAGE + 1):
        factories.recommendation(restates=factories.recommendation())
    for _ in range(INSPECTIONS_PER_PAGE + 1):
        factories.recommendation()
    client.force_login(policy_user)
    restated = client.get(reverse("recommendations:restated"))
    assert len(restated.context["chains"]) == CHAINS_PER_PAGE
    assert len(client.get(reverse("recommendations:restated"), {"page": 2}).context["chains"]) == 1
    awaiting = client.get(reverse("recommendations:awaiting-response"))
    assert len(awaiting.context["page"]) == INSPECTIONS_PER_PAGE
    assert 'aria-label="Page 2"' in awaiting.content.decode()


@pytest.mark.usefixtures("today")
def test_the_overview_copes_with_an_inspection_with_no_dates(client, manager_user):
    inspection = factories.inspection(published_on=None)
    factories.response(factories.recommendation(inspection))
    client.force_login(manager_user)
    response = client.get(reverse("recommendations:overview"))
    assert response.status_code == 200
    assert "Year not recorded" in response.content.decode()


@pytest.mark.usefixtures("today")
def test_elements_flagged_for_a_person_show_what_to_check(client, policy_user, real_data):
    rec = Recommendation.objects.get(inspection__slug="clandestine-entrants-2024", number=2)
    client.force_login(policy_user)
    html = client.get(reverse("recommendations:detail", args=[rec.pk])).content.decode()
    assert html.count(">To check</strong>") == 3
    assert "the Home Office does not accept the need to commission research" in html


@pytest.mark.usefixtures("today")
def test_blocked_items_show_the_body_they_wait_on(client, policy_user, real_data):
    rec = Recommendation.objects.get(inspection__slug="clandestine-entrants-2024", number=5)
    rec.ho_status, rec.blocked_by = Recommendation.HomeOfficeStatus.BLOCKED, "HM Treasury"
    rec.save()
    client.force_login(policy_user)
    for url in (reverse("recommendations:overdue"), reverse("recommendations:due") + "?status=blocked"):
        assert "Waiting on HM Treasury" in client.get(url).content.decode()
