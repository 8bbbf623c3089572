"""The real fixtures hold what the seed documents say, and nothing they do not."""

import datetime

import pytest

from inspections.models import Inspection
from recommendations.models import Recommendation
from responses.models import HomeOfficeResponse, ProgressUpdate, TargetRevision
from responses.targets import parse_target

from .conftest import TODAY

pytestmark = pytest.mark.usefixtures("real_data")

Status = Recommendation.Status

# Seed 001: "accepted recommendations one and five; partially accepted recommendations
# two, three, six and seven; and not accepted recommendation four".
CLANDESTINE_CATEGORIES = {
    1: "accepted",
    2: "partially_accepted",
    3: "partially_accepted",
    4: "not_accepted",
    5: "accepted",
    6: "partially_accepted",
    7: "partially_accepted",
}


def recs(slug):
    return Recommendation.objects.filter(inspection__slug=slug).order_by("number")


def test_every_inspection_in_the_seeds_and_the_earlier_asylum_reports_is_recorded():
    assert set(Inspection.objects.values_list("slug", flat=True)) == {
        "asylum-casework-2021",
        "asylum-casework-2023",
        "asylum-casework-2025",
        "clandestine-entrants-2024",
        "illegal-working-enforcement-2023",
        "border-force-refusals-2026",
    }


@pytest.mark.parametrize(
    "slug, count",
    [
        ("clandestine-entrants-2024", 7),
        ("illegal-working-enforcement-2023", 6),
        ("border-force-refusals-2026", 2),
        ("asylum-casework-2025", 3),
        ("asylum-casework-2021", 1),  # of nine, the documents quote one
        ("asylum-casework-2023", 6),  # only those the 2025 report quotes
    ],
)
def test_recommendations_per_inspection_match_the_documents(slug, count):
    assert recs(slug).count() == count


def test_clandestine_entrants_categories_are_as_the_response_states():
    categories = dict(recs("clandestine-entrants-2024").values_list("number", "category"))
    assert categories == CLANDESTINE_CATEGORIES


def test_clandestine_entrants_recommendation_3_records_element_categories_only_where_stated():
    rec = recs("clandestine-entrants-2024").get(number=3)
    answered = {r.sub_element.letter: r.category for r in rec.responses.exclude(sub_element=None)}
    assert answered == {"b": "accepted", "c": "accepted", "d": "accepted"}
    flagged = {e.letter for e in rec.sub_elements.all() if e.review_note}
    assert flagged == {"a", "e"}


def test_clandestine_entrants_2a_keeps_the_earlier_recommendation_as_a_quote_without_inventing_its_report():
    element = recs("clandestine-entrants-2024").get(number=2).sub_elements.get(letter="a")
    assert "Produce a detailed monthly analysis of clandestine entry attempts" in element.text
    assert element.restates is None
    assert "do not name" in element.review_note


def test_clandestine_entrants_publication_facts():
    inspection = Inspection.objects.get(slug="clandestine-entrants-2024")
    assert inspection.sent_on == datetime.date(2025, 2, 4)
    assert inspection.published_on == datetime.date(2025, 3, 25)
    assert inspection.fieldwork == "August 2024 – November 2024"
    assert inspection.days_to_publication == 49
    assert inspection.published_within_commitment is True


def test_refusals_recommendation_2_has_five_elements_each_accepted_with_its_own_date():
    rec = recs("border-force-refusals-2026").get(number=2)
    dates = {r.sub_element.letter: r.due_date for r in rec.responses.select_related("sub_element")}
    assert dates == {
        "a": datetime.date(2026, 12, 31),
        "b": datetime.date(2027, 3, 31),
        "c": datetime.date(2027, 3, 31),
        "d": datetime.date(2027, 3, 31),
        "e": datetime.date(2027, 4, 30),
    }
    assert not rec.responses.filter(sub_element=None).exists()
    assert rec.category == "accepted"  # rolled up from the elements


def test_illegal_working_recommendation_1_is_one_tracked_item_with_one_date_for_its_elements():
    rec = recs("illegal-working-enforcement-2023").get(number=1)
    tracked = HomeOfficeResponse.objects.tracked().filter(recommendation=rec)
    assert [(r.sub_element_id, r.due_date) for r in tracked] == [(None, datetime.date(2024, 4, 30))]
    assert rec.responses.exclude(sub_element=None).count() == 3


def test_illegal_working_targets_run_from_april_2024_to_the_end_of_2024():
    due = {
        r.recommendation.number: (r.due_date, r.due_precision)
        for r in HomeOfficeResponse.objects.filter(
            recommendation__inspection__slug="illegal-working-enforcement-2023", sub_element=None
        ).select_related("recommendation")
    }
    assert due == {
        1: (datetime.date(2024, 4, 30), "month"),
        2: (datetime.date(2024, 12, 31), "year"),
        3: (datetime.date(2024, 4, 30), "month"),
        4: (datetime.date(2024, 7, 31), "month"),
        5: (datetime.date(2024, 12, 31), "year"),
        6: (datetime.date(2024, 4, 30), "month"),
    }


def test_stored_due_dates_are_those_the_target_parser_reads_from_the_text():
    for response in HomeOfficeResponse.objects.all():
        assert (response.due_date, response.due_precision) == parse_target(response.target_text), response


def test_the_asylum_casework_2025_report_has_no_response_and_is_awaiting_one():
    assert set(recs("asylum-casework-2025").values_list("status", flat=True)) == {Status.AWAITING_RESPONSE}
    inspection = Inspection.objects.get(slug="asylum-casework-2025")
    assert inspection.published == "June 2026"
    assert inspection.days_to_publication_is_approximate


def test_the_extension_to_31_march_2026_is_in_the_ledger_and_is_the_current_target():
    revision = TargetRevision.objects.get()
    assert revision.new_due_date == datetime.date(2026, 3, 31)
    assert revision.previous_due_date is None  # the original target was never recorded
    response = revision.response
    assert response.current_due_date == datetime.date(2026, 3, 31)
    assert response.slippage_days is None
    assert response.recommendation.owner.name == "Transformation team"
    assert response.recommendation.is_overdue(TODAY)


def test_the_service_standard_chain_runs_from_2021_through_2023_to_2e_of_2025():
    latest = recs("asylum-casework-2025").get(number=2)
    chain = latest.restatement_chain()
    assert [link.inspection.slug for link in chain] == [
        "asylum-casework-2021",
        "asylum-casework-2023",
        "asylum-casework-2025",
    ]
    assert chain[0].inspection.published_on == datetime.date(2021, 11, 18)
    assert [link.status for link in chain[:2]] == [Status.SUPERSEDED, Status.SUPERSEDED]
    assert latest.sub_elements.get(letter="e").restates == chain[1]


def test_annex_a_closures_and_the_disputed_recommendation_4():
    closed = {r.number: (r.status, r.closed_in_words) for r in recs("asylum-casework-2023").exclude(number=None)}
    assert closed == {
        2: (Status.CLOSED, "November 2024"),
        3: (Status.CLOSED, "29 February 2024"),
        4: (Status.DISPUTED, "29 February 2024"),
        6: (Status.CLOSED, "November 2024"),
    }
    rec_4 = recs("asylum-casework-2023").get(number=4)
    assert rec_4.assessment == Recommendation.Assessment.PARTIALLY_IMPLEMENTED
    concerns = ProgressUpdate.objects.filter(recommendation=rec_4).values_list("sub_element__letter", flat=True)
    assert sorted(concerns) == ["a", "b"]


def test_owners_are_only_those_the_documents_name():
    owned = Recommendation.objects.exclude(owner=None).values_list("owner__name", "inspection__slug", "number")
    assert sorted(owned, key=str) == sorted(
        [
            ("Border Security Command", "clandestine-entrants-2024", 1),
            ("Transformation team", "asylum-casework-2023", None),
        ],
        key=str,
    )


def test_numbers_the_documents_do_not_give_stay_empty():
    assert Recommendation.objects.filter(number=None).count() == 3
