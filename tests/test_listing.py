"""What each response keeps for the lists (issue 17: whether it is a tracked item, and copies of its
recommendation's status, owner, owner's name and inspection's short title) follows every change that moves
it, so the due list's filters and orders read one table and never show a stale copy."""

import pytest
from django.db import connection
from django.http import QueryDict

from icibi_tracker.paging import BoundedPaginator
from recommendations.models import Recommendation
from responses.models import HomeOfficeResponse
from responses.views import _due_filter

from . import factories
from .test_check_derived import assert_no_drift


def kept(response):
    response.refresh_from_db()
    return (
        response.tracked,
        response.recommendation_status,
        response.recommendation_owner,
        response.owner_name,
        response.inspection_title,
    )


@pytest.mark.usefixtures("today")
def test_a_response_keeps_its_recommendations_status_owner_and_inspection(db):
    owner = factories.owner("Border Force")
    rec = factories.recommendation(owner=owner)
    response = factories.response(rec, target_text="March 2026")
    assert kept(response) == (True, "open", owner, "Border Force", rec.inspection.short_title)
    assert_no_drift()


@pytest.mark.usefixtures("today")
def test_renaming_an_owner_or_an_inspection_reaches_the_copies(db):
    owner = factories.owner("Border Force")
    rec = factories.recommendation(owner=owner)
    response = factories.response(rec, target_text="March 2026")
    owner.name = "Border Force (operations)"
    owner.save()
    rec.inspection.short_title = "Clandestine entrants, 2025"
    rec.inspection.save()
    assert kept(response)[3:] == ("Border Force (operations)", "Clandestine entrants, 2025")
    assert_no_drift()


@pytest.mark.usefixtures("today")
def test_assigning_an_owner_reaches_the_copies_and_the_sort(db, client, inspectorate_user):
    first = factories.recommendation()
    second = factories.recommendation(inspection=first.inspection, number=2)
    unowned, owned = (
        factories.response(first, target_text="March 2026"),
        factories.response(second, target_text="May 2026"),
    )
    visas = factories.owner("Visas")
    Recommendation.objects.filter(pk=second.pk).assign_owner(visas, reason="test")
    assert kept(owned)[2:4] == (visas, "Visas")
    assert kept(unowned)[2:4] == (None, None)
    client.force_login(inspectorate_user)
    for sort, expected in (("owner", [owned, unowned]), ("-owner", [owned, unowned])):
        page = client.get("/due/", {"sort": sort}).context["page"]
        # No owner recorded comes last either way.
        assert [item.pk for item in page] == [r.pk for r in expected]
    # The owner filter reads the copy: each item is listed under its owner, the other under "no owner".
    assert [item.pk for item in client.get("/due/", {"owner": visas.pk}).context["page"]] == [owned.pk]
    assert [item.pk for item in client.get("/due/", {"owner": "none"}).context["page"]] == [unowned.pk]
    assert_no_drift()


@pytest.mark.usefixtures("today")
def test_moving_a_recommendation_to_another_owner_moves_its_items_in_the_owner_filter(db, client, inspectorate_user):
    visas, border_force = factories.owner("Visas"), factories.owner("Border Force")
    rec = factories.recommendation(owner=visas)
    response = factories.response(rec, target_text="March 2026")
    rec.owner = border_force
    rec.save()
    client.force_login(inspectorate_user)
    assert list(client.get("/due/", {"owner": visas.pk}).context["page"]) == []
    assert [item.pk for item in client.get("/due/", {"owner": border_force.pk}).context["page"]] == [response.pk]
    assert kept(response)[2] == border_force
    assert_no_drift()


@pytest.mark.usefixtures("today")
def test_a_refresh_writes_only_the_rows_that_changed(db, django_assert_max_num_queries):
    rec = factories.recommendation()
    factories.response(rec, target_text="March 2026")
    with django_assert_max_num_queries(6):
        HomeOfficeResponse.objects.all().refresh_listing()
    before = HomeOfficeResponse.history.count()
    HomeOfficeResponse.objects.all().refresh_listing()
    assert HomeOfficeResponse.history.count() == before  # bookkeeping, not anyone's edit


QUERIES = [
    "sort=due",
    "sort=-due",
    "sort=owner",
    "sort=-owner",
    "sort=inspection",
    "sort=-inspection",
    "sort=extensions",
    "sort=-extensions",
    "no_target=on",
    "owner={owner}",
    "owner={owner}&overdue=on",
    "owner=none",
    "overdue_or_due_within=90",
    "due_within=90",
    "status=any",
    # A search, best match first, of open items and of every status.
    "q=interpreters",
    "q=interpreters+at+interview",
    "q=interpreters&status=any",
]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite cannot build the indexes for these orders")
@pytest.mark.usefixtures("today")
def test_each_order_and_filter_of_the_open_list_reads_a_page_from_an_index_without_sorting(db):
    # The page's ids, as the list reads them first: in the order an index holds them, stopped at a
    # page, never every open item sorted to keep fifty. Scans and sorts are priced out so that any
    # index that serves the order is taken; with none, the plan still sorts.
    owner = factories.owner("Visas")
    factories.response(
        factories.recommendation(owner=owner, text="Book interpreters at interview."), target_text="March 2026"
    )
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_sort = off")
    sorted_plans = {}
    for query in QUERIES:
        filterset = _due_filter(QueryDict(query.format(owner=owner.pk)))
        assert filterset.is_valid(), query
        paginator = BoundedPaginator(filterset.items, 50, first_by=filterset.first_by)
        plan = paginator.reading(1).explain()
        if "Index" not in plan or "Sort" in plan:
            sorted_plans[query] = plan
    assert sorted_plans == {}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite finds the text but does not rank it")
@pytest.mark.usefixtures("today")
def test_a_search_shows_the_best_match_first(db):
    inspection = factories.inspection()
    texts = [
        "Review the asylum casework guidance and publish it.",
        "Train staff on interpreters: book interpreters early, check interpreters' accreditation.",
        "Publish the interpreter framework for asylum interviews.",
    ]
    for number, text in enumerate(texts, start=1):
        factories.response(factories.recommendation(inspection, number=number, text=text), target_text="June 2027")
    found = _due_filter(QueryDict("q=interpreters")).items
    assert [item.recommendation.text for item in found] == [texts[1], texts[2]]
    # Every word must be there.
    found = _due_filter(QueryDict("q=asylum+interpreter")).items
    assert [item.recommendation.text for item in found] == [texts[2]]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a setting of PostgreSQL's")
def test_the_trackers_postgresql_connections_sort_a_common_words_matches_in_memory(db):
    # The rum index sorts every match of a search of every status by rank: 214,000 for "quality" at a
    # million recommendations, which PostgreSQL's default 4 MB wrote to a temporary file first.
    with connection.cursor() as cursor:
        cursor.execute("SHOW work_mem")
        assert cursor.fetchone()[0] == "64MB"
