"""One call for the import form: whichever of a file, an address or pasted text was given
becomes the text to parse, or a refusal saying what to do."""

from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from responses import sources
from responses.importing import ImportRefused
from responses.sources import Fetched, SourceRefused, read_source

from . import factories
from .pdfs import make_pdf

RESPONSE = "Recommendation 1\n\nAccepted\n\nTarget date: 31 March 2027"
HTML = "<html><body><main><h2>Recommendation 1</h2><ol><li>first</li></ol></main><footer>x</footer></body></html>"


def upload(name, data):
    return SimpleUploadedFile(name, data)


def test_an_uploaded_pdf_gives_its_text():
    data = make_pdf(["Recommendation 1", "Accepted", "Target date: 31 March 2027"], marking="OFFICIAL")

    assert read_source(upload=upload("report.PDF", data)) == RESPONSE


def test_a_pdf_uploaded_under_another_name_is_still_read_as_a_pdf():
    data = make_pdf(["Recommendation 1", "Accepted", "Target date: 31 March 2027"])

    assert read_source(upload=upload("response.txt", data)) == RESPONSE


def test_an_uploaded_text_file_is_given_as_it_is():
    assert read_source(upload=upload("response.txt", RESPONSE.encode())) == RESPONSE


def test_an_uploaded_html_file_gives_its_visible_text():
    assert read_source(upload=upload("response.html", HTML.encode())) == "Recommendation 1\n\n1. first"


def test_a_file_of_another_kind_is_refused():
    with pytest.raises(SourceRefused, match="Upload a PDF, a .txt or an .html file, or paste the text."):
        read_source(upload=upload("response.docx", b"PK\x03\x04"))


class _Unreadable:
    """An upload too big to read: reading it fails the test."""

    def __init__(self, name, size):
        self.name, self.size = name, size

    def read(self):
        raise AssertionError("read before its size was checked")


@pytest.mark.parametrize(
    ("name", "size", "message"),
    [
        ("report.pdf", 21 * 1024 * 1024, "The file is 21 MB; the most the import reads is 20 MB."),
        ("response.txt", 3 * 1024 * 1024, "The file is 3 MB; the most the import reads is 2 MB."),
    ],
)
def test_a_file_over_its_limit_is_refused_before_it_is_read(name, size, message):
    with pytest.raises(SourceRefused, match=message):
        read_source(upload=_Unreadable(name, size))


def test_an_address_is_fetched_from_govuk(monkeypatch):
    asked = []

    def fetch(url):
        asked.append(url)
        return Fetched(RESPONSE, url, "text/html")

    monkeypatch.setattr(sources, "fetch_govuk", fetch)

    assert read_source(url=" https://www.gov.uk/government/publications/response \n", text="  ") == RESPONSE
    assert asked == ["https://www.gov.uk/government/publications/response"]


def test_an_address_off_govuk_is_refused():
    with pytest.raises(SourceRefused, match="Only addresses on www.gov.uk"):
        read_source(url="https://example.com/response")


def test_pasted_text_is_given_as_it_is():
    assert read_source(text=RESPONSE, url="") == RESPONSE


def test_pasted_html_source_gives_its_visible_text():
    assert read_source(text=HTML) == "Recommendation 1\n\n1. first"


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({}, "Paste the published response or report, upload it, or give its GOV.UK address."),
        ({"text": " \n ", "url": ""}, "Paste the published response or report, upload it, or give its GOV.UK address."),
        ({"text": "Recommendation 1\x00"}, "binary file"),
        ({"text": RESPONSE, "url": "https://www.gov.uk/x"}, "only one of them"),
        ({"upload": upload("r.txt", b"x"), "text": RESPONSE}, "only one of them"),
    ],
)
def test_nothing_usable_or_more_than_one_source_is_refused(given, message):
    with pytest.raises(ImportRefused, match=message):
        read_source(**given)


def test_the_import_command_reads_a_pdf(db, tmp_path):
    inspection = factories.inspection(slug="from-a-pdf")
    path = tmp_path / "response.pdf"
    path.write_bytes(make_pdf(["Recommendation 1", "Publish the guidance.", "Accepted", "Target date: 31 March 2027"]))

    call_command("import_response", str(path), "--inspection", "from-a-pdf", stdout=StringIO())

    assert list(inspection.recommendations.values_list("number", "category")) == [(1, "accepted")]


def test_the_import_command_refuses_an_address_off_govuk(db):
    factories.inspection(slug="from-an-address")

    with pytest.raises(CommandError, match="Only addresses on www.gov.uk"):
        call_command("import_response", "https://example.com/r", "--inspection", "from-an-address")
