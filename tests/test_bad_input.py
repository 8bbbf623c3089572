"""Hostile and malformed input everywhere: a clear answer, never a 500, nothing
half-written, and people's text escaped wherever it is shown."""

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse

from inspections.models import Inspection
from recommendations.models import CalendarFeed, Owner, Recommendation
from responses.models import HomeOfficeResponse

from . import factories
from .admin_forms import post

SCRIPT = "<script>alert('x')</script>"

PAGES = [
    "/",
    "/overdue/",
    "/due/",
    "/due/export.csv",
    "/due/calendar.ics",
    "/due/calendar/",
    "/restated/",
    "/awaiting-response/",
    "/inspections/",
]

HOSTILE_QUERIES = [
    {"due_within": "abc"},
    {"due_within": "-5"},
    {"due_within": "9" * 40},
    {"due_after": "2026-13-45", "due_before": "0/0/0"},
    {"due_after": "1/1/2027", "due_before": "1/1/2026"},  # out of order: simply nothing between
    {"closed_after": "31/02/2025"},
    {"owner": "' OR 1=1 --"},
    {"owner": "99999999999999999999999"},
    {"inspection": "../../etc/passwd"},
    {"status": SCRIPT},
    {"sort": "-password"},
    {"q": "x" * 5000},
    {"q": SCRIPT},
    {"page": "-1"},
    {"page": "99999999"},
    {"page": "1e9"},
    {"priority": "maybe", "overdue": "perhaps", "no_target": "[]"},
]


@pytest.fixture
def signed_in(client, policy_user, real_data):
    client.force_login(policy_user)
    return client


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


@pytest.mark.parametrize("params", HOSTILE_QUERIES, ids=lambda p: ",".join(p))
def test_no_page_fails_on_a_hostile_query(signed_in, params):
    for path in PAGES:
        response = signed_in.get(path, params)
        assert response.status_code == 200, path
        if response["Content-Type"].startswith("text/calendar"):
            # A calendar is named after its search, as plain text: never served as a page.
            assert response["X-Content-Type-Options"] == "nosniff"
            continue
        assert SCRIPT not in body(response), path


def test_a_query_string_that_is_not_utf8_is_read_safely(signed_in):
    for path in PAGES:
        response = signed_in.get(path, QUERY_STRING="q=%FF%FE&owner=%C0%AF")
        assert response.status_code == 200, path


@pytest.mark.parametrize("path", ["/recommendations/99999999/", "/inspections/no-such-report/", "/nowhere/"])
def test_a_missing_record_is_a_plain_not_found(signed_in, path):
    response = signed_in.get(path)
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.parametrize("secret", ["x", "a" * 5000, "%00", "' OR 1=1 --"])
def test_a_wrong_calendar_address_is_not_found(client, db, secret):
    assert client.get(f"/due/calendar/{secret}.ics").status_code == 404


def test_user_text_is_escaped_wherever_it_is_shown(signed_in):
    inspection = Inspection.objects.first()
    inspection.title = f"Title {SCRIPT}"
    inspection.short_title = f"Short {SCRIPT}"
    inspection.notes = SCRIPT
    inspection.save()
    rec = inspection.recommendations.first()
    rec.text = f"Do {SCRIPT} now"
    rec.owner = Owner.objects.create(name=f"Owner {SCRIPT}")
    rec.blocked_by = SCRIPT
    rec.save()
    response = rec.responses.first() or HomeOfficeResponse.objects.create(recommendation=rec, category="accepted")
    response.narrative = SCRIPT
    response.target_text = f"by {SCRIPT} March 2027"
    response.save()
    for path in [*PAGES, f"/recommendations/{rec.pk}/", f"/inspections/{inspection.slug}/"]:
        shown = body(signed_in.get(path, {"status": "any"}))
        if not path.endswith((".csv", ".ics")):
            assert SCRIPT not in shown, path
    detail = body(signed_in.get(f"/recommendations/{rec.pk}/"))
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in detail


@pytest.fixture
def staff(client, inspectorate_user, real_data):
    client.force_login(inspectorate_user)
    return client


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"short_title": "x" * 500}, "Ensure this value has at most"),
        ({"published_on": "2025-02-30"}, "Enter a date like 21/2/2023 or a month like May 2022"),
        ({"published_on": "not a date"}, "Enter a date like 21/2/2023 or a month like May 2022"),
        ({"sent_on": "2026-01-01", "published_on": "2025-01-01"}, ""),
        ({"report_url": "javascript:alert(1)"}, "Enter a valid URL."),
        ({"recommendations-0-number": "0"}, "A recommendation number starts at 1."),
        ({"recommendations-0-number": "99999999999999999999"}, "Ensure this value is less than or equal to"),
        ({"recommendations-0-number": "abc"}, "Enter a whole number."),
    ],
)
def test_bad_admin_input_says_what_to_fix_and_writes_nothing(staff, changes, message):
    inspection = Inspection.objects.filter(recommendations__isnull=False).first()
    before = (Inspection.objects.values().get(pk=inspection.pk), list(Recommendation.objects.values()))
    history_before = Inspection.history.count() + Recommendation.history.count()
    response = post(staff, change_url(inspection), {**changes, "notes": "Written alongside the bad value."})
    assert response.status_code == 200
    assert "Please correct the error" in response.content.decode()
    assert message in response.content.decode()
    assert (Inspection.objects.values().get(pk=inspection.pk), list(Recommendation.objects.values())) == before
    assert Inspection.history.count() + Recommendation.history.count() == history_before


def test_one_bad_row_among_good_ones_saves_none_of_them(staff):
    inspection = Inspection.objects.filter(recommendations__isnull=False).first()
    count = inspection.recommendations.count()
    response = post(
        staff,
        change_url(inspection),
        {
            "recommendations-TOTAL_FORMS": str(count + 2),
            f"recommendations-{count}-number": "90",
            f"recommendations-{count}-text": "A good new recommendation.",
            f"recommendations-{count + 1}-number": "90",  # the same number twice
            f"recommendations-{count + 1}-text": "A clashing one.",
        },
    )
    assert response.status_code == 200
    assert inspection.recommendations.count() == count


def test_an_oversized_request_gets_a_clear_refusal_not_a_crash(staff, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    inspection = Inspection.objects.first()
    response = staff.post(change_url(inspection), {"notes": "x" * 5000})
    assert response.status_code == 400
    assert "Something in the request was not right" in response.content.decode()
    inspection.refresh_from_db()
    assert inspection.notes != "x" * 5000


def test_too_many_fields_get_a_clear_refusal(staff):
    inspection = Inspection.objects.first()
    response = staff.post(change_url(inspection), {f"field{i}": "x" for i in range(1500)})
    assert response.status_code == 400
    assert "Something in the request was not right" in response.content.decode()


NUL_QUERIES = [{"inspection": "a\x00b"}, {"category": "\x00"}, {"q": "a\x00b"}, {"owner\x00": "1"}]


@pytest.mark.parametrize("params", NUL_QUERIES, ids=["inspection", "category", "q", "key"])
def test_a_nul_in_a_query_is_a_plain_bad_request_everywhere(client, policy_user, params):
    secret = CalendarFeed.issue(policy_user).token
    anonymous = Client()
    assert anonymous.get(f"/due/calendar/{secret}.ics", params).status_code == 400
    client.force_login(policy_user)
    for path in ["/", "/due/", "/due/export.csv", "/due/calendar.ics", "/overdue/", "/inspections/"]:
        response = client.get(path, params)
        assert response.status_code == 400, path
        assert "Something in the request was not right" in response.content.decode()


@pytest.mark.usefixtures("today")
def test_text_a_spreadsheet_would_run_as_a_formula_is_exported_as_text(client, policy_user):
    inspection = factories.inspection(title='=HYPERLINK("http://evil")')
    factories.response(factories.recommendation(inspection, text="@SUM(A1)"), target_text="March 2027")
    client.force_login(policy_user)
    export = client.get(reverse("recommendations:due-export"))
    (row,) = csv.DictReader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig")))
    assert row["Inspection"] == '\'=HYPERLINK("http://evil")'
    assert row["Recommendation text"] == "'@SUM(A1)"


@pytest.mark.usefixtures("today")
def test_only_web_addresses_become_links_on_the_inspection_page(client, policy_user):
    inspection = factories.inspection(report_url="javascript:alert(1)", response_url="https://www.gov.uk/x")
    client.force_login(policy_user)
    html = client.get(reverse("inspections:detail", args=[inspection.slug])).content.decode()
    assert "javascript:" not in html
    assert 'href="https://www.gov.uk/x"' in html
