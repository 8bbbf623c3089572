"""A PDF becomes the text the parser reads: page furniture gone, one paragraph a line,
and a clear refusal for a PDF it cannot read. The PDFs are made here (tests/pdfs.py)."""

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from responses.importing import ImportRefused
from responses.parsing import parse_response
from responses.sources import PdfRefused, pdf, text_from_pdf

from .pdfs import Footnote, Hanging, filling_a_line_before, make_pdf, paragraphs_of

SEEDS = Path(__file__).resolve().parent / "seeds"

RECOMMENDATIONS = [
    "Recommendation 1",
    "Publish guidance on the handling of refusals at the border, and train every officer in it.",
    "Accepted",
    "The Home Office will publish the guidance and complete the training of all officers.",
    "Target date: 31 March 2027",
    "Recommendation 2",
    "Within six months, review the quality assurance of asylum decisions so that:",
    "a. every decision maker's work is sampled each month",
    "b. the results are reported to the Asylum Group's board",
    "Partially accepted",
    "The Home Office will sample the work of new decision makers monthly.",
]


def lines_of(text):
    return text.split("\n\n")


def test_running_header_footer_page_numbers_and_markings_are_left_out():
    paragraphs = RECOMMENDATIONS * 6  # over three pages
    data = make_pdf(
        paragraphs,
        header="An inspection of asylum casework: Home Office response",
        footer="Independent Chief Inspector of Borders and Immigration",
        page_number="Page {n} of {total}",
        marking="OFFICIAL-SENSITIVE",
    )

    assert lines_of(text_from_pdf(data)) == paragraphs


@pytest.mark.parametrize("page_number", ["{n}", "- {n} -", "Page {n}", "{n} of {total}", "{n}/{total}", "PAGE {n}"])
def test_page_numbers_in_any_common_form_are_left_out(page_number):
    data = make_pdf(RECOMMENDATIONS * 4, page_number=page_number)

    assert lines_of(text_from_pdf(data)) == RECOMMENDATIONS * 4


def test_a_running_header_that_counts_the_pages_is_left_out():
    data = make_pdf(RECOMMENDATIONS * 4, header="Response to the ICIBI report, page {n}", page_number="")

    text = text_from_pdf(data)

    assert "Response to the ICIBI report" not in text
    assert lines_of(text) == RECOMMENDATIONS * 4


def test_a_heading_that_opens_each_page_stays_though_its_number_follows_the_pages():
    paragraphs = []
    for number in range(1, 5):
        paragraphs += ["\f", f"Recommendation {number}", "Review the guidance.", "Accepted"]

    text = text_from_pdf(make_pdf(paragraphs[1:], header="Home Office response"))

    assert lines_of(text) == [p for p in paragraphs if p != "\f"]


def test_a_numbered_recommendations_list_over_several_pages_keeps_each_paragraph_on_its_line():
    recommendations = []
    for number in range(1, 13):
        recommendations.append(
            f"{number}. Within six months, the Home Office should review how it records the outcome of "
            f"each case of kind {number}, and publish what it finds, so that decision makers and the "
            "public can see how the process works and where it falls short of its own standards."
        )
        recommendations += [f"{letter}. Element {letter} of recommendation {number}." for letter in "abc"]
    data = make_pdf(["3. Recommendations", *recommendations], header="An inspection of asylum casework")

    assert lines_of(text_from_pdf(data)) == ["3. Recommendations", *recommendations]


def test_a_sentence_carried_over_a_page_break_is_joined_past_the_footnotes():
    # 30 one-line paragraphs fill page 1 but for two lines: the paragraph after them runs on to page 2.
    opening = [f"Paragraph {n} ends here." for n in range(1, 31)]
    carried = (
        "1.4 The inspection found that the asylum backlog had fallen sharply, but that the quality of "
        "decisions had suffered, as the Home Office's own audits and the appeal tribunals' findings show, "
        "and that the Home Office had not yet set a service standard for the time it takes to decide a claim."
    )
    note = "2 ICIBI, 'An inspection of asylum casework' (published 29 February 2024)."
    data = make_pdf([*opening, Footnote(note), carried, "1.5 The next paragraph."])

    text = text_from_pdf(data)

    assert lines_of(text) == [*opening, carried, note, "1.5 The next paragraph."]


def test_a_paragraph_number_set_in_the_margin_stays_with_its_paragraph():
    paragraphs = [
        Hanging(
            f"3.{n}",
            f"Paragraph {n}: the Home Office should review how it records the outcome of each case, and "
            "publish what it finds, so that decision makers can see where the process falls short.",
        )
        for n in range(1, 9)
    ] + [Hanging("(a)", "a short element."), Hanging("(b)", "another.")]

    lines = lines_of(text_from_pdf(make_pdf(paragraphs)))

    assert lines == [f"{p.number} {p.text}" for p in paragraphs]


def test_a_word_broken_at_a_hyphen_is_joined_only_where_the_document_spells_it_whole():
    data = make_pdf(
        [
            "Each recommendation is numbered.",
            f"{filling_a_line_before('recom-')} mendation is made.",
            f"{filling_a_line_before('well-')} known procedure.",
        ]
    )

    lines = lines_of(text_from_pdf(data))

    assert lines[1].endswith(" recommendation is made.")
    assert lines[2].endswith(" well-known procedure."), "a real compound keeps its hyphen"


@pytest.mark.parametrize("prefix", ["000", "001", "003", "004"])
def test_a_seed_published_as_a_pdf_parses_as_its_text_does(prefix):
    text = next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")
    data = make_pdf(paragraphs_of(text), header="Home Office response", footer="OFFICIAL", marking="OFFICIAL")

    def found(document):
        return [
            (r.number, r.category, r.due_date, r.target_text, [(e.letter, e.category, e.due_date) for e in r.elements])
            for r in document.recommendations
        ]

    expected = found(parse_response(text))
    assert expected, "the seed has recommendations"
    assert found(parse_response(text_from_pdf(data))) == expected


def test_a_pdf_locked_with_a_password_is_refused_saying_to_paste_the_text():
    data = make_pdf(RECOMMENDATIONS, password="secret")

    with pytest.raises(PdfRefused, match="locked with a password.*paste it instead"):
        text_from_pdf(data)


def test_a_pdf_locked_only_against_changes_is_read():
    data = make_pdf(RECOMMENDATIONS, owner_password="owner")

    assert lines_of(text_from_pdf(data)) == RECOMMENDATIONS


def test_a_scan_without_a_text_layer_is_refused_saying_so():
    data = make_pdf(RECOMMENDATIONS, image_only=True)

    with pytest.raises(PdfRefused, match="no text to read: it may be a scan. Paste the text instead"):
        text_from_pdf(data)


def test_a_pdf_with_nothing_but_page_furniture_has_no_text_to_read():
    data = make_pdf(["\f", "\f"], marking="OFFICIAL", page_number="Page {n} of {total}")

    with pytest.raises(PdfRefused, match="no text to read"):
        text_from_pdf(data)


def test_a_govuk_page_printed_to_pdf_by_a_browser_loses_the_date_address_and_page_count():
    # A browser prints the date and time at the top, the address and "1/1" at the bottom.
    data = make_pdf(
        RECOMMENDATIONS,
        header="03/12/2026, 09:15",
        footer="https://www.gov.uk/government/publications/response-to-an-inspection/response",
        page_number="{n}/{total}",
    )

    assert lines_of(text_from_pdf(data)) == RECOMMENDATIONS


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"Recommendation 1\nAccepted\n", "This file is not a PDF"),
        (b"PK\x03\x04 a Word document", "This file is not a PDF"),
        (b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage", "damaged"),
        (b"", "This file is not a PDF"),
    ],
)
def test_a_file_that_is_not_a_readable_pdf_is_refused(data, message):
    with pytest.raises(PdfRefused, match=message):
        text_from_pdf(data)


def test_a_refusal_is_an_import_refusal_so_the_import_form_shows_it():
    with pytest.raises(ImportRefused):
        text_from_pdf(b"not a pdf")


def test_a_pdf_over_the_size_limit_is_refused_before_it_is_read(monkeypatch):
    data = make_pdf(RECOMMENDATIONS)
    monkeypatch.setattr(pdf, "MAX_PDF_BYTES", len(data) - 1)

    with pytest.raises(PdfRefused, match="the most the import reads is"):
        text_from_pdf(data)


def test_a_pdf_with_more_pages_than_the_limit_is_refused_naming_both():
    data = make_pdf(["One.", "\f", "Two.", "\f", "Three.", "\f", "Four."])

    with pytest.raises(PdfRefused, match="This PDF has 4 pages; the import reads at most 3"):
        text_from_pdf(data, max_pages=3)


def test_reading_stops_with_a_refusal_once_past_its_time():
    with pytest.raises(PdfRefused, match="took more than 0 seconds"):
        text_from_pdf(make_pdf(["One.", "\f", "Two."]), max_seconds=0)


def test_a_300_page_report_is_read_in_bounded_time():
    page = [
        "4.12 Staff told inspectors that the guidance was hard to find and that it changed often, so "
        "that they relied on colleagues rather than the published instructions when deciding claims.",
    ] * 12
    paragraphs = [part for n in range(300) for part in ([] if n == 0 else ["\f"]) + page]
    data = make_pdf(paragraphs, header="An inspection of asylum casework", marking="OFFICIAL")

    started = time.monotonic()
    text = text_from_pdf(data)

    assert time.monotonic() - started < pdf.PDF_SECONDS
    assert lines_of(text) == page * 300


SMALL_PDF = make_pdf(RECOMMENDATIONS[:4])


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_a_damaged_pdf_is_refused_with_a_message_never_an_error(data):
    """Bytes of a real PDF overwritten here and there, or cut short: text, or a refusal."""
    damaged = bytearray(SMALL_PDF)
    for _ in range(data.draw(st.integers(1, 20))):
        damaged[data.draw(st.integers(9, len(damaged) - 1))] = data.draw(st.integers(0, 255))
    damaged = bytes(damaged[: data.draw(st.integers(10, len(damaged)))])

    try:
        assert isinstance(text_from_pdf(damaged), str)
    except PdfRefused as refusal:
        assert str(refusal).endswith(("instead.", "paste them."))
