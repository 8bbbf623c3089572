"""Plain functions: ages in words and re-statement chains."""

import datetime

import pytest

from icibi_tracker.wording import age_in_words
from recommendations.models import year_before
from recommendations.restatement import chain_containing, chains

SERVICE_STANDARD_FIRST_MADE = datetime.date(2021, 11, 18)


@pytest.mark.parametrize(
    "end, words",
    [
        (datetime.date(2026, 6, 30), "nearly five years"),  # when the 2025 report was published
        (datetime.date(2026, 11, 23), "just over five years"),  # today in the domain document
        (datetime.date(2026, 11, 18), "five years"),
        (datetime.date(2027, 3, 1), "over five years"),
        (datetime.date(2022, 2, 18), "three months"),
        (datetime.date(2021, 12, 17), "29 days"),
        (datetime.date(2021, 11, 19), "one day"),
        (datetime.date(2022, 11, 17), "eleven months"),
    ],
)
def test_age_in_words(end, words):
    assert age_in_words(SERVICE_STANDARD_FIRST_MADE, end) == words


def test_a_chain_runs_from_first_made_to_latest():
    assert chains([(201, 101), (602, 201)]) == [[101, 201, 602]]


def test_separate_chains_stay_separate_and_in_order():
    assert chains([(5, 3), (2, 1), (9, 5)]) == [[1, 2], [3, 5, 9]]


def test_a_loop_in_bad_data_ends_the_chain_instead_of_spinning():
    assert chains([(2, 1), (3, 2), (1, 3)]) == []
    assert chains([(2, 1), (3, 2), (2, 3)]) == [[1, 2, 3]]


def test_the_chain_containing_a_recommendation():
    edges = [(201, 101), (602, 201), (8, 7)]
    assert chain_containing(chains(edges), 201) == [101, 201, 602]
    assert chain_containing(chains(edges), 42) == [42]


def test_the_last_12_months_start_a_year_before_even_from_29_february():
    assert year_before(datetime.date(2026, 11, 23)) == datetime.date(2025, 11, 23)
    assert year_before(datetime.date(2028, 2, 29)) == datetime.date(2027, 2, 28)


def test_a_recommendation_re_stated_twice_gives_a_chain_for_each_branch():
    edges = [(201, 101), (602, 201), (700, 101)]
    assert chains(edges) == [[101, 201, 602], [101, 700]]
    assert chain_containing(chains(edges), 700) == [101, 700]
