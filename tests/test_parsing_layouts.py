"""Each published layout the parser reads, on a short excerpt of a real document from tests/corpus.

Plain pytest (no Django). The whole-corpus score is asserted in tests/test_import_corpus.py.
"""

from datetime import date

import pytest

from responses.layouts import to_headings
from responses.parsing import ACCEPTED, CUT_OFF, IN_PRINCIPLE, NOT_ACCEPTED, PARTIALLY_ACCEPTED, parse_response


def read(text):
    return parse_response(text.strip())


def reference_map(document):
    found = {}
    for rec in document.recommendations:
        found[rec.number] = rec
        found.update({rec.number + element.letter: element for element in rec.elements})
    return found


# --- numbered recommendations answered in numbered paragraphs -----------------

ASYLUM_2021 = """
The Home Office response to the recommendations:
The Home Office should:
1. Introduce, as a matter of urgency, a published service standard
1.1. Accepted.
1.2. We are working to reintroduce a service standard.
2. Prioritise claims for unaccompanied asylum-seeking children (UASC), as per the Immigration Rules
2.1. Accepted.
2.2. In May 2021 – and since the ICIBI inspection – the Department established two dedicated case working Hubs.
"""


def test_numbered_recommendations_take_their_category_from_paragraph_n_1_and_their_narrative_from_the_rest():
    document = read(ASYLUM_2021)
    assert [(r.number, r.category, r.text[:9], r.response_text[:15]) for r in document.recommendations] == [
        ("1", ACCEPTED, "Introduce", "We are working "),
        ("2", ACCEPTED, "Prioritis", "In May 2021 – a"),
    ]


def test_a_date_in_the_narrative_about_what_was_done_is_not_a_target():
    rec = read(ASYLUM_2021).recommendations[1]
    assert (rec.target_text, rec.due_date) == ("", None)


def test_a_lettered_first_element_on_the_number_line_starts_the_elements():
    document = read("""
The Home Office response to the recommendations:
1 a) Reduce the 6-month service standard to be more closely aligned with leave to remain applications.
b) With a view to increasing efficiency, review and formalise the mechanisms for validating ILR applications.
1.1 Partially Accepted
1.2 We commit to undertaking a review of service standards.
""")
    (rec,) = document.recommendations
    assert (rec.category, [e.letter for e in rec.elements]) == (PARTIALLY_ACCEPTED, ["a", "b"])
    assert rec.elements[0].text.startswith("Reduce the 6-month")


def test_a_numbered_recommendation_heading_is_one_heading_and_a_verdict_sentence_gives_a_flagged_category():
    (rec,) = read("""
Border Force response to the recommendations:
1. RECOMMENDATION 1: Ensures that all arrests and search of person (SOP) are justified.
1.1 Border Force accepts this recommendation.
1.2 Searches of person are permitted under S164 of the Customs and Excise Management Act (CEMA) 1979.
""").recommendations
    assert (rec.number, rec.category, rec.text) == (
        "1",
        ACCEPTED,
        "Ensures that all arrests and search of person (SOP) are justified.",
    )
    assert any("Border Force accepts this recommendation" in flag for flag in rec.flags)


def test_under_a_heading_a_repeated_number_and_paragraph_numbers_are_not_elements():
    (rec,) = read("""
Recommendation 1
1. The Home Office should:
Ensure it has the means to track hyperlinks to guidance embedded within other guidance documents.
1.1 Accepted.
1.2 The Home Office understands that this recommendation relates to hyperlinks.
""").recommendations
    assert (rec.category, rec.elements, rec.response_text) == (
        ACCEPTED,
        [],
        "The Home Office understands that this recommendation relates to hyperlinks.",
    )


def test_a_lone_bullet_without_a_lead_in_is_the_recommendation_text():
    (rec,) = read("""
Recommendation 1
- Reconsider its response to the May 2016 recommendation from ICIBI.
1.1 Partially accepted
1.2 The Home Office accepts the recommendation insofar as we will review it.
""").recommendations
    assert (rec.text, rec.elements, rec.category) == (
        "Reconsider its response to the May 2016 recommendation from ICIBI.",
        [],
        PARTIALLY_ACCEPTED,
    )


def test_numbered_paragraphs_that_answer_nothing_are_not_recommendations():
    assert to_headings(["1. We have accepted many of the reviewers’ recommendations.", "2. Where we have not."]) == [
        "1. We have accepted many of the reviewers’ recommendations.",
        "2. Where we have not.",
    ]


# --- categories ----------------------------------------------------------------


@pytest.mark.parametrize(
    "line, category",
    [
        ("Accept", ACCEPTED),
        ("Accept in full", ACCEPTED),
        ("Agreed", ACCEPTED),
        ("Partially agreed", PARTIALLY_ACCEPTED),
        ("Not agreed", NOT_ACCEPTED),
        ("1.1 Not accepted.", NOT_ACCEPTED),
        ("Accepted in principle", ACCEPTED),
    ],
)
def test_each_category_word_maps_to_one_category(line, category):
    (rec,) = read(f"Recommendation 1\nPublish the guidance.\n{line}\nWe will publish it.").recommendations
    assert rec.category == category
    assert (IN_PRINCIPLE in rec.flags) == ("principle" in line)


def test_element_categories_in_headings_with_a_dash_and_brackets():
    (rec,) = read("""
Recommendation 2
Do both:
(a) one
(b) two
Recommendation 2(a) Accept in full
We will do one.
Recommendation 2b – partially accepted
We will do part of two.
""").recommendations
    assert [(e.letter, e.category) for e in rec.elements] == [("a", ACCEPTED), ("b", PARTIALLY_ACCEPTED)]


def test_bracketed_labels_give_the_recommendation_its_elements_and_an_element_category():
    document = read("""
Response to recommendations
3. There are two overarching recommendations by the ICIBI.
4.
[1] The Home Office’s Country Policy Information Team (CPIT) should:
[a] Consider how the delineation between country information and policy guidance can be made clear; and
[b] … [consider] what mechanism might be agreed with ICIBI.
[1a] – Not accepted
5. The first concerns the clear delineation of policy guidance and COI, which we consider is already in place.
""")
    found = reference_map(document)
    assert sorted(found) == ["1", "1a", "1b"]
    assert (found["1"].category, found["1a"].category, found["1b"].category) == (None, NOT_ACCEPTED, None)


# --- targets -------------------------------------------------------------------


def test_a_labelled_expected_implementation_date_is_the_target():
    (rec,) = read("""
Recommendation 1
Implement effective training programmes across Border Force.
Accepted
As part of an ongoing programme, work is already underway to train greater numbers of staff.
Home Office expected implementation date: 31 March 2024.
""").recommendations
    assert (rec.due_date, rec.due_precision) == (date(2024, 3, 31), "day")


OPENING_TARGET = "with recommendation 1 due to be implemented by the end of April 2023."


def test_a_target_in_the_opening_that_names_the_recommendation_is_its_target_and_flagged():
    (rec,) = read(f"""
Four recommendations (2, 3, 4 and 5) of the five recommendations have already been implemented, {OPENING_TARGET}
Recommendation 1
Review the ‘interim’ status of the Complexity Application Routing Solution (CARS).
Accepted
This recommendation has been accepted and will be implemented shortly.
""").recommendations
    assert (rec.target_text, rec.due_date, rec.due_precision) == (
        "by the end of April 2023",
        date(2023, 4, 30),
        "month",
    )
    assert any("opening paragraph" in flag for flag in rec.flags)


CLOSING_TARGET = (
    "UKVI will decide the outstanding, on hold applications as a matter of priority "
    "but in any event no later than the end of the calendar year (2022)."
)


def test_a_closing_sentence_that_commits_to_a_date_is_the_target_and_flagged():
    (rec,) = read(f"""
The Home Office should:
1. Adult dependent relative applications: Develop a clear plan with timescales to resolve the applications on hold.
1.1 Accepted
1.2 UKVI have begun decision-making against this cohort. {CLOSING_TARGET}
""").recommendations
    assert (rec.due_date, rec.due_precision) == (date(2022, 12, 31), "year")
    assert any("last sentence" in flag for flag in rec.flags)


@pytest.mark.parametrize(
    "narrative",
    [
        # A commitment in mid-paragraph is not the closing sentence.
        "1.2 We will review findings by March 2023. Timescales will need to take account of several factors.",
        # A sentence the copy cut off is never read as a target.
        "1.2 We commit to a review.\n1.3 By March 2023, we will review and forma",
    ],
)
def test_dates_inside_the_narrative_or_in_a_cut_off_sentence_are_not_targets(narrative):
    (rec,) = read(
        f"1 a) Reduce the service standard.\nb) Review the mechanisms.\n1.1 Partially Accepted\n{narrative}"
    ).recommendations
    assert (rec.target_text, rec.due_date) == ("", None)


@pytest.mark.parametrize(
    "recommendation",
    [
        "1. Within 3 months, introduce an enhanced first-line assurance mechanism focused on record keeping.",
        "1. Without further delays, implement the recommendations, resourcing it so that it is completed during "
        "2021-22, or if this is not possible, by a specified later date.",
        "1. By the end of 2019-20, carry out a thorough and open needs analysis for Country of Origin Information.",
    ],
)
def test_a_recommendations_own_wording_is_never_a_target(recommendation):
    (rec,) = read(
        f"The Home Office should:\n{recommendation}\n1.1 Partially accepted.\n1.2 We will continue the work."
    ).recommendations
    assert (rec.target_text, rec.due_date, rec.due_precision) == ("", None, "none")


# --- an ICIBI report's recommendations list ----------------------------------

REPORT_LIST = """
Following the inspection, 9 recommendations were put forward.
1. Introduce, as a matter of urgency, a published service standard.
2. Prioritise claims for unaccompanied asylum seeking children (UASC), as per the
Immigration Rules.20
4. Revisit recommendation four from the 2017 ICIBI inspection of asylum intake and casework,
with specific reference to:
a. Screening
Ensure standardised training for all those conducting screening interviews across Immigration
Enforcement, Border Force and UK Visas and Immigration.
b. Quality assurance
Urgently finalise and implement training for Tech Specs.
"""


def test_a_report_list_reads_numbered_recommendations_and_stops_at_a_number_out_of_order():
    document = read(REPORT_LIST)
    assert document.kind == "report"
    # "4." after "2." is not recommendation 3: it stays in 2's text for a person to see.
    assert [r.number for r in document.recommendations] == ["1", "2"]


def test_a_report_list_joins_lines_wrapped_by_a_pdf_and_drops_a_footnote_number_stuck_to_a_word():
    rec = read(REPORT_LIST.replace("4. Revisit", "3. Revisit")).recommendations[1]
    assert (
        rec.text == "Prioritise claims for unaccompanied asylum seeking children (UASC), as per the Immigration Rules."
    )


def test_a_headed_sub_list_keeps_each_heading_with_its_text():
    rec = read(REPORT_LIST.replace("4. Revisit", "3. Revisit")).recommendations[2]
    assert [(e.letter, e.text.split("\n")) for e in rec.elements] == [
        (
            "a",
            [
                "Screening",
                "Ensure standardised training for all those conducting screening interviews across Immigration",
                "Enforcement, Border Force and UK Visas and Immigration.",
            ],
        ),
        ("b", ["Quality assurance", "Urgently finalise and implement training for Tech Specs."]),
    ]


def test_a_report_list_of_bullets_after_it_says_recommendations_follow():
    document = read("""
Mr Bolt directs four recommendations at the Home Office:
  • Produce a SMART Action Plan to ensure that all areas of the Home Office are briefed.
  • Engage with other central government departments and agencies.
""")
    assert [(r.number, r.text[:7]) for r in document.recommendations] == [("1", "Produce"), ("2", "Engage ")]


def test_bullets_after_findings_are_not_recommendations():
    document = read("""
The inspection found that the initial implementation of the new provisions was problematic:
  • the Home Office did not communicate effectively with registrars
  • new processes were cumbersome.
""")
    assert document.recommendations == []


def test_pdf_page_furniture_is_dropped():
    document = read("""
Page 1: An inspection of asylum intake and casework · Independent Chief Inspector
2
The UK Border Agency response to the recommendations:
Recommendation 1: Records the outcome of allegations.
Accepted
""")
    assert document.recommendations[0].text == "Records the outcome of allegations."
    assert "Page 1" not in document.opening


# --- the opening summary -----------------------------------------------------


def test_accepted_all_recommendations_gives_a_recommendation_without_a_line_its_category():
    document = read("""
The ICIBI has made three recommendations. The Home Office has accepted all recommendations.
Recommendation 1
Bring about a change in the cultural mindset.
Accepted
Recommendation 2
Quality is re-established within the decisi
""")
    assert [r.category for r in document.recommendations] == [ACCEPTED, ACCEPTED]


def test_categories_listed_in_brackets_in_the_opening():
    document = read("""
The Home Office has accepted four recommendations (2, 3, 4 and 6) and partially accepted two (1 and 5).
Recommendation 1
Introduce a published service standard.
Recommendation 2
Identify vulnerable claimants.
""")
    assert [r.category for r in document.recommendations] == [PARTIALLY_ACCEPTED, ACCEPTED]


# --- a text cut off ----------------------------------------------------------


def test_a_text_cut_off_mid_sentence_is_read_as_far_as_it_goes_and_says_where_it_stops():
    document = read("""
Recommendation 1
Implement effective training programmes across Border Force.
Accepted
Home Office expected implementation date: 31 March 2024.
Recommendation 2
Implement effective oversight and assurance mechanisms to ensure that roving officers a
""")
    assert [r.number for r in document.recommendations] == ["1", "2"]
    assert any("stops mid-sentence" in note and "roving officers a" in note for note in document.flags)
    assert CUT_OFF in document.recommendations[1].flags and CUT_OFF not in document.recommendations[0].flags
    assert (document.recommendations[1].category, document.recommendations[1].due_date) == (None, None)


def test_a_text_that_stops_short_of_the_count_it_gives_says_so():
    document = read("""
The Department has accepted or partially accepted seven of the ICIBI’s eight recommendations.
The Home Office should:
1. Continue to implement the recommendations from previous reviews.
1.1 Partially Accepted
1.2 We will continue to implement those recommendations. 
""")
    assert any("after recommendation 1, of the 8" in note for note in document.flags)


def test_a_count_of_an_earlier_reports_recommendations_is_not_this_ones():
    # Seed 003's background: a count of the 2021 inspection's, not of its own three.
    document = read("""
Of the nine recommendations made in the 2021 inspection of asylum casework, one remained open.
This report makes 2 recommendations.
Recommendation 1
Publish a service standard.
Recommendation 2
Train the decision makers.
""")
    assert not any("says it makes" in note or "of the 9" in note for note in document.flags)
    earlier_only = read(
        "Of the nine recommendations made in the 2021 inspection, one remained open.\n"
        "Recommendation 1\nPublish a service standard.\n"
    )
    assert not any("9" in note for note in earlier_only.flags)


@pytest.mark.parametrize(
    "ending",
    [
        "Date of inspection: May to July 2023.",
        # A summary table's row, flattened: the recommendation then its category.
        "1. By the end of 2019-20, carry out a thorough needs analysis. Accepted",
        # A target line, as seed 000 ends.
        "Date of implementation: April 2027",
    ],
)
def test_a_finished_text_says_nothing_about_being_cut_off(ending):
    document = read(f"Recommendation 1\nCarry out a needs analysis.\nAccepted\nWe accept it.\n{ending}")
    assert not any("cut off" in note for note in document.flags)


@pytest.mark.parametrize(
    "line, due, precision",
    [
        ("Target date: 31 March 2025", date(2025, 3, 31), "day"),
        ("Timescale: December 2024", date(2024, 12, 31), "month"),
        ("Date of implementation: December 2026", date(2026, 12, 31), "month"),
        ("Home Office expected implementation date: 31 March 2024.", date(2024, 3, 31), "day"),
    ],
)
def test_each_labelled_target_line_gives_the_due_date(line, due, precision):
    (rec,) = read(f"Recommendation 1\nPublish the guidance.\nAccepted\nWe will publish it.\n{line}").recommendations
    assert (rec.target_text, rec.due_date, rec.due_precision) == (line, due, precision)
