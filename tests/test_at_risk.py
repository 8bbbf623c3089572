"""At risk (DOMAIN.md): an open item due within 30 days with no progress update in the last 90 days.
Its row form and QuerySet form agree; the due list tags and filters it; the overview counts it."""

import datetime

import pytest
from django.urls import reverse

from recommendations.models import Recommendation
from responses.models import HomeOfficeResponse

from . import factories
from .conftest import TODAY

DAYS = (datetime.date(2025, 12, 10), datetime.date(2026, 3, 5), TODAY, datetime.date(2027, 3, 10))


def in_days(n):
    return TODAY + datetime.timedelta(days=n)


def item(due_in_days, **recommendation_fields):
    rec = factories.recommendation(**recommendation_fields)
    return fresh(factories.response(rec, target_text="", due_date=in_days(due_in_days)))


def fresh(response):
    """As a page reads it: with its recommendation's derived status and its progress updates."""
    return HomeOfficeResponse.objects.select_related("recommendation").get(pk=response.pk)


@pytest.mark.usefixtures("real_data")
@pytest.mark.parametrize("today", DAYS)
def test_row_and_queryset_forms_agree_on_every_tracked_item(today):
    # The real data, and the cases below, so both answers occur on each day.
    due_soon = item((today - TODAY).days + 10)
    factories.update(due_soon.recommendation, reported_on=today - datetime.timedelta(days=10))
    item((today - TODAY).days + 20)
    items = list(
        HomeOfficeResponse.objects.tracked()
        .select_related("recommendation")
        .prefetch_related("recommendation__progress_updates")
    )
    row_form = {i.pk for i in items if i.is_at_risk(today)}
    assert row_form == set(HomeOfficeResponse.objects.at_risk(today).values_list("pk", flat=True))
    annotated = HomeOfficeResponse.objects.tracked().with_at_risk(today)
    assert row_form == {i.pk for i in annotated if i.at_risk}
    assert row_form and len(row_form) < len(items)


@pytest.mark.django_db
class TestWhatCountsAsAtRisk:
    def test_due_within_30_days_and_no_update_at_all(self):
        assert item(20).is_at_risk(TODAY)

    def test_not_when_due_later_than_30_days(self):
        assert not item(31).is_at_risk(TODAY)
        assert item(30).is_at_risk(TODAY)

    def test_not_when_already_overdue_that_is_overdue_not_at_risk(self):
        assert not item(-1).is_at_risk(TODAY)
        assert item(0).is_at_risk(TODAY)

    def test_not_when_closed(self):
        closed = item(10, ho_status=Recommendation.HomeOfficeStatus.CLOSED, closed_on=TODAY, closure_evidence="Done")
        assert not closed.is_at_risk(TODAY)

    def test_an_update_in_the_last_90_days_on_the_whole_recommendation_counts(self):
        at = item(10)
        factories.update(at.recommendation, reported_on=in_days(-90))
        assert not at.is_at_risk(TODAY)

    def test_an_update_older_than_90_days_does_not(self):
        at = item(10)
        factories.update(at.recommendation, reported_on=in_days(-91))
        assert at.is_at_risk(TODAY)

    def test_an_update_on_another_element_does_not_count_for_this_one(self):
        rec = factories.recommendation()
        a, b = factories.sub_element(rec, "a"), factories.sub_element(rec, "b")
        item_a = fresh(factories.response(rec, due_date=in_days(10), sub_element=a))
        item_b = fresh(factories.response(rec, due_date=in_days(10), sub_element=b))
        factories.update(rec, sub_element=b, reported_on=in_days(-5))
        assert item_a.is_at_risk(TODAY) and not item_b.is_at_risk(TODAY)
        assert set(HomeOfficeResponse.objects.at_risk(TODAY)) == {item_a}


@pytest.mark.usefixtures("real_data", "today")
def test_the_due_list_tags_and_filters_what_is_at_risk_and_the_overview_counts_it(client, policy_user):
    at_risk = item(12, text="Publish the guidance on asylum interviews.")
    quiet = item(12, text="Train the officers.")
    factories.update(quiet.recommendation, reported_on=in_days(-3))
    client.force_login(policy_user)

    listed = client.get(reverse("recommendations:due"), {"at_risk": "true"})
    assert [i.pk for i in listed.context["page"]] == list(
        HomeOfficeResponse.objects.at_risk(TODAY).values_list("pk", flat=True)
    )
    assert at_risk.pk in [i.pk for i in listed.context["page"]] and quiet.pk not in [
        i.pk for i in listed.context["page"]
    ]
    assert "At risk</strong>" in listed.content.decode()

    every = client.get(reverse("recommendations:due")).content.decode()
    assert every.count("At risk</strong>") == HomeOfficeResponse.objects.at_risk(TODAY).count()

    overview = client.get(reverse("recommendations:overview"))
    expected = HomeOfficeResponse.objects.at_risk(TODAY).values("recommendation").distinct().count()
    assert overview.context["at_risk"] == expected >= 1
    assert 'href="/due/?at_risk=true"' in overview.content.decode()
