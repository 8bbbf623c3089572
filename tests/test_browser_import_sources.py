"""In a real browser: inspectorate staff import an ICIBI report as its PDF, and a Home Office response
by its GOV.UK address (a local HTTPS server stands in for GOV.UK: never the internet)."""

import pytest
from playwright.sync_api import expect

from recommendations.models import Recommendation

from . import factories
from .conftest import screenshot, sign_in
from .pdfs import make_pdf, paragraphs_of
from .test_fetch_govuk import govuk  # noqa: F401 (the fixture)
from .test_import import seed

pytestmark = pytest.mark.browser


def open_import(page, slug):
    inspection = factories.inspection(slug=slug)
    sign_in(page, "inspector")
    page.goto(f"/admin/inspections/inspection/{inspection.pk}/import/")
    return inspection


def test_an_icibi_report_imports_from_its_pdf(page, inspectorate_user, tmp_path):
    report = tmp_path / "asylum-casework-report.pdf"
    report.write_bytes(
        make_pdf(
            paragraphs_of(seed("003")),
            header="An inspection of asylum casework",
            footer="ICIBI",
            marking="OFFICIAL",
        )
    )
    inspection = open_import(page, "asylum-pdf")
    page.get_by_label("Or upload it:").set_input_files(report)
    page.get_by_role("button", name="Preview the import").click()
    expect(page.get_by_text("The import found 3 recommendations")).to_be_visible()
    preview = page.content()
    assert "OFFICIAL" not in preview.split("<textarea")[0]  # the page furniture is gone from what was found
    screenshot(page, "admin-import-pdf-preview")

    page.get_by_role("button", name="Save the import").click()
    expect(page.locator(".messagelist")).to_contain_text("Imported")
    assert inspection.recommendations.count() == 3


def test_a_home_office_response_imports_from_its_govuk_address(page, inspectorate_user, govuk, monkeypatch):  # noqa: F811
    body = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs_of(seed("000")))
    html = f'<html><body><header>GOV.UK</header><main><div class="govspeak">{body}</div></main></body></html>'
    govuk.routes["/government/publications/response"] = (200, {"Content-Type": "text/html"}, html.encode())
    # The tracker's own fetch trusts the stand-in's certificate as it would GOV.UK's.
    monkeypatch.setattr("ssl.create_default_context", lambda *args, **kwargs: govuk.context)

    inspection = open_import(page, "refusals-address")
    page.get_by_label("Or give its GOV.UK address:").fill(govuk.url("/government/publications/response"))
    page.get_by_role("button", name="Preview the import").click()
    expect(page.get_by_text("The import found 2 recommendations")).to_be_visible()
    screenshot(page, "admin-import-address-preview")

    page.get_by_role("button", name="Save the import").click()
    expect(page.locator(".messagelist")).to_contain_text("Imported")
    assert inspection.recommendations.count() == 2
    assert Recommendation.objects.get(inspection=inspection, number=2).sub_elements.count() == 5


def test_an_address_off_gov_uk_is_refused_with_what_to_do(page, inspectorate_user):
    open_import(page, "off-list")
    page.get_by_label("Or give its GOV.UK address:").fill("https://example.com/response")
    page.get_by_role("button", name="Preview the import").click()
    expect(page.locator(".errornote")).to_contain_text("download the file and upload it instead")
    assert not Recommendation.objects.exists()
