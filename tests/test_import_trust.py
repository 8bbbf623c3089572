"""A later document changes the record only as the domain allows: a changed target is an extension with
the document as its source, and text is replaced only when a person confirms it, warned first when the
document looks like another inspection's."""

import datetime
import re

import pytest
from django.urls import reverse

from inspections.models import Inspection
from recommendations.models import Recommendation
from responses.importing import apply_import, plan_import
from responses.models import HomeOfficeResponse, TargetRevision

from . import factories
from .test_import import seed

LATER = seed("000").replace("Date of implementation: February 2027", "Date of implementation: June 2027", 1)
TITLE = "Response to a report on an inspection of Border Force refusals and cancellations"


def import_url(inspection):
    return reverse("admin:inspections_inspection_import", args=[inspection.pk])


def confirm(client, inspection, text, **extra):
    preview = client.post(import_url(inspection), {"text": text, **extra})
    data = {"text": text, "confirm": "yes", "fingerprint": preview.context["plan"].fingerprint, **extra}
    return preview, client.post(import_url(inspection), data)


@pytest.fixture
def refusals(db):
    inspection = factories.inspection(
        title="An inspection of Border Force refusals and cancellations of permission to enter the UK",
        short_title="Refusals and cancellations",
        slug="refusals",
    )
    apply_import(inspection, seed("000"))
    return inspection


def overall_response(inspection, number):
    return HomeOfficeResponse.objects.get(
        recommendation__inspection=inspection, recommendation__number=number, sub_element=None
    )


def test_a_later_target_is_recorded_as_an_extension_and_the_original_is_kept(staff_client, refusals):
    preview, done = confirm(staff_client, refusals, LATER, source="Home Office update, December 2026")
    html = preview.content.decode()
    assert "New target (an extension; the original is kept)" in html
    assert "update target_text" not in html and "Target as written</td>" not in html
    assert done.status_code == 302

    response = overall_response(refusals, 1)
    assert (response.target_text, response.due_date) == (
        "Date of implementation: February 2027",
        datetime.date(2027, 2, 28),
    )
    assert response.current_due_date == datetime.date(2027, 6, 30)
    revision = TargetRevision.objects.get()
    assert revision.previous_target_text == "Date of implementation: February 2027"
    assert revision.new_target_text == "Date of implementation: June 2027"
    assert (revision.source, revision.details_not_stated) == ("Home Office update, December 2026", True)

    # The same later document again changes nothing more.
    assert plan_import(refusals, LATER).changes == []


def test_an_extension_from_an_import_names_the_document_when_no_source_is_given(refusals):
    apply_import(refusals, LATER)
    assert TargetRevision.objects.get().source.startswith(f"Imported from “{TITLE}")


def test_a_document_without_a_target_never_erases_the_recorded_one(refusals):
    apply_import(refusals, seed("000").replace("Date of implementation: February 2027\n", "", 1))
    assert overall_response(refusals, 1).target_text == "Date of implementation: February 2027"
    assert not TargetRevision.objects.exists()


def test_another_reports_response_is_flagged_first_and_replaces_no_text_unless_confirmed(staff_client, refusals):
    recorded = Recommendation.objects.get(inspection=refusals, number=1).text
    preview, refused = confirm(staff_client, refusals, seed("004"))
    warnings = preview.context["plan"].warnings
    assert warnings[0].startswith("The document’s opening (“Response to an inspection of illegal working")
    assert "The text of recommendation 1, 2" in warnings[1]
    html = preview.content.decode()
    assert html.index("does not name this inspection") < html.index("What the import found")
    assert 'name="replace_text"' in html

    assert refused.status_code == 200
    assert "would replace the recorded text of recommendation 1" in refused.content.decode()
    assert Recommendation.objects.get(inspection=refusals, number=1).text == recorded

    _, done = confirm(staff_client, refusals, seed("004"), replace_text="yes")
    assert done.status_code == 302
    assert Recommendation.objects.get(inspection=refusals, number=1).text != recorded


@pytest.mark.usefixtures("real_data")
@pytest.mark.parametrize(
    "prefix, slug",
    [
        ("000", "border-force-refusals-2026"),
        ("001", "clandestine-entrants-2024"),
        ("003", "asylum-casework-2025"),
        ("004", "illegal-working-enforcement-2023"),
    ],
)
def test_each_seed_document_names_its_own_inspection_and_no_other(prefix, slug):
    for inspection in Inspection.objects.all():
        plan = plan_import(inspection, seed(prefix))
        assert plan.names_inspection == (
            inspection.slug == slug or slug.startswith("asylum") and "asylum" in inspection.slug
        ), inspection


def test_the_preview_speaks_plain_english_and_the_result_links_to_what_changed(staff_client):
    inspection = factories.inspection(title="An inspection of illegal working enforcement", slug="working")
    preview, done = confirm(staff_client, inspection, seed("004"))
    html = preview.content.decode()
    shown = re.sub(r"<[^>]+>", " ", html)  # what a person reads, not the form's field names
    for code in ("review_note", "not_accepted", "partially_accepted", "target_text"):
        assert code not in shown
    assert ">add<" not in html and ">update<" not in html
    assert "Target as written" in html and ">Add<" in html
    assert "<details>" in html  # a long text is shown whole on demand
    page = staff_client.get(done.url).content.decode()
    first = Recommendation.objects.get(inspection=inspection, number=1)
    assert f'<a href="{reverse("recommendations:detail", args=[first.pk])}">1</a>' in page
    assert "flagged for checking" in page or "Nothing was flagged for checking." in page


def test_the_owner_chosen_on_the_preview_is_given_to_each_recommendation_without_one(staff_client):
    inspection = factories.inspection(title="An inspection of illegal working enforcement", slug="working")
    factories.recommendation(inspection, number=2, owner=factories.owner("Border Security Command"))
    team = factories.owner("Immigration Enforcement")
    preview, done = confirm(staff_client, inspection, seed("004"), owner=str(team.pk), replace_text="yes")
    assert 'name="owner"' in preview.content.decode()
    assert done.status_code == 302
    owners = dict(inspection.recommendations.values_list("number", "owner__name"))
    assert owners == {
        1: team.name,
        2: "Border Security Command",
        3: team.name,
        4: team.name,
        5: team.name,
        6: team.name,
    }


def test_themes_chosen_on_the_preview_are_given_to_each_recommendation_imported(staff_client):
    from recommendations.models import Theme

    inspection = factories.inspection(title="An inspection of illegal working enforcement", slug="working")
    kept = factories.recommendation(inspection, number=2)
    kept.themes.add(Theme.objects.create(name="Guidance"))
    training, data = Theme.objects.create(name="Training"), Theme.objects.create(name="Data")
    preview, done = confirm(
        staff_client, inspection, seed("004"), themes=[str(training.pk), str(data.pk)], replace_text="yes"
    )
    assert f'value="{training.pk}"' in preview.content.decode()  # the preview offers every theme
    assert done.status_code == 302
    tagged = {rec.number: sorted(t.name for t in rec.themes.all()) for rec in inspection.recommendations.all()}
    assert tagged == {n: ["Data", "Training"] for n in (1, 3, 4, 5, 6)} | {2: ["Data", "Guidance", "Training"]}


def test_a_theme_that_is_not_one_is_refused_and_nothing_is_written(staff_client):
    inspection = factories.inspection(title="An inspection of illegal working enforcement", slug="working")
    page = staff_client.post(import_url(inspection), {"text": seed("004"), "themes": ["99999"]})
    assert "Select a valid choice" in page.content.decode()
    assert not inspection.recommendations.exists()


def test_a_category_or_target_read_wrongly_is_corrected_in_the_preview_before_saving(staff_client):
    inspection = factories.inspection(title="An inspection of illegal working enforcement", slug="working")
    text = seed("004")
    first = staff_client.post(import_url(inspection), {"text": text})
    assert 'name="category-1"' in first.content.decode() and 'name="target-3"' in first.content.decode()
    corrections = {"category-1": "partially_accepted", "target-3": "by the end of March 2025"}
    again = staff_client.post(import_url(inspection), {"text": text, "confirm": "no", **corrections})
    html = again.content.decode()
    assert '<option value="partially_accepted" selected>' in html
    assert "31 March 2025 (month)" in html and "Corrected by hand in the import preview" in html
    assert not Recommendation.objects.exists()  # checking again saves nothing

    data = {"text": text, "confirm": "yes", "fingerprint": again.context["plan"].fingerprint, **corrections}
    assert staff_client.post(import_url(inspection), data).status_code == 302
    assert overall_response(inspection, 1).category == "partially_accepted"
    third = overall_response(inspection, 3)
    assert (third.target_text, third.due_date) == ("by the end of March 2025", datetime.date(2025, 3, 31))


def test_a_correction_that_is_not_a_category_is_refused_and_nothing_is_saved(staff_client):
    inspection = factories.inspection(title="An inspection of illegal working enforcement", slug="working")
    page = staff_client.post(import_url(inspection), {"text": seed("004"), "confirm": "yes", "category-1": "maybe"})
    assert "Choose accepted, partially accepted or not accepted for 1." in page.content.decode()
    assert not Recommendation.objects.exists()
