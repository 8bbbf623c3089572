"""Calendar apps cannot sign in: each person gets a secret feed address they can replace or revoke."""

import icalendar
import pytest
from django.test import Client
from django.urls import reverse

from recommendations.models import CalendarToken

pytestmark = pytest.mark.usefixtures("real_data", "today")
SUBSCRIBE = reverse("recommendations:calendar-subscription")


def feed_address(client, **filters):
    client.post(SUBSCRIBE + "?" + "&".join(f"{k}={v}" for k, v in filters.items()), {"action": "issue"})
    page = client.get(SUBSCRIBE, filters)
    return page.context["feed"]


def test_a_policy_user_gets_an_address_a_calendar_app_can_read_without_signing_in(client, policy_user):
    client.force_login(policy_user)
    address = feed_address(client, inspection="border-force-refusals-2026")
    assert address.startswith("http://testserver/due/calendar/") and "inspection=border-force-refusals-2026" in address
    calendar_app = Client()  # no session
    response = calendar_app.get(address.removeprefix("http://testserver"))
    assert response.status_code == 200
    assert len(icalendar.Calendar.from_ical(b"".join(response.streaming_content)).walk("VEVENT")) == 6


def test_replacing_or_revoking_the_address_stops_the_old_one(client, policy_user):
    client.force_login(policy_user)
    old = feed_address(client).removeprefix("http://testserver")
    new = feed_address(client).removeprefix("http://testserver")
    assert old != new
    assert Client().get(old).status_code == 404
    assert Client().get(new).status_code == 200
    client.post(SUBSCRIBE, {"action": "revoke"})
    assert Client().get(new).status_code == 404
    assert not CalendarToken.objects.exists()


def test_a_made_up_address_or_a_deactivated_person_gets_nothing(client, policy_user):
    assert Client().get(reverse("recommendations:due-calendar-feed", args=["guess"])).status_code == 404
    client.force_login(policy_user)
    address = feed_address(client).removeprefix("http://testserver")
    policy_user.is_active = False
    policy_user.save()
    assert Client().get(address).status_code == 404


def test_the_subscription_page_needs_sign_in(client):
    assert client.get(SUBSCRIBE).status_code == 302
    assert client.post(SUBSCRIBE, {"action": "issue"}).status_code == 302
    assert not CalendarToken.objects.exists()
