"""Importing a published response or report: preview first, then all or nothing."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from inspections.models import Inspection
from recommendations.models import Recommendation, SubElement
from responses.models import HomeOfficeResponse

from . import factories
from .test_real_data import CLANDESTINE_CATEGORIES

SEEDS = Path(__file__).resolve().parent / "seeds"


def seed(prefix):
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def import_url(inspection):
    return reverse("admin:inspections_inspection_import", args=[inspection.pk])


@pytest.fixture
def empty_inspection(db):
    return factories.inspection(slug="refusals-import", short_title="Refusals")


def nothing_written():
    return not (Recommendation.objects.exists() or SubElement.objects.exists() or HomeOfficeResponse.objects.exists())


def test_the_change_page_offers_import_from_text(staff_client, empty_inspection):
    page = staff_client.get(reverse("admin:inspections_inspection_change", args=[empty_inspection.pk]))
    assert import_url(empty_inspection) in page.content.decode()


def test_a_pasted_response_is_previewed_then_saved_on_confirm(staff_client, empty_inspection):
    preview = staff_client.post(import_url(empty_inspection), {"text": seed("000")})
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "What the import found" in html
    for reference in ["2a", "2b", "2c", "2d", "2e"]:
        assert f'<th scope="row">{reference}</th>' in html
    assert "Date of implementation: February 2027" in html
    assert nothing_written()

    done = staff_client.post(import_url(empty_inspection), {"text": seed("000"), "confirm": "yes"})
    assert done.status_code == 302
    rec_2 = empty_inspection.recommendations.get(number=2)
    assert empty_inspection.recommendations.count() == 2
    assert list(rec_2.sub_elements.values_list("letter", flat=True)) == ["a", "b", "c", "d", "e"]
    assert rec_2.responses.count() == 5
    assert rec_2.responses.get(sub_element__letter="e").current_due_date.isoformat() == "2027-04-30"
    rec_2.refresh_from_db()
    assert (rec_2.category, rec_2.status) == ("accepted", Recommendation.Status.OPEN)


def test_an_uploaded_report_imports_its_recommendations_without_categories(staff_client, empty_inspection):
    upload = SimpleUploadedFile("report.txt", seed("003").encode(), content_type="text/plain")
    staff_client.post(import_url(empty_inspection), {"file": upload, "confirm": "yes"})
    assert sorted(empty_inspection.recommendations.values_list("number", flat=True)) == [1, 2, 3]
    assert not HomeOfficeResponse.objects.exists()
    assert set(empty_inspection.recommendations.values_list("status", flat=True)) == {"awaiting_response"}
    assert SubElement.objects.filter(recommendation__inspection=empty_inspection).count() == 9


def test_importing_the_same_text_again_changes_nothing_and_duplicates_nothing(staff_client, empty_inspection):
    staff_client.post(import_url(empty_inspection), {"text": seed("004"), "confirm": "yes"})
    counts = (Recommendation.objects.count(), SubElement.objects.count(), HomeOfficeResponse.objects.count())
    again = staff_client.post(import_url(empty_inspection), {"text": seed("004")})
    assert "saving would change nothing" in again.content.decode()
    staff_client.post(import_url(empty_inspection), {"text": seed("004"), "confirm": "yes"})
    assert (Recommendation.objects.count(), SubElement.objects.count(), HomeOfficeResponse.objects.count()) == counts


def test_an_existing_recommendation_shows_what_would_change(staff_client, empty_inspection):
    rec = factories.recommendation(empty_inspection, number=1, text="An older wording")
    factories.response(rec, category="partially_accepted", target_text="March 2026")
    html = staff_client.post(import_url(empty_inspection), {"text": seed("000")}).content.decode()
    assert "What would change" in html
    assert "An older wording" in html
    assert re.search(r"<td>Partially accepted\s*</td>", html)  # the recorded category, in words
    assert "New target (an extension; the original is kept)" in html
    assert "Date of implementation: February 2027" in html
    assert Recommendation.objects.get(pk=rec.pk).text == "An older wording"  # nothing saved yet


@pytest.mark.parametrize(
    "post, message",
    [
        ({"text": ""}, "Paste the published response or report, upload it, or give its GOV.UK address."),
        ({"text": "   \n  "}, "Paste the published response or report, upload it, or give its GOV.UK address."),
        ({"text": seed("002")}, "No recommendations found."),
        ({"text": "x" * (10 * 1024 * 1024)}, "the most the import reads is 2 MB"),
        (
            {"file": SimpleUploadedFile("report.pdf", b"%PDF-1.7\x00\x01binary", content_type="application/pdf")},
            "This PDF is damaged and cannot be read",
        ),
        ({"file": SimpleUploadedFile("report.exe", b"MZ\x90\x00")}, "Upload a PDF, a .txt or an .html file"),
        ({"address": "https://example.com/response"}, "Only addresses on www.gov.uk"),
        ({"file": SimpleUploadedFile("report.txt", b"\x00\x01\x02binary")}, "looks like a binary file"),
        ({"file": SimpleUploadedFile("report.txt", "Recommendation 1 café".encode("latin-1"))}, "not UTF-8"),
        ({"file": SimpleUploadedFile("big.txt", b"a" * (10 * 1024 * 1024))}, "the most the import reads is 2 MB"),
        (
            {"text": "x", "file": SimpleUploadedFile("r.txt", b"Recommendation 1\n\nDo it.\n\nAccepted\n")},
            "only one of them",
        ),
    ],
)
def test_bad_input_gets_a_clear_message_and_writes_nothing(staff_client, empty_inspection, post, message):
    response = staff_client.post(import_url(empty_inspection), post)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert nothing_written()


def test_html_is_read_as_text_and_scripts_never_reach_the_page(staff_client, empty_inspection):
    page = (
        "<html><head><script>alert('head')</script></head><body><p>Skip to main content</p>"
        "<h2>Recommendation 1</h2><p>Publish the <b>guidance</b>.</p><p>Accepted</p>"
        "<p>We will aim to complete this by April 2027.</p><script>alert('body')</script></body></html>"
    )
    html = staff_client.post(import_url(empty_inspection), {"text": page}).content.decode()
    assert "alert(" not in html.split("<textarea")[0]
    assert "Publish the guidance." in html
    staff_client.post(import_url(empty_inspection), {"text": page, "confirm": "yes"})
    rec = empty_inspection.recommendations.get()
    assert "<" not in rec.text
    assert rec.responses.get().current_due_date.isoformat() == "2027-04-30"


def test_people_who_may_not_change_inspections_cannot_import(client, policy_user, empty_inspection):
    client.force_login(policy_user)
    response = client.post(import_url(empty_inspection), {"text": seed("000"), "confirm": "yes"})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    policy_user.is_staff = True
    policy_user.save()
    assert client.post(import_url(empty_inspection), {"text": seed("000"), "confirm": "yes"}).status_code == 403
    assert nothing_written()


def test_the_command_previews_with_dry_run_and_imports_without(db, tmp_path):
    inspection = factories.inspection(slug="clandestine-import")
    path = tmp_path / "response.txt"
    path.write_text(seed("001"), encoding="utf-8")
    out = StringIO()
    call_command("import_response", str(path), "--inspection", "clandestine-import", "--dry-run", stdout=out)
    assert "Found 7 recommendations" in out.getvalue()
    assert "Would add or update" in out.getvalue()
    assert not Recommendation.objects.exists()
    call_command("import_response", str(path), "--inspection", "clandestine-import", stdout=StringIO())
    assert dict(inspection.recommendations.values_list("number", "category")) == CLANDESTINE_CATEGORIES


def test_the_command_says_what_is_wrong(db, tmp_path):
    factories.inspection(slug="somewhere")
    with pytest.raises(CommandError, match="No inspection has the slug"):
        call_command("import_response", str(tmp_path / "x.txt"), "--inspection", "nowhere")
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_response", str(tmp_path / "missing.txt"), "--inspection", "somewhere")
    news = tmp_path / "news.txt"
    news.write_text(seed("002"), encoding="utf-8")
    with pytest.raises(CommandError, match="No recommendations found"):
        call_command("import_response", str(news), "--inspection", "somewhere")
    assert not Inspection.objects.get(slug="somewhere").recommendations.exists()
