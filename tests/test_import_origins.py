"""Beside each field the import preview shows the pasted line it was read from, so a person checks it in
seconds: the parser's origins, through every layout's rewriting, and the preview that shows them."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from responses.importing import correct
from responses.origins import Origin
from responses.parsing import parse_response

from . import factories
from .test_parsing import as_govuk_page

TESTS = Path(__file__).resolve().parent
CORPUS = TESTS / "corpus"
SEEDS = TESTS / "seeds"


def document(path):
    return path.read_text(encoding="utf-8")


def seed(prefix):
    return document(next(SEEDS.glob(f"{prefix}_*.txt")))


def by_reference(parsed):
    found = {}
    for rec in parsed.recommendations:
        found[rec.number] = rec
        found.update({rec.number + element.letter: element for element in rec.elements})
    return found


def origins(text):
    """{reference: {field: (line number, the line as pasted)}}."""
    return {
        reference: {name: (origin.number, origin.text) for name, origin in item.origins.items()}
        for reference, item in by_reference(parse_response(text)).items()
    }


def test_a_category_line_and_a_target_sentence_point_at_their_own_lines():
    found = origins(seed("004"))
    assert found["1"] == {
        "text": (17, "Ensure that for each enforcement visit:"),
        "category": (25, "Accepted"),
        "target_text": (39, "We will aim to complete these actions by April 2024."),
    }
    assert found["1a"]["category"] == (27, "Recommendation 1a - accepted")
    assert found["1b"]["text"] == (21, "(b) all mandatory checks are completed and fully recorded.")


def test_a_target_after_the_category_points_at_that_line():
    assert origins(seed("001"))["1"]["target_text"] == (11, "Accepted - October 2026")


def test_numbered_paragraphs_point_at_the_lines_as_pasted_not_as_rewritten():
    # The layout rewrites "1. Introduce…" into a "Recommendation 1" heading and "1.1. Accepted." into "Accepted.".
    found = origins(document(CORPUS / "asylum-casework-2021-response.txt"))
    assert found["1"]["text"] == (21, "1. Introduce, as a matter of urgency, a published service standard")
    assert found["1"]["category"] == (23, "1.1. Accepted.")
    assert found["2"]["category"] == (29, "2.1. Accepted.")


def test_a_bracketed_element_category_points_at_its_bracketed_line():
    found = origins(document(CORPUS / "coi-albania-pakistan-2024-response.txt"))
    assert found["1a"]["category"] == (29, "[1a] – Not accepted")
    assert found["1b"]["text"][1].startswith("[b] … [consider] what mechanism")


def test_a_bulleted_report_list_points_at_each_bullet():
    found = origins(document(CORPUS / "heathrow-2015-report-list.txt"))
    assert found["1"] == {"text": (15, "– To maintain accurate records for every passenger in detention.")}
    assert found["6"]["text"][0] == 20


def test_a_category_or_target_from_the_opening_points_at_the_opening_line():
    summary = parse_response(document(CORPUS / "asylum-casework-2026-response.txt")).recommendations[1]
    assert (summary.number, summary.category, summary.origins["category"].number) == ("2", "accepted", 4)
    # A long line is shown from where the field was read.
    assert summary.origins["category"].excerpt.startswith("…The Home Office has accepted all recommendations")

    opening = parse_response(document(CORPUS / "visit-visa-2023-response.txt")).recommendations[0]
    assert opening.target_text == "by the end of April 2023"
    assert opening.origins["target_text"].number == 15
    assert opening.origins["target_text"].excerpt.endswith("due to be implemented by the end of April 2023.")


def test_a_category_stated_in_a_sentence_points_at_the_sentence_in_its_paragraph():
    found = parse_response(seed("001")).recommendations[2].elements
    assert [(element.letter, element.origins.get("category")) for element in found][:2] == [
        ("a", None),  # stated nowhere: the person reads the response
        ("b", found[1].origins["category"]),
    ]
    origin = found[1].origins["category"]
    assert origin.number == 32
    assert origin.excerpt.startswith("…All other elements b) to d) are accepted.")
    assert len(origin.excerpt) <= 122  # 120 characters and the two "…"


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt")) + sorted(SEEDS.glob("*.txt")), ids=lambda path: path.stem)
def test_every_field_read_points_at_the_pasted_line_it_came_from(path):
    text = document(path)
    pasted = text.splitlines()
    for reference, item in by_reference(parse_response(text)).items():
        read = {"text": item.text, "category": item.category, "target_text": item.target_text}
        assert set(item.origins) == {name for name, value in read.items() if value}, reference
        for name, origin in item.origins.items():
            assert origin.text == " ".join(pasted[origin.number - 1].split()), (reference, name)
            if name != "category":  # the line holds the first words read (a footnote number aside)
                first_words = re.sub(r"[0-9]", "", read[name].split("\n")[0][:20])
                assert first_words in re.sub(r"[0-9]", "", origin.text), (reference, name)


def test_a_web_page_points_at_the_same_lines_of_its_visible_text():
    text = seed("004")
    as_text, as_page = origins(text), origins(as_govuk_page(text))
    assert {ref: {name: line for name, (_, line) in fields.items()} for ref, fields in as_page.items()} == {
        ref: {name: line for name, (_, line) in fields.items()} for ref, fields in as_text.items()
    }


def test_a_long_line_is_shown_from_its_start_with_whole_words():
    origin = Origin(7, "word " * 60)
    assert origin.excerpt.endswith("word…")
    assert len(origin.excerpt) <= 121
    assert Origin(7, "1.1 Accepted.").excerpt == "1.1 Accepted."


def test_a_corrected_field_no_longer_points_at_a_line():
    parsed = parse_response(seed("004"))
    correct(parsed, {"1": {"category": "partially_accepted"}, "2": {"target_text": "June 2025"}})
    first, second = parsed.recommendations[:2]
    assert set(first.origins) == {"text", "target_text"}
    assert set(second.origins) == {"text", "category"}


# --- the preview ----------------------------------------------------------------


@pytest.fixture
def inspection(db):
    return factories.inspection(slug="enforcement-visits", short_title="Enforcement visits")


def test_the_preview_shows_each_field_with_the_line_it_was_read_from(staff_client, inspection):
    preview = staff_client.post(
        reverse("admin:inspections_inspection_import", args=[inspection.pk]), {"text": seed("004")}
    )
    html = preview.content.decode()
    assert preview.status_code == 200
    assert '<div class="help" id="origin-category-1a">Line 27: “Recommendation 1a - accepted”</div>' in html
    assert "Line 39: “We will aim to complete these actions by April 2024.”" in html
    assert "Line 17: “Ensure that for each enforcement visit:”" in html
    # Read aloud with the field it explains.
    assert 'aria-label="Category of 1a" aria-describedby="origin-category-1a"' in html
    assert 'aria-describedby="origin-target_text-1"' in html
