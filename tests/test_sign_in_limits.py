"""Lock-out cannot be used as a weapon (issue 11, item 4): behind the TLS proxy django-axes keys on
the client's own address, and one username tried from many addresses is slowed down, not locked."""

import re

import pytest
from axes.models import AccessAttempt
from django.test import Client

from .conftest import signs_in

PROXY = "10.0.0.2"
PASSWORD = "a-long-test-password"


def via_proxy(address):
    """A browser at `address` behind our TLS proxy, which appends it to X-Forwarded-For; the
    entry on the left is one the browser wrote itself, hoping to be believed."""
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"192.0.2.99, {address}")


def attempt(client, username, password, path="/accounts/login/"):
    return client.post(path, {"username": username, "password": password})


def wait_asked(response):
    assert response.status_code == 429
    html = response.content.decode()
    wait = int(re.search(r"Too many attempts to sign in as this user\. Wait (\d+) seconds? and try again", html)[1])
    assert response["Retry-After"] == str(wait)
    return wait


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


def test_a_lock_out_holds_only_at_the_attackers_address(behind_proxy, settings, policy_user):
    attacker = via_proxy("198.51.100.7")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        assert not signs_in(attacker, "policy", "not-the-password")
    locked = attempt(attacker, "policy", PASSWORD)
    assert locked.status_code == 429 and "an hour" in locked.content.decode()
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["198.51.100.7"]
    # The real person, at another address behind the same proxy, signs in.
    assert signs_in(via_proxy("203.0.113.20"), "policy", PASSWORD)


def test_without_trusted_proxies_a_forged_forwarded_for_is_ignored(settings, policy_user):
    settings.TRUSTED_PROXY_COUNT = 0
    for n in range(settings.AXES_FAILURE_LIMIT):
        forged = Client(REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
        assert not signs_in(forged, "policy", "not-the-password")
    fresh_forgery = Client(REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="203.0.113.20")
    assert attempt(fresh_forgery, "policy", PASSWORD).status_code == 429
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["198.51.100.7"]


def test_a_username_tried_from_many_addresses_is_slowed_down_not_locked(behind_proxy, settings, policy_user, clock):
    assert settings.SIGN_IN_SLOW_DOWN_AFTER == 10 and settings.SIGN_IN_SLOW_DOWN_LONGEST == 60
    waits = []
    for n in range(20):
        attacker = via_proxy(f"198.51.100.{n}")
        response = attempt(attacker, "policy", "not-the-password")
        if response.status_code == 429:
            waits.append(wait_asked(response))
            clock.advance(waits[-1])
            response = attempt(attacker, "policy", "not-the-password")
        assert response.status_code == 200
        assert "Please enter a correct username and password" in response.content.decode()
    # Ten free failures, then a wait that doubles after each failure, to a minute at most.
    assert waits == [1, 2, 4, 8, 16, 32, 60, 60, 60, 60]
    # A refusal to try is not a failure: django-axes counted one at each address, and locked nothing.
    assert set(AccessAttempt.objects.values_list("failures_since_start", flat=True)) == {1}

    real_person = via_proxy("203.0.113.20")
    refused = attempt(real_person, "policy", PASSWORD)
    assert wait_asked(refused) == 60
    assert "govuk-error-summary" in refused.content.decode() and 'value="policy"' in refused.content.decode()
    assert "_auth_user_id" not in real_person.session
    clock.advance(59)
    assert wait_asked(attempt(real_person, "policy", PASSWORD)) == 1
    clock.advance(1)
    assert signs_in(real_person, "policy", PASSWORD)


def test_the_admin_sign_in_is_slowed_down_too(behind_proxy, settings, inspectorate_user, manager_user, clock):
    for n in range(settings.SIGN_IN_SLOW_DOWN_AFTER):
        response = attempt(via_proxy(f"198.51.100.{n}"), "inspector", "not-the-password", path="/admin/login/")
        assert response.status_code == 200
    assert wait_asked(attempt(via_proxy("198.51.100.99"), "inspector", PASSWORD, path="/admin/login/")) == 1
    # Failures counted at either door slow down both.
    assert wait_asked(attempt(via_proxy("203.0.113.20"), "inspector", PASSWORD)) == 1
    # Another username is not slowed down.
    assert signs_in(via_proxy("198.51.100.1"), "manager", PASSWORD)
