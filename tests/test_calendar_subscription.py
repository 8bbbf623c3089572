"""Calendar apps cannot sign in: a person saves due-list filters as calendars, each with a secret
address of its own, each revoked on its own (issue 10 item 10)."""

import icalendar
import pytest
from django.test import Client
from django.urls import reverse

from recommendations.models import FEEDS_PER_PERSON, CalendarFeed

from .conftest import CACHE_MISS_QUERIES

pytestmark = pytest.mark.usefixtures("today")
SUBSCRIBE = reverse("recommendations:calendar-subscription")


def save_feed(client, name="", months="12", **filters):
    query = "&".join(f"{k}={v}" for k, v in filters.items())
    response = client.post(f"{SUBSCRIBE}?{query}", {"name": name, "months": months})
    assert response.status_code == 302, response.content.decode()
    return CalendarFeed.objects.latest("pk")


def address_of(feed):
    return reverse("recommendations:due-calendar-feed", args=[feed.token])


def read(address):
    """The feed as a calendar app reads it: no session."""
    response = Client().get(address)
    assert response.status_code == 200
    return icalendar.Calendar.from_ical(b"".join(response.streaming_content))


def revoke(client, feed):
    return client.post(reverse("recommendations:revoke-calendar-feed", args=[feed.pk]))


@pytest.mark.usefixtures("real_data")
def test_a_policy_user_saves_a_filter_as_a_calendar_a_calendar_app_reads_without_signing_in(client, policy_user):
    client.force_login(policy_user)
    feed = save_feed(client, inspection="border-force-refusals-2026")
    page = client.get(SUBSCRIBE).content.decode()
    assert f"http://testserver{address_of(feed)}" in page
    assert "Refusals and cancellations (2026), open" in page
    calendar = read(address_of(feed))
    assert len(calendar.walk("VEVENT")) == 6
    assert str(calendar["X-WR-CALNAME"]) == "ICIBI recommendations due: Refusals and cancellations (2026), open"


@pytest.mark.usefixtures("real_data")
def test_a_person_has_a_calendar_per_filter_and_revokes_one_without_the_others(client, policy_user):
    client.force_login(policy_user)
    refusals = save_feed(client, "Refusals", inspection="border-force-refusals-2026")
    overdue = save_feed(client, "Overdue", overdue="true")
    assert refusals.token != overdue.token
    assert len(read(address_of(refusals)).walk("VEVENT")) == 6
    (gathered,) = read(address_of(overdue)).walk("VEVENT")  # every overdue item, on today
    assert str(gathered["summary"]).startswith("Overdue: 13 items from ")
    assert str(read(address_of(overdue))["NAME"]) == "Overdue"  # the name the person gave it
    response = revoke(client, refusals)
    assert response.status_code == 302
    assert Client().get(address_of(refusals)).status_code == 404
    assert Client().get(address_of(overdue)).status_code == 200
    assert list(CalendarFeed.objects.of(policy_user)) == [overdue]


def test_one_person_can_never_see_or_revoke_another_persons_calendar(client, policy_user, manager_user):
    theirs = CalendarFeed.issue(manager_user, name="The manager's calendar")
    client.force_login(policy_user)
    page = client.get(SUBSCRIBE).content.decode()
    assert "The manager&#x27;s calendar" not in page and theirs.token not in page
    assert revoke(client, theirs).status_code == 404
    assert client.get(reverse("recommendations:revoke-calendar-feed", args=[theirs.pk])).status_code == 405
    assert CalendarFeed.objects.filter(pk=theirs.pk).exists()
    assert Client().get(address_of(theirs)).status_code == 200


def test_revoking_needs_the_forms_csrf_token(policy_user):
    feed = CalendarFeed.issue(policy_user)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(policy_user)
    assert revoke(browser, feed).status_code == 403
    assert CalendarFeed.objects.filter(pk=feed.pk).exists()


def test_a_made_up_address_or_a_deactivated_person_gets_nothing(client, policy_user):
    assert Client().get(reverse("recommendations:due-calendar-feed", args=["guess"])).status_code == 404
    feed = CalendarFeed.issue(policy_user)
    policy_user.is_active = False
    policy_user.save()
    assert Client().get(address_of(feed)).status_code == 404


def test_the_subscription_page_needs_sign_in(client, db):
    assert client.get(SUBSCRIBE).status_code == 302
    assert client.post(SUBSCRIBE, {"months": "12"}).status_code == 302
    assert not CalendarFeed.objects.exists()


def test_a_name_too_long_or_a_wrong_filter_is_explained_and_nothing_is_saved(client, policy_user):
    client.force_login(policy_user)
    response = client.post(SUBSCRIBE, {"name": "x" * 101, "months": "12"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and 'href="#id_name"' in html
    assert "Enter a name of 100 characters or fewer" in html
    response = client.post(f"{SUBSCRIBE}?due_within=abc", {"months": "12"})
    assert "The filter has a problem" in response.content.decode()
    response = client.post(SUBSCRIBE, {"months": "forever"})
    assert 'href="#id_months_0"' in response.content.decode()
    response = client.post(f"{SUBSCRIBE}?q={'word%20' * 400}", {"months": "12"})
    assert "The filter is too long to save" in response.content.decode()
    assert not CalendarFeed.objects.exists()


def test_a_person_has_at_most_a_bounded_number_of_calendars(client, policy_user):
    for n in range(FEEDS_PER_PERSON):
        CalendarFeed.issue(policy_user, name=f"Calendar {n}")
    client.force_login(policy_user)
    response = client.post(SUBSCRIBE, {"months": "12"})
    assert "Revoke one you no longer use" in response.content.decode()
    assert CalendarFeed.objects.of(policy_user).count() == FEEDS_PER_PERSON


@pytest.mark.usefixtures("real_data")
def test_the_page_and_a_feed_take_the_same_number_of_queries_however_many_calendars(
    client, policy_user, django_assert_max_num_queries
):
    client.force_login(policy_user)
    feed = save_feed(client, overdue="true")
    with django_assert_max_num_queries(12 + CACHE_MISS_QUERIES) as one:  # the business areas offered, read once
        client.get(SUBSCRIBE)
    with django_assert_max_num_queries(13) as read_once:  # those areas: the data's version and a look-up
        b"".join(Client().get(address_of(feed)).streaming_content)
    for n in range(FEEDS_PER_PERSON - 1):
        CalendarFeed.issue(policy_user, name=f"Calendar {n}", description="open")
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(client.get(SUBSCRIBE).context["feeds"]) == FEEDS_PER_PERSON
    with django_assert_max_num_queries(len(read_once.captured_queries)):
        b"".join(Client().get(address_of(feed)).streaming_content)


@pytest.mark.usefixtures("real_data")
def test_an_address_made_before_calendars_were_saved_keeps_its_filter(policy_user):
    # What migration 0005 makes of a person's one token: a feed with an empty filter.
    feed = CalendarFeed.issue(policy_user, description="open, or the filter in its address")
    calendar = read(f"{address_of(feed)}?inspection=border-force-refusals-2026")
    assert len(calendar.walk("VEVENT")) == 6
    saved = CalendarFeed.issue(policy_user, query="inspection=border-force-refusals-2026")
    assert len(read(f"{address_of(saved)}?inspection=illegal-working-enforcement-2023").walk("VEVENT")) == 6
