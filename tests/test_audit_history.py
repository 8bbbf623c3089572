"""The audit history: who changed what and when, shown in the admin and on the
recommendation page, never editable, and the record as it stood on a date."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from icibi_tracker.roles import MANAGERS, POLICY_TEAM
from inspections.models import Inspection
from recommendations.models import Recommendation
from responses.models import HomeOfficeResponse, TargetRevision

from .admin_forms import post
from .conftest import CACHE_MISS_QUERIES, view_only_staff


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


@pytest.fixture
def open_recommendation(real_data):
    return Recommendation.objects.filter(status=Recommendation.Status.OPEN, ho_status="").first()


@pytest.fixture
def closed_by_inspector(client, inspectorate_user, open_recommendation):
    """An inspector records the Home Office's closure of an open recommendation in the admin."""
    inspectorate_user.first_name, inspectorate_user.last_name = "Ada", "Inspector"
    inspectorate_user.save()
    client.force_login(inspectorate_user)
    response = post(
        client,
        change_url(open_recommendation),
        {"ho_status": "closed", "closed_on": "2026-11-20", "closed_precision": "day", "closure_evidence": "Annex A."},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    return open_recommendation


def test_every_record_of_the_real_data_starts_with_an_added_row(real_data):
    for model in (Recommendation, HomeOfficeResponse):
        without = model.objects.exclude(pk__in=model.history.filter(history_type="+").values("id"))
        assert not without.exists()


def test_a_change_in_the_admin_records_who_which_fields_and_from_what_to_what(closed_by_inspector):
    row = closed_by_inspector.history.filter(history_type="~").earliest("history_date")
    assert row.history_user.username == "inspector"
    delta = row.diff_against(row.prev_record)
    changed = {c.field: (c.old, c.new) for c in delta.changes}
    assert changed["ho_status"] == ("", "closed")
    assert changed["closed_on"] == (None, datetime.date(2026, 11, 20))
    # The derived status follows, recorded as a change of its own with the same person.
    status_rows = closed_by_inspector.history.filter(status=Recommendation.Status.CLOSED)
    assert status_rows.exists() and status_rows.first().history_user.username == "inspector"


def test_the_recommendation_page_timeline_says_who_changed_the_status(client, closed_by_inspector, policy_user):
    client.force_login(policy_user)
    page = client.get(reverse("recommendations:detail", args=[closed_by_inspector.pk])).content.decode()
    assert "Recommendation changed by Ada Inspector" in page
    assert "Home Office status set to Closed as implemented." in page
    assert "from nothing" not in page
    assert timezone.localdate().strftime("%-d %B %Y") in page


def test_the_admin_shows_the_history_read_only(client, closed_by_inspector, inspectorate_user):
    client.force_login(inspectorate_user)
    history_url = reverse("admin:recommendations_recommendation_history", args=[closed_by_inspector.pk])
    page = client.get(history_url)
    assert page.status_code == 200
    assert "inspector" in page.content.decode()
    first = closed_by_inspector.history.earliest("history_date")
    item_url = reverse(
        "admin:recommendations_recommendation_simple_history", args=[closed_by_inspector.pk, first.history_id]
    )
    # Reverting to the first version through the admin is refused; nothing changes.
    client.post(item_url, {"ho_status": "", "text": "Rewritten"})
    closed_by_inspector.refresh_from_db()
    assert closed_by_inspector.ho_status == "closed"
    assert closed_by_inspector.history.count() == closed_by_inspector.history.count()
    # The history tables have no admin pages of their own: no way to edit or delete a row.
    assert client.get("/admin/recommendations/historicalrecommendation/").status_code == 404


def test_the_history_survives_deletion_of_the_record(inspectorate_user):
    from . import factories

    rec = factories.recommendation()
    pk = rec.pk
    rec.delete()
    assert Recommendation.history.filter(id=pk, history_type="-").exists()


def test_the_record_as_it_stood_on_an_earlier_date(client, policy_user, open_recommendation):
    # The record was loaded long ago (backdated here), then closed today.
    loaded = timezone.make_aware(datetime.datetime(2025, 3, 1, 9, 0))
    Recommendation.history.filter(id=open_recommendation.pk).update(history_date=loaded)
    open_recommendation.close(datetime.date(2026, 11, 20), "Annex A.")
    client.force_login(policy_user)
    url = reverse("recommendations:detail", args=[open_recommendation.pk])

    then = client.get(url, {"as_of": "1/4/2025"}).content.decode()
    assert "as it stood on 1 April 2025" in then
    assert "Open" in then and "Closed as implemented" not in then

    now = client.get(url).content.decode()
    assert "Closed as implemented" in now

    before = client.get(url, {"as_of": "2025-02-28"}).content.decode()
    assert "The tracker held no record of this recommendation at the end of 28 February 2025" in before
    assert "It was first recorded on 1 March 2025" in before


@pytest.mark.parametrize(
    "given, message",
    [
        ("31/2/2025", "Enter a real date as day/month/year"),
        ("yesterday", "Enter a real date as day/month/year"),
        ("1/1/2999", "The date must be today or in the past"),
        ("<script>alert(1)</script>", "Enter a real date as day/month/year"),
    ],
)
def test_a_bad_as_of_date_says_what_to_fix(client, policy_user, open_recommendation, today, given, message):
    client.force_login(policy_user)
    page = client.get(reverse("recommendations:detail", args=[open_recommendation.pk]), {"as_of": given})
    assert page.status_code == 200
    body = page.content.decode()
    assert "There is a problem" in body and message in body
    assert "<script>alert(1)</script>" not in body


def test_the_detail_page_with_history_stays_cheap(
    client, policy_user, closed_by_inspector, django_assert_max_num_queries
):
    client.force_login(policy_user)
    url = reverse("recommendations:detail", args=[closed_by_inspector.pk])
    with django_assert_max_num_queries(25 + CACHE_MISS_QUERIES):  # the re-statement chains, worked out once
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get(url, {"as_of": "23/11/2026"}).status_code == 200


def test_the_csv_export_says_the_moment_it_is_as_of(client, policy_user, real_data):
    import csv
    import io

    client.force_login(policy_user)
    before = timezone.localtime().replace(second=0, microsecond=0)
    export = client.get(reverse("recommendations:due-export"))
    after = timezone.localtime()
    rows = list(csv.DictReader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
    assert rows and {row["As of"] for row in rows} == {rows[0]["As of"]}
    stamped = datetime.datetime.fromisoformat(rows[0]["As of"])
    assert before <= stamped <= after
    utc = stamped.astimezone(datetime.UTC)
    assert f'filename="icibi-due-status-open-{utc:%Y-%m-%dT%H%M}Z.csv"' in export["Content-Disposition"]


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
