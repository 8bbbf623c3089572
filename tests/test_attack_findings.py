"""What hostile use found (issue 11), each closed: history that cannot be written, an account with no
role shown nothing, a NUL answered plainly, pages no cache keeps, and a branded refusal of a forged form."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from inspections.models import Inspection
from inspections.roles import MANAGERS, POLICY_TEAM
from recommendations.models import CalendarFeed, Recommendation
from responses.models import HomeOfficeResponse, TargetRevision

from .conftest import view_only_staff

AUDITED = [
    ("inspections", "inspection", Inspection),
    ("recommendations", "recommendation", Recommendation),
    ("responses", "homeofficeresponse", HomeOfficeResponse),
    ("responses", "targetrevision", TargetRevision),
]


def history_item(obj):
    """The admin address of the oldest row of the record's history, with the form it shows."""
    app, model = obj._meta.app_label, obj._meta.model_name
    oldest = obj.history.order_by("history_date").first()
    return f"/admin/{app}/{model}/{obj.pk}/history/{oldest.history_id}/"


@pytest.mark.parametrize("role", [POLICY_TEAM, MANAGERS])
def test_view_only_staff_cannot_change_a_record_through_its_history_page(client, django_user_model, real_data, role):
    client.force_login(view_only_staff(django_user_model, role))
    recommendation = Recommendation.objects.first()
    before = (recommendation.text, recommendation.version)
    response = client.post(history_item(recommendation), {"text": "Rewritten through the history page"})
    assert response.status_code == 405
    recommendation.refresh_from_db()
    assert (recommendation.text, recommendation.version) == before


@pytest.mark.parametrize("cls", [cls for _, _, cls in AUDITED], ids=[model for _, model, _ in AUDITED])
def test_nobody_writes_through_a_history_page_not_even_a_superuser(client, django_user_model, real_data, cls):
    client.force_login(django_user_model.objects.create_superuser("root", password="a-long-test-password"))
    obj = cls.objects.first()
    address = history_item(obj)
    assert client.get(address).status_code == 200  # still there to read
    rows = obj.history.count()
    assert client.post(address, {"_continue": "1"}).status_code == 405
    assert obj.history.count() == rows


@pytest.fixture
def no_role(django_user_model):
    return django_user_model.objects.create_user("norole", password="a-long-test-password")


@pytest.mark.parametrize("path", ["/", "/overdue/", "/due/", "/due/export.csv", "/due/calendar.ics", "/inspections/"])
def test_an_account_with_no_role_is_shown_nothing_and_told_to_ask_for_one(client, real_data, no_role, path):
    client.force_login(no_role)
    response = client.get(path)
    assert response.status_code == 403
    page = response.content.decode()
    assert "Your account has no role yet" in page
    assert Recommendation.objects.first().text[:60] not in page


def test_an_account_with_no_role_can_still_sign_out_and_change_its_password(client, no_role):
    client.force_login(no_role)
    assert client.get("/accounts/password_change/").status_code == 200
    assert client.post("/accounts/logout/").status_code == 200  # "You have signed out"
    assert "_auth_user_id" not in client.session


def test_an_account_given_a_role_sees_the_pages(client, real_data, no_role):
    no_role.groups.add(Group.objects.get(name=POLICY_TEAM))
    client.force_login(no_role)
    assert client.get("/due/").status_code == 200


NUL_QUERIES = [{"inspection": "a\x00b"}, {"category": "\x00"}, {"q": "a\x00b"}, {"owner\x00": "1"}]


@pytest.mark.parametrize("params", NUL_QUERIES, ids=["inspection", "category", "q", "key"])
def test_a_nul_in_a_query_is_a_plain_bad_request_everywhere(client, real_data, policy_user, params):
    secret = CalendarFeed.issue(policy_user).token
    anonymous = Client()
    assert anonymous.get(f"/due/calendar/{secret}.ics", params).status_code == 400
    client.force_login(policy_user)
    for path in ["/", "/due/", "/due/export.csv", "/due/calendar.ics", "/overdue/", "/inspections/"]:
        response = client.get(path, params)
        assert response.status_code == 400, path
        assert "Something in the request was not right" in response.content.decode()


@pytest.mark.parametrize("path", ["/", "/due/", "/due/export.csv", "/due/calendar.ics", "/admin/"])
def test_signed_in_pages_and_exports_are_never_kept_by_a_cache(client, real_data, inspectorate_user, path):
    client.force_login(inspectorate_user)
    response = client.get(path)
    assert response.status_code == 200
    cache = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache


def test_a_form_sent_without_its_security_token_gets_a_plain_page_with_no_inline_style(real_data, policy_user):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(policy_user)
    response = browser.post("/accounts/logout/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "Your form could not be sent" in page
    assert "Nothing was saved" in page
    assert "style=" not in page and "<style" not in page
    assert "_auth_user_id" in browser.session  # the forged sign-out did nothing
