"""The import writes what its preview showed or nothing; bad ids and bad autocomplete
values get a 404 or a field error, never a 500; a huge paste gets a page a browser can show."""

from pathlib import Path

import pytest
from django.contrib import admin
from django.urls import reverse

from icibi_tracker.widgets import SafeAutocompleteAdmin
from recommendations.models import Recommendation, SubElement
from responses.importing import MAX_RECOMMENDATIONS, PREVIEW_ROWS

from . import factories
from .admin_forms import filled

SEED = next((Path(__file__).resolve().parent / "seeds").glob("000_*.txt")).read_text(encoding="utf-8")


def import_url(inspection_id):
    return reverse("admin:inspections_inspection_import", args=[inspection_id])


@pytest.fixture
def inspection(db):
    return factories.inspection(slug="integrity-import", short_title="Integrity")


def test_a_change_made_after_the_preview_stops_the_confirm_and_shows_a_new_preview(staff_client, inspection):
    rec = factories.recommendation(inspection, number=1, text="An older wording")
    preview = staff_client.post(import_url(inspection.pk), {"text": SEED})
    fingerprint = preview.context["plan"].fingerprint
    assert 'name="fingerprint" value="' in preview.content.decode()

    # Someone else saves a review note on a recommendation the import would write.
    rec.refresh_from_db()
    rec.review_note = "Checked with the Home Office: keep this."
    rec.save()

    refused = staff_client.post(import_url(inspection.pk), {"text": SEED, "confirm": "yes", "fingerprint": fingerprint})
    page = refused.content.decode()
    assert refused.status_code == 200
    assert "Someone changed 1 since you checked the preview" in page and "check it again" in page
    assert "What the import found" in page and "Checked with the Home Office: keep this." in page
    rec.refresh_from_db()
    assert (rec.text, rec.review_note) == ("An older wording", "Checked with the Home Office: keep this.")
    assert inspection.recommendations.count() == 1 and not SubElement.objects.exists()

    # Confirming the new preview, knowingly, writes it.
    again = staff_client.post(
        import_url(inspection.pk),
        {"text": SEED, "confirm": "yes", "fingerprint": refused.context["plan"].fingerprint, "replace_text": "yes"},
    )
    assert again.status_code == 302
    assert inspection.recommendations.count() == 2


def test_a_recommendation_added_after_the_preview_also_stops_the_confirm(staff_client, inspection):
    preview = staff_client.post(import_url(inspection.pk), {"text": SEED})
    factories.recommendation(inspection, number=2, text="Entered by hand meanwhile")
    refused = staff_client.post(
        import_url(inspection.pk), {"text": SEED, "confirm": "yes", "fingerprint": preview.context["plan"].fingerprint}
    )
    assert "Someone changed 2 since you checked the preview" in refused.content.decode()
    assert list(inspection.recommendations.values_list("text", flat=True)) == ["Entered by hand meanwhile"]


def test_an_unchanged_preview_confirms(staff_client, inspection):
    factories.recommendation(inspection, number=1, text="An older wording")
    preview = staff_client.post(import_url(inspection.pk), {"text": SEED})
    done = staff_client.post(
        import_url(inspection.pk),
        {"text": SEED, "confirm": "yes", "fingerprint": preview.context["plan"].fingerprint, "replace_text": "yes"},
    )
    assert done.status_code == 302
    assert inspection.recommendations.count() == 2


@pytest.mark.parametrize("object_id", ["abc", "999999", "1.5"])
def test_an_import_page_for_no_inspection_is_a_404(staff_client, inspection, object_id):
    assert staff_client.get(f"/admin/inspections/inspection/{object_id}/import/").status_code == 404
    assert staff_client.post(f"/admin/inspections/inspection/{object_id}/import/", {"text": SEED}).status_code == 404


def test_a_typed_owner_that_is_no_key_is_a_field_error_on_the_inspection_page(staff_client, real_data):
    inspection = Recommendation.objects.first().inspection
    url = reverse("admin:inspections_inspection_change", args=[inspection.pk])
    refused = staff_client.post(url, filled(staff_client, url, {"recommendations-0-owner": "abc"}))
    assert refused.status_code == 200
    assert "Select a valid choice" in refused.content.decode()


def test_typed_autocomplete_values_that_are_no_keys_are_field_errors_on_the_recommendation_page(
    staff_client, real_data
):
    rec = Recommendation.objects.first()
    url = reverse("admin:recommendations_recommendation_change", args=[rec.pk])
    refused = staff_client.post(url, filled(staff_client, url, {"owner": "abc", "restates": "1x", "themes": ["abc"]}))
    assert refused.status_code == 200
    assert "Select a valid choice" in refused.content.decode()


def test_every_admin_with_autocomplete_fields_uses_the_safe_widgets():
    pages = [*admin.site._registry.values()]
    pages += [inline(model_admin.model, admin.site) for model_admin in pages for inline in model_admin.inlines]
    with_autocomplete = [page for page in pages if page.autocomplete_fields]
    assert with_autocomplete
    assert [type(p).__name__ for p in with_autocomplete if not isinstance(p, SafeAutocompleteAdmin)] == []


def test_a_two_megabyte_paste_of_headings_is_refused_with_a_page_of_about_its_own_size(staff_client, inspection):
    text = "".join(f"Recommendation {i}\n" for i in range(1, 200_000))[: 2 * 1024 * 1024 - 100]
    page = staff_client.post(import_url(inspection.pk), {"text": text})
    assert page.status_code == 200
    assert f"the import takes at most {MAX_RECOMMENDATIONS}" in page.content.decode()
    assert len(page.content) < 2.2 * 1024 * 1024
    assert not Recommendation.objects.exists()


def test_a_long_document_previews_its_first_rows_and_saves_every_item(staff_client, inspection):
    count = MAX_RECOMMENDATIONS
    text = "".join(
        f"Recommendation {i}\n\nImprove the handling of case type {i}. " + "x" * 3000 + "\n\n"
        for i in range(1, count + 1)
    )
    preview = staff_client.post(import_url(inspection.pk), {"text": text})
    html = preview.content.decode()
    assert f"…and {count - PREVIEW_ROWS} more items not shown here. Saving imports all of them." in html
    assert f'<th scope="row">{PREVIEW_ROWS}</th>' in html and f'<th scope="row">{PREVIEW_ROWS + 1}</th>' not in html
    assert len(preview.content) < len(text.encode()) + 1024 * 1024
    done = staff_client.post(
        import_url(inspection.pk), {"text": text, "confirm": "yes", "fingerprint": preview.context["plan"].fingerprint}
    )
    assert done.status_code == 302
    assert inspection.recommendations.count() == count
