"""Signing in and out, password reset by email, and the public pages."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from .conftest import signs_in


def test_a_person_signs_in_and_lands_on_the_overview(client, policy_user):
    response = client.post(reverse("login"), {"username": "policy", "password": "a-long-test-password"})
    assert response.status_code == 302
    assert response.url == reverse("recommendations:overview")


def test_a_wrong_password_gives_a_clear_error_and_keeps_the_username(client, policy_user):
    response = client.post(reverse("login"), {"username": "policy", "password": "wrong"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Please enter a correct username and password" in html
    assert 'value="policy"' in html
    assert "govuk-error-summary" in html


def test_empty_fields_say_what_to_enter(client, db):
    html = client.post(reverse("login"), {"username": "", "password": ""}).content.decode()
    assert html.count("This field is required.") >= 2


def test_signing_out_needs_a_post_and_ends_the_session(client, policy_user):
    client.force_login(policy_user)
    response = client.post(reverse("logout"))
    assert "You have signed out" in response.content.decode()
    assert client.get(reverse("inspections:list")).status_code == 302


def test_password_reset_sends_a_link_that_sets_a_new_password(client, policy_user):
    policy_user.email = "policy@example.gov.uk"
    policy_user.save()
    response = client.post(reverse("password_reset"), {"email": "policy@example.gov.uk"}, follow=True)
    assert "Check your email" in response.content.decode()
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    new = "another-long-password-42"
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}, follow=True)
    assert "Password changed" in done.content.decode()
    assert signs_in(client, "policy", new)


@pytest.mark.parametrize("name", ["accessibility", "cookies", "login", "password_reset"])
def test_public_pages_need_no_sign_in(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert "ICIBI recommendation tracker" in response.content.decode()
