"""Every address the tracker serves × every kind of person: allowed or refused.

The table is keyed by the route, so a new page, export, feed or admin view
fails the first test until someone decides, here, who may open it.
"""

import re

import pytest
from axes.models import AccessFailureLog
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from icibi_tracker.roles import INSPECTORATE, MANAGERS, POLICY_TEAM
from inspections.models import Inspection
from notifications.models import EmailSettings, SentEmail
from recommendations.models import CalendarFeed, Owner, Recommendation, Theme

from .conftest import signs_in, view_only_staff
from .submission_helpers import (
    SUBMISSION_PAGES,
    SUBMISSION_POSTS,
    fresh_submission,
    submission_addresses,
    team_member_with_a_submission,
)

PEOPLE = ("anonymous", "policy team", "manager", "inspectorate", "superuser", "team member")
LOGIN, ADMIN_LOGIN, REDIRECT = "sign-in page", "admin sign-in page", "redirect"


def everyone(outcome):
    return dict.fromkeys(PEOPLE, outcome)


SIGNED_IN = {**everyone(200), "anonymous": LOGIN}
# Someone signed in but not staff is sent to the admin's own sign-in page, which says they lack access.
STAFF = {**everyone(ADMIN_LOGIN), "anonymous": LOGIN, "inspectorate": 200, "superuser": 200}
SUPERUSER = {**STAFF, "inspectorate": 403}
# The admin site's own pages send anyone not signed in to the admin's sign-in page.
ADMIN_SITE = {**STAFF, "anonymous": ADMIN_LOGIN}
STAFF_REDIRECT = {**STAFF, "inspectorate": REDIRECT, "superuser": REDIRECT}

PAGES = {
    "": SIGNED_IN,
    "overdue/": SIGNED_IN,
    "due/": SIGNED_IN,
    "due/export.csv": SIGNED_IN,
    "due/calendar.ics": SIGNED_IN,
    "due/calendar/": SIGNED_IN,
    # The secret address is the key (calendar apps cannot sign in); a revoked one is tested below.
    "due/calendar/<str:secret>.ics": everyone(200),
    # Revoking is a form's POST (see POSTS below).
    "due/calendar/<int:feed_id>/revoke/": {**everyone(405), "anonymous": LOGIN},
    "restated/": SIGNED_IN,
    "awaiting-response/": SIGNED_IN,
    "recommendations/<int:pk>/": SIGNED_IN,
    "inspections/": SIGNED_IN,
    "inspections/<slug:slug>/": SIGNED_IN,
    "account/email/": SIGNED_IN,
    "reports/": SIGNED_IN,
    "reports/trends/": SIGNED_IN,
    "reports/trends/<slug:table>.csv": SIGNED_IN,
    "reports/themes/": SIGNED_IN,
    "reports/board-pack/": SIGNED_IN,
    "reports/board-pack.pdf": SIGNED_IN,
    "reports/board-pack.xlsx": SIGNED_IN,
    "accessibility/": everyone(200),
    "cookies/": everyone(200),
    "accounts/login/": {**everyone(REDIRECT), "anonymous": 200},
    "accounts/logout/": {**everyone(405), "anonymous": LOGIN},  # signing out is a form's POST, never a link
    "accounts/password_change/": SIGNED_IN,
    "accounts/password_change/done/": SIGNED_IN,
    "accounts/password_reset/": everyone(200),
    "accounts/password_reset/done/": everyone(200),
    "accounts/reset/<uidb64>/<token>/": everyone(200),  # says the link is not valid
    "accounts/reset/done/": everyone(200),
    "admin/": ADMIN_SITE,
    "admin/login/": {**everyone(200), "inspectorate": REDIRECT, "superuser": REDIRECT},
    "admin/logout/": {
        **ADMIN_SITE,
        "policy team": REDIRECT,
        "manager": REDIRECT,
        "team member": REDIRECT,
        "inspectorate": 405,
        "superuser": 405,
    },
    "admin/password_change/": ADMIN_SITE,
    "admin/password_change/done/": ADMIN_SITE,
    "admin/autocomplete/": ADMIN_SITE,
    "admin/jsi18n/": ADMIN_SITE,
    "admin/r/<path:content_type_id>/<path:object_id>/": {**ADMIN_SITE, "inspectorate": 404, "superuser": 404},
    "admin/^(?P<app_label>auth|axes|recommendations|responses|inspections|submissions|notifications)/$": ADMIN_SITE,
    "admin/(?P<url>.*)$": {**ADMIN_SITE, "inspectorate": 404, "superuser": 404},
    "admin/inspections/inspection/<path:object_id>/import/": STAFF,
    **SUBMISSION_PAGES,
}

# What a POST does on the pages that export or save a filter. Exports and feeds are read only; a
# calendar is saved by whoever may see due dates; a feed (the policy team member's) is revoked only by its owner.
POSTS = {
    "due/export.csv": {**everyone(405), "anonymous": LOGIN},
    "due/calendar.ics": {**everyone(405), "anonymous": LOGIN},
    "due/calendar/": {**everyone(REDIRECT), "anonymous": LOGIN},
    "due/calendar/<str:secret>.ics": everyone(405),
    "due/calendar/<int:feed_id>/revoke/": {**everyone(404), "policy team": REDIRECT, "anonymous": LOGIN},
    # Each person's own email settings: this POST chooses no summary, so the page says what to fix.
    "account/email/": {**everyone(200), "anonymous": LOGIN},
    # Reports are only ever read.
    **{
        route: {**everyone(405), "anonymous": LOGIN}
        for route in (
            "reports/",
            "reports/trends/",
            "reports/trends/<slug:table>.csv",
            "reports/themes/",
            "reports/board-pack/",
            "reports/board-pack.pdf",
            "reports/board-pack.xlsx",
        )
    },
}

# Who may open each view of each model's admin pages.
EDITED_BY_STAFF = {
    "": STAFF,
    "add/": STAFF,
    "<path:object_id>/": STAFF_REDIRECT,
    "<path:object_id>/change/": STAFF,
    "<path:object_id>/delete/": STAFF,
    "<path:object_id>/history/": STAFF,
}
HISTORY_ITEM = "^([^/]+)/history/([^/]+)/$"
# Models with an audit history also show each row of it (read only).
AUDITED_BY_STAFF = {**EDITED_BY_STAFF, HISTORY_ITEM: STAFF}
# The extension ledger: listed and viewed, never added here, changed or deleted.
LEDGER = {
    **AUDITED_BY_STAFF,
    "add/": {**STAFF, "inspectorate": 403, "superuser": 403},
    "<path:object_id>/delete/": {**STAFF, "inspectorate": 403, "superuser": 403},
}
ACCOUNTS = {**{view: SUPERUSER for view in EDITED_BY_STAFF}, "<path:object_id>/": STAFF_REDIRECT}
# django-axes keeps its records itself: a superuser may list, read and delete them, never add one.
LOCKOUTS = {**ACCOUNTS, "add/": {**SUPERUSER, "superuser": 403}}
# Kept by the tracker (the email log, each person's email settings): listed and read, never written here.
KEPT_BY_THE_TRACKER = {
    "": STAFF,
    "add/": {**STAFF, "inspectorate": 403, "superuser": 403},
    "<path:object_id>/": STAFF_REDIRECT,
    "<path:object_id>/change/": STAFF,
    "<path:object_id>/delete/": {**STAFF, "inspectorate": 403, "superuser": 403},
    "<path:object_id>/history/": STAFF,
}
ADMIN_MODELS = {
    "notifications.sentemail": KEPT_BY_THE_TRACKER,
    "notifications.emailsettings": KEPT_BY_THE_TRACKER,
    "inspections.inspection": AUDITED_BY_STAFF,
    "recommendations.recommendation": AUDITED_BY_STAFF,
    "recommendations.owner": EDITED_BY_STAFF,
    "recommendations.theme": EDITED_BY_STAFF,
    "submissions.teammembership": EDITED_BY_STAFF,
    "responses.homeofficeresponse": AUDITED_BY_STAFF,
    "responses.targetrevision": LEDGER,
    "auth.user": {**ACCOUNTS, "<id>/password/": SUPERUSER},
    "auth.group": ACCOUNTS,
    "axes.accessattempt": LOCKOUTS,
    "axes.accesslog": LOCKOUTS,
    "axes.accessfailurelog": LOCKOUTS,
}


def expected_table():
    table = dict(PAGES)
    for label, views in ADMIN_MODELS.items():
        app, model = label.split(".")
        for view, who in views.items():
            table[f"admin/{app}/{model}/{view}"] = who
    return table


def routes(resolver=None, prefix=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            yield from routes(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def test_every_route_the_tracker_serves_has_a_row():
    served = set(routes())
    table = expected_table()
    assert sorted(served - set(table)) == [], "Add a row saying who may open each new address"
    assert sorted(set(table) - served) == [], "Remove the rows of addresses no longer served"
    assert {m._meta.label_lower for m in admin.site._registry} == set(ADMIN_MODELS)


@pytest.fixture
def people(real_data, django_user_model, inspectorate_user, policy_user, manager_user, evidence_storage):
    superuser = django_user_model.objects.create_superuser("root", password="a-long-test-password")
    clients = {"anonymous": Client()}
    for name, user in [
        ("policy team", policy_user),
        ("manager", manager_user),
        ("inspectorate", inspectorate_user),
        ("superuser", superuser),
        ("team member", team_member_with_a_submission(django_user_model)),
    ]:
        clients[name] = Client()
        clients[name].force_login(user)
    # A record of every kind to open.
    assert not signs_in(Client(), "policy", "a-wrong-password")  # an access attempt and a failure log
    assert signs_in(Client(), "manager", "a-long-test-password")  # an access log
    Theme.objects.get_or_create(name="Training")
    EmailSettings.objects.create(user=policy_user, digest=EmailSettings.Digest.DAILY)
    SentEmail.objects.create(
        user=manager_user, kind="digest", period="2026-W48", subject="Your weekly summary", claimed_at=timezone.now()
    )
    AccessFailureLog.objects.create(
        username="policy", ip_address="127.0.0.1", user_agent="", http_accept="", path_info="/"
    )
    return clients


def concrete(route):
    """A real address for the route, pointing at real records."""
    recommendation = Recommendation.objects.first()
    feed = CalendarFeed.issue(Group.objects.get(name=POLICY_TEAM).user_set.first())
    model_path = re.match(r"admin/(\w+)/(\w+)/", route)
    obj = None
    if model_path and ".".join(model_path.groups()) in ADMIN_MODELS:
        app, model = model_path.groups()
        obj = ContentType.objects.get(app_label=app, model=model).model_class()._default_manager.first()
    values = {
        "<int:pk>": recommendation.pk,
        "<slug:slug>": Inspection.objects.first().slug,
        "<slug:table>": "open-overdue-disputed",
        "<str:secret>": feed.token,
        "<int:feed_id>": feed.pk,
        "<uidb64>": "MQ",
        "<token>": "not-a-real-token",
        "<path:content_type_id>": ContentType.objects.get_for_model(Recommendation).pk,
        "<path:object_id>": obj.pk if obj else recommendation.pk,
        "<id>": obj.pk if obj else "",
        HISTORY_ITEM: f"{obj.pk}/history/{obj.history.first().history_id}/" if hasattr(obj, "history") else "",
        "^(?P<app_label>auth|axes|recommendations|responses|inspections|submissions|notifications)/$": "inspections/",
        "(?P<url>.*)$": "no-such-page/",
    }
    address = "/" + route
    if route.startswith("submissions/"):
        return submission_addresses(route)
    for placeholder, value in values.items():
        address = address.replace(placeholder, str(value))
    if route == "admin/autocomplete/":
        address += "?app_label=recommendations&model_name=recommendation&field_name=restates"
    return address


def outcome(response):
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith("/accounts/login/"):
            return LOGIN
        if location.startswith("/admin/login/"):
            return ADMIN_LOGIN
        return REDIRECT
    return response.status_code


def test_each_person_is_allowed_or_refused_as_the_table_says(people):
    for_history = [r for r in expected_table() if HISTORY_ITEM in r]
    assert for_history, "the history pages are in the table"
    wrong = []
    for route, who in expected_table().items():
        address = concrete(route)
        for person, expected in who.items():
            got = outcome(people[person].get(address))
            if got != expected:
                wrong.append(f"{address} as {person}: {got}, expected {expected}")
    assert wrong == [], "\n".join(wrong)


def test_every_post_to_an_export_or_calendar_page_is_as_the_table_says(people):
    wrong = []
    for route, who in POSTS.items():
        for person, expected in who.items():
            address = concrete(route)  # a fresh feed each time: a POST may revoke it
            got = outcome(people[person].post(address, {"months": "12"}))
            if got != expected:
                wrong.append(f"POST {address} as {person}: {got}, expected {expected}")
    assert wrong == [], "\n".join(wrong)
    assert set(POSTS) <= set(expected_table())


def test_a_revoked_calendar_address_stops_working(client, policy_user):
    token = CalendarFeed.issue(policy_user).token
    address = f"/due/calendar/{token}.ics"
    assert client.get(address).status_code == 200
    CalendarFeed.objects.filter(user=policy_user).delete()
    assert client.get(address).status_code == 404


@pytest.mark.parametrize("role", [POLICY_TEAM, MANAGERS])
def test_people_who_only_view_change_nothing_even_with_admin_access(client, django_user_model, real_data, role):
    client.force_login(view_only_staff(django_user_model, role))
    recommendation = Recommendation.objects.first()
    change = f"/admin/recommendations/recommendation/{recommendation.pk}/change/"
    assert client.post(change, {"text": "Rewritten"}).status_code == 403
    assert (
        client.post(f"/admin/recommendations/recommendation/{recommendation.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert client.post(f"/admin/inspections/inspection/{recommendation.inspection_id}/import/", {}).status_code == 403
    recommendation.refresh_from_db()
    assert recommendation.text != "Rewritten"


def test_inspectorate_role_holds_no_permission_to_write_the_history(inspectorate_user):
    writable = [p for p in Group.objects.get(name=INSPECTORATE).permissions.all() if "historical" in p.codename]
    assert writable and all(p.codename.startswith("view_") for p in writable)


# A POST with no fields to an admin address is refused exactly as its GET is, with these differences.
POST_DIFFERS = {
    # An empty sign-in form is shown again with its errors; signing out signs out.
    "admin/login/": {"inspectorate": 200, "superuser": 200},
    "admin/logout/": {"inspectorate": 200, "superuser": 200},
    # Pages that are only ever read.
    "admin/password_change/done/": {"inspectorate": 405, "superuser": 405},
    "admin/autocomplete/": {"inspectorate": 405, "superuser": 405},
    "admin/jsi18n/": {"inspectorate": 405, "superuser": 405},
    # The extension ledger is never changed: its page shows the entry, a POST is refused.
    "admin/responses/targetrevision/<path:object_id>/change/": {"inspectorate": 403, "superuser": 403},
    # So are the email log and each person's email settings.
    **{
        f"admin/notifications/{model}/<path:object_id>/change/": {"inspectorate": 403, "superuser": 403}
        for model in ("sentemail", "emailsettings")
    },
    # django-axes' records have no field a person can change: a save changes nothing and goes back to the list.
    **{
        f"admin/axes/{model}/<path:object_id>/change/": {"superuser": REDIRECT}
        for model in ("accessattempt", "accesslog", "accessfailurelog")
    },
}


def test_each_person_posting_to_every_admin_address_is_refused_as_the_table_says(people):
    versions = {m: sorted(m.objects.values_list("pk", "version")) for m in (Inspection, Recommendation)}
    wrong = []
    # Signing out last, or every later request would be anonymous.
    for route, who in sorted(expected_table().items(), key=lambda row: row[0] == "admin/logout/"):
        if not route.startswith("admin/"):
            continue
        address = concrete(route)
        expected_for = {**who, **POST_DIFFERS.get(route, {})}
        if HISTORY_ITEM in route:  # the audit history is read only, for everyone
            expected_for.update(inspectorate=405, superuser=405)
        for person, expected in expected_for.items():
            got = outcome(people[person].post(address, {}))
            if got != expected:
                wrong.append(f'"{route}": {person}: {got}, expected {expected}')
    assert wrong == [], "\n".join(wrong)
    assert {m: sorted(m.objects.values_list("pk", "version")) for m in versions} == versions


def test_the_assign_owner_action_is_refused_or_allowed_as_the_list_is(people):
    """The action has no address of its own: it is a POST to the recommendation list, first for the
    confirmation page, then with the owner chosen. Only people who may change recommendations get either."""
    address = "/admin/recommendations/recommendation/"
    rec = Recommendation.objects.filter(owner=None).first()
    team = Owner.objects.create(name="Immigration Enforcement")
    chosen = {"action": "assign_owner", "_selected_action": [rec.pk]}
    listed = expected_table()["admin/recommendations/recommendation/"]
    wrong = []
    for person in PEOPLE:
        confirmation = people[person].post(address, chosen)
        if outcome(confirmation) != listed[person] or (
            listed[person] == 200 and "Choose the owner for 1 recommendation" not in confirmation.content.decode()
        ):
            wrong.append(f"{person}: the confirmation page: {outcome(confirmation)}")
        applied = outcome(people[person].post(address, {**chosen, "apply": "Assign this owner", "owner": team.pk}))
        rec.refresh_from_db()
        may_change = person in ("inspectorate", "superuser")
        if applied != (REDIRECT if may_change else listed[person]) or (rec.owner == team) != may_change:
            wrong.append(f"{person}: applying: {applied}, owner now {rec.owner}")
        Recommendation.objects.filter(pk=rec.pk).update(owner=None)
    assert wrong == [], "\n".join(wrong)


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


def test_an_account_given_a_role_sees_the_pages(client, no_role):
    no_role.groups.add(Group.objects.get(name=POLICY_TEAM))
    client.force_login(no_role)
    assert client.get("/due/").status_code == 200


def test_every_post_to_a_submissions_address_is_as_the_table_says(people):
    wrong = []
    for route, who in SUBMISSION_POSTS.items():
        for person, expected in who.items():
            fresh_submission()
            got = outcome(people[person].post(submission_addresses(route), {}))
            if got != expected:
                wrong.append(f"POST {route} as {person}: {got}, expected {expected}")
    assert wrong == [], "\n".join(wrong)
    assert set(SUBMISSION_POSTS) == set(SUBMISSION_PAGES)
