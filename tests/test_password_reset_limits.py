"""Password reset cannot flood anyone's inbox or tell which addresses have an account
(issue 11, item 10): limits per client address and per email address, and the email is
sent after the answer, so a known and an unknown address answer alike and as fast."""

import re

import pytest
from django.core import mail
from django.test import Client, RequestFactory

from icibi_tracker.accounts import PasswordResetView

RESET = "/accounts/password_reset/"
KNOWN = "policy@example.gov.uk"


@pytest.fixture
def known(policy_user):
    policy_user.email = KNOWN
    policy_user.save()
    return policy_user


def ask(client, email):
    return client.post(RESET, {"email": email})


def test_a_known_and_an_unknown_address_get_the_same_answer(client, known, clock):
    answers = [ask(client, email) for email in (KNOWN, "nobody@example.gov.uk")]
    assert [(a.status_code, a["Location"]) for a in answers] == [(302, "/accounts/password_reset/done/")] * 2
    assert [m.to for m in mail.outbox] == [[KNOWN]]
    link = re.search(r"http://testserver(/accounts/reset/\S+)", mail.outbox[0].body)[1]
    assert "Choose a new password" in client.get(link, follow=True).content.decode()


@pytest.mark.parametrize("email", [KNOWN, "nobody@example.gov.uk"])
def test_the_email_is_sent_only_after_the_answer_has_gone(known, clock, email):
    request = RequestFactory().post(RESET, {"email": email})
    request._dont_enforce_csrf_checks = True
    response = PasswordResetView.as_view()(request)
    # The answer is ready without having looked the address up or spoken to the mail server.
    assert response.status_code == 302 and mail.outbox == []
    response.close()  # what the WSGI server does once it has sent the answer
    assert len(mail.outbox) == (1 if email == KNOWN else 0)


def test_a_fourth_request_for_one_address_in_an_hour_sends_nothing_and_says_nothing(known, clock):
    # From four different places, in any letter case: the limit is the address's.
    answers = [
        ask(Client(REMOTE_ADDR=f"198.51.100.{n}"), email).headers["Location"]
        for n, email in enumerate([KNOWN, KNOWN.upper(), KNOWN, "Policy@Example.gov.uk"])
    ]
    assert answers == ["/accounts/password_reset/done/"] * 4
    assert len(mail.outbox) == 3
    clock.advance(60 * 60)
    ask(Client(), KNOWN)
    assert len(mail.outbox) == 4


def test_an_eleventh_request_from_one_client_in_an_hour_is_refused(client, known, clock):
    for n in range(10):
        assert ask(client, f"person{n}@example.gov.uk").status_code == 302
    clock.advance(30 * 60)
    refused = ask(client, KNOWN)
    assert refused.status_code == 429
    assert refused["Retry-After"] == str(30 * 60)
    html = refused.content.decode()
    assert "Too many requests to reset a password" in html and "Try again in 30 minutes" in html
    assert "ICIBI recommendation tracker" in html  # the GOV.UK layout
    assert mail.outbox == []
    # Someone at another address is not held up, and after the hour this one may ask again.
    assert ask(Client(REMOTE_ADDR="198.51.100.7"), "person1@example.gov.uk").status_code == 302
    clock.advance(30 * 60)
    assert ask(client, KNOWN).status_code == 302
    assert [m.to for m in mail.outbox] == [[KNOWN]]


def test_behind_the_proxy_each_client_has_its_own_limit(settings, known, clock):
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(10):
        attacker = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 198.51.100.7")
        assert ask(attacker, f"person{n}@example.gov.uk").status_code == 302
    assert ask(attacker, KNOWN).status_code == 429
    real_person = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.20")
    assert ask(real_person, KNOWN).status_code == 302
    assert len(mail.outbox) == 1
