"""Reading published Home Office responses and ICIBI reports into recommendations.

Plain pytest (no Django): responses.parsing is standard library only. The
expected structures below are what a careful reader records from the seed
documents; they agree with fixtures/real_data.json.
"""

import html
import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from responses.html_text import looks_like_html, text_from_html
from responses.parsing import (
    ACCEPTED,
    NOT_ACCEPTED,
    PARTIALLY_ACCEPTED,
    PROSE_ONLY,
    TEXT_AFTER_RESPONSE,
    parse_response,
)
from responses.targets import DATED_PRECISIONS, PRECISIONS

PARTIALLY = PARTIALLY_ACCEPTED
SEEDS = Path(__file__).resolve().parent / "seeds"


def seed(prefix):
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def first_words(text, count=4):
    return " ".join(text.split()[:count])


def items(document):
    """(reference, item) for every recommendation and element: ("2", rec), ("2a", element)..."""
    for rec in document.recommendations:
        yield rec.number, rec
        for element in rec.elements:
            yield rec.number + element.letter, element


def words(document):
    """Reference, first words of the text, category, whether flagged, first words of the response."""
    return [
        (ref, first_words(item.text), item.category, bool(item.flags), first_words(item.response_text, 3))
        for ref, item in items(document)
    ]


def targets(document):
    return [(ref, item.target_text, item.due_date, item.due_precision) for ref, item in items(document)]


def by_reference(document):
    return dict(items(document))


def one_recommendation(body):
    """The single recommendation read from a small response."""
    (rec,) = parse_response(f"Recommendation 1\n\n{body}").recommendations
    return rec


# --- seed 000: Border Force refusals (one heading per element) ----------------


def test_seed_000_gives_recommendation_1_and_the_five_individually_answered_elements_of_2():
    assert words(parse_response(seed("000"))) == [
        ("1", "Border Force should expedite", ACCEPTED, False, "The Home Office"),
        ("2", "Assuming some form of", None, False, ""),
        ("2a", "A clear aim with", ACCEPTED, False, "The Home Office"),
        ("2b", "UK-wide leadership and governance", ACCEPTED, True, "The Home Office"),
        ("2c", "The priority of this", ACCEPTED, False, "The Home Office"),
        ("2d", "Training and mentoring programmes", ACCEPTED, False, "The Home Office"),
        ("2e", "Data requirements and standards", ACCEPTED, True, "The Home Office"),
    ]


def test_seed_000_gives_each_element_its_own_date_of_implementation():
    assert targets(parse_response(seed("000"))) == [
        ("1", "Date of implementation: February 2027", date(2027, 2, 28), "month"),
        ("2", "", None, "none"),
        ("2a", "Date of implementation: December 2026", date(2026, 12, 31), "month"),
        ("2b", "Date of implementation: March 2027", date(2027, 3, 31), "month"),
        ("2c", "Date of implementation: March 2027", date(2027, 3, 31), "month"),
        ("2d", "Date of implementation: March 2027", date(2027, 3, 31), "month"),
        ("2e", "Date of implementation: April 2027", date(2027, 4, 30), "month"),
    ]


def test_seed_000_lets_the_heading_decide_the_letter_and_flags_the_label_that_disagrees():
    found = by_reference(parse_response(seed("000")))
    assert found["2b"].text.startswith("UK-wide leadership")
    assert any("“a.”" in flag for flag in found["2b"].flags)
    assert found["2e"].text.startswith("Data requirements")
    assert any("“1.”" in flag for flag in found["2e"].flags)


def test_seed_000_keeps_the_lead_in_repeated_under_each_element_heading_once():
    rec_2 = by_reference(parse_response(seed("000")))["2"]
    assert rec_2.text == (
        "Assuming some form of face-to-face interaction at the physical border is part of any future model, "
        "the current model of refusals at the border needs a complete overhaul that defines:"
    )


def test_seed_000_lettered_paragraphs_inside_a_response_are_not_elements():
    rec_1 = by_reference(parse_response(seed("000")))["1"]
    assert rec_1.elements == []
    assert "a. An intelligent border system" in rec_1.response_text
    assert "Date of implementation" not in rec_1.response_text


# --- seed 001: clandestine entrants (categories in prose) -------------------


def test_seed_001_gives_seven_recommendations_with_elements_flagged_where_only_prose_decides():
    assert words(parse_response(seed("001"))) == [
        ("1", "Designate a Home Office-wide", ACCEPTED, False, "The Home Office"),
        ("2", "Review the range of", PARTIALLY, False, "The Home Office"),
        ("2a", "revisiting ICIBI’s previous recommendation", None, True, ""),
        ("2b", "specifying what information the", None, True, ""),
        ("2c", "commissioning research into the", None, True, ""),
        ("3", "Overhaul training provision for", PARTIALLY, False, "The Home Office"),
        ("3a", "providing IFC2 training within", None, True, ""),
        ("3b", "extending the training to", ACCEPTED, False, "All other elements"),
        ("3c", "including in the training", ACCEPTED, False, "All other elements"),
        ("3d", "ensuring that the level", ACCEPTED, False, "All other elements"),
        ("3e", "encouraging officers to acquire", None, True, ""),
        ("4", "Install an integrated ANPR", NOT_ACCEPTED, False, "We fully appreciate"),
        ("5", "Within three months of", ACCEPTED, False, "The Home Office"),
        ("6", "Produce and publish an", PARTIALLY, False, "The Home Office"),
        ("6a", "publishing a telephone number", None, True, ""),
        ("6b", "improving the information provided", None, True, ""),
        ("6c", "producing, and keeping up-to-date", None, True, ""),
        ("6d", "clearing the backlog of", None, True, ""),
        ("7", "Produce and publish an", PARTIALLY, False, "The Home Office"),
        ("7a", "data about the numbers", None, True, ""),
        ("7b", "the level of penalties", None, True, ""),
        ("7c", "an assessment of the", None, True, ""),
        ("7d", "planned amendments and improvements,", None, True, ""),
    ]


def test_seed_001_reads_the_target_after_the_category_and_leaves_elements_without_one():
    assert targets(parse_response(seed("001"))) == [
        ("1", "October 2026", date(2026, 10, 31), "month"),
        ("2", "March 2026", date(2026, 3, 31), "month"),
        ("2a", "", None, "none"),
        ("2b", "", None, "none"),
        ("2c", "", None, "none"),
        ("3", "March 2026", date(2026, 3, 31), "month"),
        ("3a", "", None, "none"),
        ("3b", "", None, "none"),
        ("3c", "", None, "none"),
        ("3d", "", None, "none"),
        ("3e", "", None, "none"),
        ("4", "", None, "none"),
        ("5", "March 2026", date(2026, 3, 31), "month"),
        ("6", "March 2026", date(2026, 3, 31), "month"),
        ("6a", "", None, "none"),
        ("6b", "", None, "none"),
        ("6c", "", None, "none"),
        ("6d", "", None, "none"),
        ("7", "March 2026", date(2026, 3, 31), "month"),
        ("7a", "", None, "none"),
        ("7b", "", None, "none"),
        ("7c", "", None, "none"),
        ("7d", "", None, "none"),
    ]


def test_seed_001_accepts_elements_b_to_d_with_the_sentence_that_says_so_as_their_response():
    found = by_reference(parse_response(seed("001")))
    for ref in ("3b", "3c", "3d"):
        assert found[ref].response_text == "All other elements b) to d) are accepted."


def test_seed_001_never_guesses_a_category_from_prose_such_as_we_do_not_accept_the_need():
    found = by_reference(parse_response(seed("001")))
    assert "we do not accept the need to commission additional research" in found["2"].response_text
    assert found["2c"].category is None
    assert PROSE_ONLY in found["2c"].flags


def test_seed_001_recommendation_texts_keep_their_lead_in_and_leave_out_the_elements():
    found = by_reference(parse_response(seed("001")))
    assert found["2"].text.endswith("operational deployments. This should include:")
    assert found["3"].text.endswith("can be deployed flexibly, in particular:")
    assert "IFC2" not in found["3"].text


def test_seed_001_categories_agree_with_the_opening_paragraph_so_nothing_is_flagged_for_it():
    document = parse_response(seed("001"))
    assert document.kind == "response"
    assert document.flags == []
    assert not any("opening paragraph" in flag for rec in document.recommendations for flag in rec.flags)


def test_the_opening_paragraph_gives_the_category_when_a_recommendation_has_no_category_line():
    text = seed("001").replace("Accepted - October 2026\n", "")
    rec_1 = by_reference(parse_response(text))["1"]
    assert rec_1.category == ACCEPTED
    assert rec_1.text.startswith("Designate a Home Office-wide")
    assert rec_1.response_text.startswith("The Home Office (HO) agrees")
    assert rec_1.flags  # where the text ends was inferred, and there is no target


def test_a_category_line_that_disagrees_with_the_opening_paragraph_is_flagged():
    text = seed("001").replace("Not Accepted\n", "Accepted\n")
    rec_4 = by_reference(parse_response(text))["4"]
    assert rec_4.category == ACCEPTED
    assert any("opening paragraph says not accepted" in flag for flag in rec_4.flags)


# --- seed 002: a news story -------------------------------------------------------


def test_seed_002_a_news_story_gives_no_recommendations():
    document = parse_response(seed("002"))
    assert document.recommendations == []
    assert document.flags


# --- seed 003: an ICIBI report ----------------------------------------------------


def test_seed_003_a_report_gives_its_three_recommendations_and_their_elements_without_categories():
    document = parse_response(seed("003"))
    assert document.kind == "report"
    assert words(document) == [
        ("1", "Bring about a change", None, False, ""),
        ("2", "Quality is re-established within", None, False, ""),
        ("2a", "defining overall aims for", None, False, ""),
        ("2b", "simplifying and clarifying the", None, False, ""),
        ("2c", "defining the importance of", None, False, ""),
        ("2d", "reviewing the appropriateness of", None, False, ""),
        ("2e", "publishing a new service", None, False, ""),
        ("2f", "reviewing operational practices to", None, False, ""),
        ("3", "Embed feedback and lessons", None, False, ""),
        ("3a", "developing existing operational feedback", None, False, ""),
        ("3b", "developing feedback loops for", None, False, ""),
        ("3c", "lessons learnt exercises to", None, False, ""),
    ]
    assert {(target, due, precision) for _, target, due, precision in targets(document)} == {("", None, "none")}


def test_seed_003_recommendation_text_includes_the_it_is_suggested_paragraph():
    found = by_reference(parse_response(seed("003")))
    assert found["1"].text.split("\n\n")[1].startswith("It is suggested that consideration could be given")
    assert found["2"].text.endswith(
        "It is suggested that this could best be achieved through a system-wide approach that considers:"
    )
    assert found["2e"].text == "publishing a new service standard as soon as possible"


def test_seed_003_reads_neither_the_contents_page_nor_the_older_recommendations_quoted_in_annex_a():
    document = parse_response(seed("003"))
    texts = " ".join(item.text for _, item in items(document))
    assert [rec.number for rec in document.recommendations] == ["1", "2", "3"]
    assert "Identify vulnerable claimants" not in texts
    assert "Inspection findings" not in texts


# --- seed 004: illegal working enforcement (element responses) ---------------------


def test_seed_004_gives_six_accepted_recommendations_with_element_responses_for_1_and_4():
    assert words(parse_response(seed("004"))) == [
        ("1", "Ensure that for each", ACCEPTED, False, ""),
        ("1a", "planning sufficiently considers and", ACCEPTED, False, "Immigration Enforcement already"),
        ("1b", "all mandatory checks are", ACCEPTED, False, "Mandatory checks are"),
        ("1c", "reconnaissance is conducted in", ACCEPTED, False, "The opening line"),
        ("2", "Implement a system to", ACCEPTED, False, "Immigration Enforcement will"),
        ("3", "Ensure that immigration officers", ACCEPTED, False, "Immigration Enforcement already"),
        ("4", "In relation to assurance:", ACCEPTED, False, ""),
        ("4a", "as a matter of", ACCEPTED, False, "A new assurance"),
        ("4b", "ensure that second-line assurance", ACCEPTED, False, "Second line assurance"),
        ("4c", "review feedback delivery mechanisms", ACCEPTED, False, "We will engage"),
        ("5", "Implement a standardised procedure", ACCEPTED, False, "Immigration Enforcement will"),
        ("6", "Set out clear objectives", ACCEPTED, True, "Objectives for illegal"),
    ]


def test_seed_004_gives_the_target_after_the_last_element_response_to_the_recommendation():
    assert targets(parse_response(seed("004"))) == [
        ("1", "We will aim to complete these actions by April 2024.", date(2024, 4, 30), "month"),
        ("1a", "", None, "none"),
        ("1b", "", None, "none"),
        ("1c", "", None, "none"),
        ("2", "We will aim to complete these actions by the end of 2024.", date(2024, 12, 31), "year"),
        ("3", "We will aim to complete this by April 2024.", date(2024, 4, 30), "month"),
        ("4", "This recommendation will be completed by July 2024.", date(2024, 7, 31), "month"),
        ("4a", "", None, "none"),
        ("4b", "", None, "none"),
        ("4c", "", None, "none"),
        ("5", "We will aim to complete this recommendation by the end of 2024.", date(2024, 12, 31), "year"),
        ("6", "We will aim to have this completed by April 2024.", date(2024, 4, 30), "month"),
    ]


def test_seed_004_recovers_recommendation_6_text_written_after_the_response_and_flags_it():
    rec_6 = by_reference(parse_response(seed("004")))["6"]
    assert rec_6.text == (
        "Set out clear objectives for illegal working activity and establish metrics to measure performance "
        "against those objectives."
    )
    assert rec_6.flags == [TEXT_AFTER_RESPONSE]
    assert "Set out clear objectives" not in rec_6.response_text


def test_seed_004_element_texts_lose_their_labels_and_keep_their_words():
    found = by_reference(parse_response(seed("004")))
    assert found["1b"].text == "all mandatory checks are completed and fully recorded."
    assert found["1a"].response_text.startswith("Immigration Enforcement already has processes in place")
    assert "  " not in found["1a"].response_text


# --- the same content as a GOV.UK page ----------------------------------------------


def as_govuk_page(text):
    """The text as GOV.UK would serve it: headings, paragraphs, scripts and site furniture."""
    blocks = []
    for line in filter(None, (line.strip() for line in text.splitlines())):
        tag = "h2" if re.fullmatch(r"Recommendation \w+( - \w+)?", line) else "p"
        blocks.append(f"<{tag}>{html.escape(line).replace('’', '&rsquo;')}</{tag}>")
    return (
        "<!DOCTYPE html><html lang='en'><head><title>Response</title>"
        "<script>document.write('Recommendation 9')</script><style>p { color: red }</style></head>"
        "<body><a href='#main' class='govuk-skip-link'>Skip to main content</a>"
        "<nav><a href='/'>Home</a> <a href='/x'>Recommendation 8</a></nav>"
        f"<main id='main'>{''.join(blocks)}<script>alert('Recommendation 7')</script></main>"
        "<footer><p>Is this page useful?</p><p>© Crown copyright</p></footer></body></html>"
    )


@pytest.mark.parametrize("prefix", ["000", "001", "004"])
def test_a_govuk_page_parses_the_same_as_its_text(prefix):
    page = as_govuk_page(seed(prefix))
    assert looks_like_html(page)
    assert parse_response(page) == parse_response(seed(prefix))


def test_script_content_never_appears_in_any_text():
    document = parse_response(as_govuk_page(seed("004")))
    for _, item in items(document):
        for text in (item.text, item.response_text, item.target_text):
            assert "document.write" not in text and "alert(" not in text


def test_text_from_html_keeps_block_breaks_and_drops_scripts_styles_head_nav_and_footer():
    page = (
        "<html><head><title>Title</title><style>b{}</style></head><body><nav>Menu</nav>"
        "<h2>Recommendation 1</h2><p>Publish the <b>guidance</b> &amp; the &lsquo;toolkit&rsquo;.</p>"
        "<p>Accepted<br>March&nbsp;2026</p><script>var x = '<p>no</p>';</script><footer>Footer</footer></body></html>"
    )
    assert text_from_html(page) == "Recommendation 1\n\nPublish the guidance & the ‘toolkit’.\n\nAccepted\nMarch 2026"


def test_html_lists_keep_the_letters_a_browser_would_show():
    page = "<p>Recommendation 1</p><p>This should include:</p><ol type='a'><li>first</li><li>second</li></ol>"
    assert text_from_html(page) == "Recommendation 1\n\nThis should include:\n\na. first\n\nb. second"
    assert [(e.letter, e.text) for e in parse_response(page).recommendations[0].elements] == [
        ("a", "first"),
        ("b", "second"),
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("<p>Recommendation 1</p><p>Accepted</p>", True),
        ("<!DOCTYPE html><html><body>x</body></html>", True),
        (seed("001"), False),
        ("Spend < 5% on <b>this</b> and more", False),
        ("", False),
    ],
)
def test_looks_like_html_tells_markup_from_prose(text, expected):
    assert looks_like_html(text) is expected


# --- the forms real documents use -----------------------------------------------------


@pytest.mark.parametrize(
    "lines",
    [
        ["a. first", "b. second"],
        ["a) first", "b) second"],
        ["(a) first", "(b) second"],
        ["- a. first", "- b. second"],
        ["• first", "• second"],
        ["1. first", "2. second"],
    ],
)
def test_lettered_bulleted_and_numbered_items_become_elements_a_and_b(lines):
    rec = one_recommendation("\n".join(["In relation to assurance:", *lines, "Accepted"]))
    assert rec.text == "In relation to assurance:"
    assert [(e.letter, e.text) for e in rec.elements] == [("a", "first"), ("b", "second")]


def test_bullets_and_numbers_are_lettered_in_order_and_flagged():
    rec = one_recommendation("Do this:\n1. first\n2. second\nAccepted")
    assert any("lettered a, b, c" in flag for flag in rec.flags)


def test_numbered_items_that_restart_in_each_recommendation_give_letters_per_recommendation():
    document = parse_response(
        "Recommendation 1\nDo:\n1. one\n2. two\nAccepted\n\nRecommendation 2\nAlso:\n1. three\nAccepted"
    )
    assert [[e.letter for e in rec.elements] for rec in document.recommendations] == [["a", "b"], ["a"]]


@pytest.mark.parametrize(
    "line, category, target_text",
    [
        ("Accepted", ACCEPTED, ""),
        ("Partially accepted", PARTIALLY, ""),
        ("Partially Accepted - March 2026", PARTIALLY, "March 2026"),
        ("Not Accepted", NOT_ACCEPTED, ""),
        ("Accepted - October 2026", ACCEPTED, "October 2026"),
        ("Accepted – October 2026", ACCEPTED, "October 2026"),
    ],
)
def test_a_category_line_gives_the_category_and_any_target_after_the_dash(line, category, target_text):
    rec = one_recommendation(f"Publish the guidance.\n{line}\nThe Home Office agrees.")
    assert (rec.category, rec.target_text) == (category, target_text)
    assert rec.response_text == "The Home Office agrees."


@pytest.mark.parametrize(
    "sentence, due, precision",
    [
        ("Date of implementation: February 2027", date(2027, 2, 28), "month"),
        ("We will aim to complete these actions by April 2024.", date(2024, 4, 30), "month"),
        ("This recommendation will be completed by July 2024.", date(2024, 7, 31), "month"),
        ("We will aim to complete this recommendation by the end of 2024.", date(2024, 12, 31), "year"),
    ],
)
def test_a_target_sentence_is_kept_as_written_with_its_due_date(sentence, due, precision):
    rec = one_recommendation(f"Publish the guidance.\nAccepted\nWe will review it.\n{sentence}")
    assert (rec.target_text, rec.due_date, rec.due_precision) == (sentence, due, precision)
    assert rec.response_text == "We will review it."


def test_a_target_that_cannot_be_read_is_kept_marked_unknown_and_flagged():
    rec = one_recommendation("Publish the guidance.\nAccepted\nDate of implementation: Smarch 2026")
    assert (rec.target_text, rec.due_date, rec.due_precision) == (
        "Date of implementation: Smarch 2026",
        None,
        "unknown",
    )
    assert any("Smarch 2026" in flag for flag in rec.flags)


def test_element_headings_with_their_own_category_take_it_from_the_heading():
    rec = one_recommendation(
        "In relation to X:\n(a) one\n(b) two\nPartially accepted\n"
        "Recommendation 1a - accepted\nWe will do one.\nRecommendation 1b - not accepted\nWe will not do two."
    )
    assert [(e.letter, e.category, e.response_text) for e in rec.elements] == [
        ("a", ACCEPTED, "We will do one."),
        ("b", NOT_ACCEPTED, "We will not do two."),
    ]


def test_a_sentence_naming_elements_gives_their_category_and_the_rest_are_flagged():
    rec = one_recommendation(
        "Do:\n(a) one\n(b) two\n(c) three\nPartially accepted\n"
        "We agree in part. Elements (a) and (c) are not accepted. We will look at (b)."
    )
    assert [(e.letter, e.category, bool(e.flags)) for e in rec.elements] == [
        ("a", NOT_ACCEPTED, False),
        ("b", None, True),
        ("c", NOT_ACCEPTED, False),
    ]


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("All other elements b) to d) are accepted.", {"b": ACCEPTED, "c": ACCEPTED, "d": ACCEPTED}),
        ("Elements (a) and (c) are not accepted.", {"a": NOT_ACCEPTED, "c": NOT_ACCEPTED}),
        ("We do not accept points a and b.", {"a": NOT_ACCEPTED, "b": NOT_ACCEPTED}),
        ("The Home Office partially accepts part c.", {"c": PARTIALLY}),
        ("With regard to points a. and b. the contact details are on gov.uk.", {}),
        ("However, we do not accept the need to commission additional research.", {}),
    ],
)
def test_only_a_sentence_that_names_elements_and_a_category_gives_them_one(sentence, expected):
    rec = one_recommendation(f"Do:\n(a) one\n(b) two\n(c) three\n(d) four\nPartially accepted\nWe agree. {sentence}")
    assert {e.letter: e.category for e in rec.elements if e.category} == expected


def test_a_heading_can_carry_the_recommendation_text():
    rec = parse_response("Recommendation 3: Publish the guidance.\nAccepted - May 2027").recommendations[0]
    assert (rec.number, rec.text, rec.category, rec.due_date) == (
        "3",
        "Publish the guidance.",
        ACCEPTED,
        date(2027, 5, 31),
    )


def test_page_furniture_never_reaches_a_recommendation():
    rec = one_recommendation(
        "Publish the guidance.\nSkip to main content\nAccepted\nPolicy paper\nWe agree.\nPublished 25 June 2026\n"
        "Updated 1 March 2024\nsite advertisement\nWe will aim to complete this by April 2027.\n"
        "View Original | AusPol.co Disclaimer\nHave Your Say\nIs this page useful?\nReport a problem with this page"
    )
    assert (rec.text, rec.response_text, rec.target_text) == (
        "Publish the guidance.",
        "We agree.",
        "We will aim to complete this by April 2027.",
    )


# --- what it flags rather than guesses --------------------------------------------------


def test_a_duplicate_recommendation_number_is_flagged_and_only_the_first_read():
    document = parse_response("Recommendation 1\nDo X.\nAccepted\nRecommendation 1\nDo Y.\nNot accepted")
    (rec,) = document.recommendations
    assert (rec.text, rec.category) == ("Do X.", ACCEPTED)
    assert rec.flags and document.flags


def test_an_element_heading_whose_recommendation_never_appeared_is_flagged():
    document = parse_response(
        "Recommendation 1\nDo X.\nAccepted\nWe will aim to complete this by April 2027.\n"
        "Recommendation 3b - accepted\nWe will do it."
    )
    rec_3 = by_reference(document)["3"]
    assert [(e.letter, e.category, e.text, e.response_text) for e in rec_3.elements] == [
        ("b", ACCEPTED, "", "We will do it.")
    ]
    assert rec_3.flags and rec_3.elements[0].flags
    assert any("1, 3" in note for note in document.flags)


def test_a_recommendation_without_any_category_in_a_response_is_flagged():
    document = parse_response("Recommendation 1\nDo X.\nAccepted\nRecommendation 2\nDo Y.")
    assert by_reference(document)["2"].flags


# --- it never raises ------------------------------------------------------------------------

SEED_LINES = sorted({line for prefix in ("000", "001", "002", "003", "004") for line in seed(prefix).splitlines()})
FORMS = [
    "Recommendation 1",
    "Recommendation 2a",
    "Recommendation 1a - accepted",
    "Recommendation 3: Do it",
    "Recommendation 2(b)",
    "Accepted",
    "Partially Accepted - March 2026",
    "Not Accepted - Smarch",
    "(a) x",
    "b) y",
    "- c. z",
    "1. w",
    "• v",
    "3. Recommendations",
    "4. Inspection findings:",
    "Annex A: old",
    "All other elements b) to z) are accepted.",
    "The Home Office has accepted recommendations one and nine; not accepted recommendation 0",
    "We will aim to complete this by the end of 2024.",
    "",
]
MARKUP = [
    "<p>",
    "</p>",
    "<script>",
    "</script>",
    "<ol type='a' start='x'>",
    "<li>",
    "</ol>",
    "<br/>",
    "<head>",
    "<body>",
]
MARKUP += ["</nav>", "<nav>", "<!--", "-->", "<![CDATA[", "&amp;", "&#", "<", ">", "<pre>", "</pre>", "<!DOCTYPE html>"]


def assert_well_formed(document):
    assert document.kind in ("response", "report")
    numbers = [rec.number for rec in document.recommendations]
    assert len(numbers) == len(set(numbers)) and all(number.isdigit() for number in numbers)
    for rec in document.recommendations:
        letters = [element.letter for element in rec.elements]
        assert len(letters) == len(set(letters))
        for item in (rec, *rec.elements):
            assert item.category in (None, ACCEPTED, PARTIALLY_ACCEPTED, NOT_ACCEPTED)
            assert item.due_precision in PRECISIONS
            assert (item.due_date is not None) == (item.due_precision in DATED_PRECISIONS)


@settings(deadline=None)
@given(st.text())
def test_parse_response_never_raises_on_any_text(text):
    assert_well_formed(parse_response(text))


@settings(deadline=None)
@given(st.lists(st.one_of(st.sampled_from(SEED_LINES), st.sampled_from(FORMS), st.text(max_size=30)), max_size=60))
def test_parse_response_never_raises_on_seed_lines_mixed_with_junk(lines):
    assert_well_formed(parse_response("\n".join(lines)))


@settings(deadline=None)
@given(st.lists(st.one_of(st.sampled_from(MARKUP), st.sampled_from(FORMS), st.text(max_size=10)), max_size=40))
def test_text_from_html_and_parse_response_never_raise_on_broken_markup(parts):
    page = "".join(parts)
    assert isinstance(text_from_html(page), str)
    assert_well_formed(parse_response(page))


@settings(deadline=None)
@given(st.text())
def test_text_from_html_never_raises_on_any_text(text):
    assert isinstance(text_from_html(text), str)
