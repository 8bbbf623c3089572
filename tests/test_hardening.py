"""Lock-out, Content-Security-Policy, security headers, CSRF and sessions."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from .conftest import signs_in


def test_five_wrong_passwords_lock_the_username_out_for_an_hour(client, policy_user, manager_user):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        assert not signs_in(client, "policy", "not-the-password")
    locked = client.post("/accounts/login/", {"username": "policy", "password": "a-long-test-password"})
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Too many attempts to sign in" in page and "an hour" in page
    assert "_auth_user_id" not in client.session
    # Someone else signing in from the same place is not locked out.
    assert signs_in(Client(), "manager", "a-long-test-password")


def test_a_good_password_before_the_limit_resets_the_count(client, policy_user):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert not signs_in(client, "policy", "not-the-password")
    assert signs_in(client, "policy", "a-long-test-password")
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert not signs_in(client, "policy", "not-the-password")
    assert signs_in(client, "policy", "a-long-test-password")


def test_the_content_security_policy_allows_no_inline_script_or_style(client, policy_user):
    client.force_login(policy_user)
    response = client.get(reverse("recommendations:overview"))
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["default-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    nonce = re.search(r"'nonce-([^']+)'", directives["script-src"]).group(1)
    # GOV.UK Frontend's one inline script carries this response's nonce; every other script is a file.
    scripts = re.findall(r"<script([^>]*)>", response.content.decode())
    inline = [s for s in scripts if "src=" not in s]
    assert inline == [f' nonce="{nonce}"']
    assert "style=" not in response.content.decode()


def test_each_response_has_a_fresh_nonce(client, policy_user):
    client.force_login(policy_user)
    first, second = (client.get("/")["Content-Security-Policy"] for _ in range(2))
    assert re.search(r"nonce-[^']+", first).group() != re.search(r"nonce-[^']+", second).group()


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/admin/login/"])
def test_security_headers_on_every_kind_of_page(client, policy_user, path):
    response = client.get(path)
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "Content-Security-Policy" in response


@pytest.mark.parametrize(
    "path, data",
    [
        ("/accounts/login/", {"username": "policy", "password": "a-long-test-password"}),
        ("/due/calendar/", {"action": "issue"}),
        ("/accounts/logout/", {}),
    ],
)
def test_a_post_without_the_csrf_token_is_refused(policy_user, path, data):
    client = Client(enforce_csrf_checks=True)
    client.force_login(policy_user)
    response = client.post(path, data)
    assert response.status_code == 403
    assert "_auth_user_id" in client.session  # the sign-out did not happen either


def test_an_admin_post_without_the_csrf_token_is_refused(inspectorate_user, real_data):
    from recommendations.models import Recommendation

    client = Client(enforce_csrf_checks=True)
    client.force_login(inspectorate_user)
    rec = Recommendation.objects.first()
    response = client.post(f"/admin/recommendations/recommendation/{rec.pk}/change/", {"text": "Rewritten"})
    assert response.status_code == 403
    rec.refresh_from_db()
    assert rec.text != "Rewritten"


def test_sessions_end_after_a_working_day_or_when_the_browser_closes(client, policy_user):
    assert signs_in(client, "policy", "a-long-test-password")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert not cookie["max-age"] and not cookie["expires"]  # a browser-session cookie
    assert client.session.get_expiry_age() <= 8 * 60 * 60


@pytest.mark.parametrize("path", ["/", "/due/", "/due/export.csv", "/due/calendar.ics", "/admin/"])
def test_signed_in_pages_and_exports_are_never_kept_by_a_cache(client, inspectorate_user, path):
    client.force_login(inspectorate_user)
    response = client.get(path)
    assert response.status_code == 200
    cache = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache


def test_a_form_sent_without_its_security_token_gets_a_plain_page_with_no_inline_style(policy_user):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(policy_user)
    response = browser.post("/accounts/logout/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "Your form could not be sent" in page
    assert "Nothing was saved" in page
    assert "style=" not in page and "<style" not in page
    assert "_auth_user_id" in browser.session  # the forged sign-out did nothing
