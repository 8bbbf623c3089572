"""Reading Home Office target implementation dates as written.

Plain pytest (no Django): responses.targets is standard library only.
"""

import calendar
import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from responses.targets import (
    DATED_PRECISIONS,
    PRECISIONS,
    last_day_of_month,
    parse_target,
)

D = datetime.date


def row(text, due, precision, id):
    return pytest.param(text, due, precision, id=id)


WRITTEN_FORMS = [
    # The domain document's own examples.
    row(
        "Date of implementation: February 2027",
        D(2027, 2, 28),
        "month",
        "date of implementation: a month",
    ),
    row(
        "Accepted - October 2026",
        D(2026, 10, 31),
        "month",
        "a category word before a month is not a date",
    ),
    row(
        "Partially Accepted - March 2026",
        D(2026, 3, 31),
        "month",
        "partially accepted then a month",
    ),
    row(
        "We will aim to complete these actions by April 2024",
        D(2024, 4, 30),
        "month",
        "a month in a sentence",
    ),
    row(
        "This recommendation will be completed by July 2024",
        D(2024, 7, 31),
        "month",
        "completed by a month",
    ),
    row("by the end of 2024", D(2024, 12, 31), "year", "by the end of a year"),
    row(
        "We will aim to complete this recommendation by the end of 2024.",
        D(2024, 12, 31),
        "year",
        "the end of a year in a sentence with a full stop",
    ),
    row(
        "an extension until 31 March 2026",
        D(2026, 3, 31),
        "day",
        "an extension until a day",
    ),
    row("Summer 2026", D(2026, 8, 31), "season", "summer ends on 31 August"),
    row("as soon as possible", None, "none", "as soon as possible states no date"),
    row("", None, "none", "an empty string states no date"),
    row(None, None, "none", "None states no date"),
    row("   \t\n ", None, "none", "whitespace states no date"),
    row("\u00a0\u202f", None, "none", "non-breaking spaces state no date"),
    row(" - ", None, "none", "a lone dash states no date"),
    # Days.
    row("31 March 2026", D(2026, 3, 31), "day", "day month year"),
    row("1st April 2025", D(2025, 4, 1), "day", "an ordinal day"),
    row("the 31st of March 2026", D(2026, 3, 31), "day", "the ordinal day of a month"),
    row("the twelfth of March 2026", D(2026, 3, 12), "day", "a day written as a word"),
    row("March 31, 2026", D(2026, 3, 31), "day", "month day comma year"),
    row("2026-03-31", D(2026, 3, 31), "day", "an ISO date"),
    row("31/03/2026", D(2026, 3, 31), "day", "a numeric date is read day first"),
    row("01/04/2025", D(2025, 4, 1), "day", "a numeric date is read UK style"),
    row(
        "Tuesday 31 March 2026 at the latest",
        D(2026, 3, 31),
        "day",
        "a day inside a sentence",
    ),
    row("29 February 2028", D(2028, 2, 29), "day", "a leap day in a leap year"),
    row("31 February 2026", None, "unknown", "an impossible day is unknown"),
    row("29 February 2027", None, "unknown", "a leap day outside a leap year is unknown"),
    row("2026-13-01", None, "unknown", "an impossible ISO month is unknown"),
    row("31/04/2026", None, "unknown", "an impossible numeric date is unknown"),
    # Months.
    row("end of March 2027", D(2027, 3, 31), "month", "the end of a month"),
    row("March 2027", D(2027, 3, 31), "month", "a month alone"),
    row("Mar 2027", D(2027, 3, 31), "month", "a short month name"),
    row("Sept 2026", D(2026, 9, 30), "month", "sept is september"),
    row("Sept. 2026", D(2026, 9, 30), "month", "an abbreviation with a full stop"),
    row("FEBRUARY 2028", D(2028, 2, 29), "month", "capitals and a leap february"),
    row(
        "Accepted \u2013 \u201cOctober 2026\u201d.",
        D(2026, 10, 31),
        "month",
        "en dash curly quotes and a full stop",
    ),
    row(
        "March 2026 and again in March 2026",
        D(2026, 3, 31),
        "month",
        "the same month twice is fine",
    ),
    row(
        "March 2026 (31 March 2026)",
        D(2026, 3, 31),
        "day",
        "the same due date twice keeps the finer precision",
    ),
    row(
        "Changes under the Immigration Act 2016 by March 2026",
        D(2026, 3, 31),
        "month",
        "the year of an act is not a target",
    ),
    # Calendar quarters.
    row("Q1 2027", D(2027, 3, 31), "quarter", "q1 of a calendar year"),
    row("first quarter of 2027", D(2027, 3, 31), "quarter", "the first quarter in words"),
    row("quarter 3 2026", D(2026, 9, 30), "quarter", "quarter then a number"),
    row("Q4 2026", D(2026, 12, 31), "quarter", "q4 of a calendar year"),
    row(
        "by the last quarter of 2026",
        D(2026, 12, 31),
        "quarter",
        "the last quarter is the fourth",
    ),
    # Financial quarters.
    row(
        "Q1 of financial year 2026/27",
        D(2026, 6, 30),
        "quarter",
        "q1 of a financial year ends in june",
    ),
    row("Q1 FY 2026-27", D(2026, 6, 30), "quarter", "q1 fy with a dash"),
    row("Q4 2026/27", D(2027, 3, 31), "quarter", "q4 of a financial year ends in march"),
    row(
        "Q3 of the 2026 to 2027 financial year",
        D(2026, 12, 31),
        "quarter",
        "q3 of a financial year in words",
    ),
    row("Q1 FY 2026", None, "unknown", "a financial quarter of a single year is unknown"),
    # Financial years.
    row(
        "for the 2024 to 2025 financial year",
        D(2025, 3, 31),
        "year",
        "the seed text financial year",
    ),
    row(
        "financial year 2024 to 2025",
        D(2025, 3, 31),
        "year",
        "financial year then the years",
    ),
    row("2024/25", D(2025, 3, 31), "year", "a slashed short financial year"),
    row("2024-25", D(2025, 3, 31), "year", "a dashed short financial year"),
    row("FY 2024-25", D(2025, 3, 31), "year", "fy and a dashed year"),
    row("FY2024/25", D(2025, 3, 31), "year", "fy stuck to the year"),
    row("2024/2025", D(2025, 3, 31), "year", "a slashed long financial year"),
    row(
        "2024 to 2025",
        D(2025, 3, 31),
        "year",
        "a bare year to year is a financial year",
    ),
    row("2024\u20132025", D(2025, 3, 31), "year", "an en dash between years"),
    row("2024/26", None, "unknown", "years that are not consecutive are unknown"),
    row(
        "financial year 2026",
        None,
        "unknown",
        "a financial year of one year is unknown",
    ),
    # Halves.
    row("first half of 2026", D(2026, 6, 30), "half", "the first half"),
    row("H1 2026", D(2026, 6, 30), "half", "h1"),
    row("second half of 2026", D(2026, 12, 31), "half", "the second half"),
    row("H2 2026", D(2026, 12, 31), "half", "h2"),
    row("H2 2026/27", D(2027, 3, 31), "half", "h2 of a financial year"),
    # Seasons.
    row("spring 2026", D(2026, 5, 31), "season", "spring ends on 31 may"),
    row("Autumn 2026", D(2026, 11, 30), "season", "autumn ends on 30 november"),
    row("fall 2026", D(2026, 11, 30), "season", "fall is autumn"),
    row(
        "winter 2027",
        D(2028, 2, 29),
        "season",
        "winter ends in the next february, a leap one",
    ),
    row("winter 2026", D(2027, 2, 28), "season", "winter ends in the next february"),
    row("Winter 2026/27", D(2027, 2, 28), "season", "winter across two years"),
    row("summer 2026/27", None, "unknown", "summer across two years is unknown"),
    # Early, mid and late.
    row("early 2027", D(2027, 4, 30), "third", "early ends on 30 april"),
    row("mid-2026", D(2026, 8, 31), "third", "mid with a hyphen"),
    row("mid 2026", D(2026, 8, 31), "third", "mid with a space"),
    row("mid\u20112026", D(2026, 8, 31), "third", "mid with a non breaking hyphen"),
    row("late 2025", D(2025, 12, 31), "third", "late ends on 31 december"),
    # Years.
    row("2026", D(2026, 12, 31), "year", "a year alone"),
    row("by 2026", D(2026, 12, 31), "year", "by a year"),
    row("end of 2026", D(2026, 12, 31), "year", "the end of a year"),
    row(
        "by the end of the year 2026",
        D(2026, 12, 31),
        "year",
        "the end of the year then the year",
    ),
    row(
        "end of the calendar year 2026",
        D(2026, 12, 31),
        "year",
        "the end of the calendar year",
    ),
    row("Accepted - 2026", D(2026, 12, 31), "year", "a category then a year"),
    row("1989", None, "unknown", "a year before 1990 is unknown"),
    row("by 2101", None, "unknown", "a year after 2100 is unknown"),
    row("March 2150", None, "unknown", "a month in an implausible year is unknown"),
    # No date stated.
    row(
        "within three months of the introduction of the IPM system",
        None,
        "none",
        "within months of an event",
    ),
    row("within 6 months of publication", None, "none", "within 6 months of publication"),
    row("ongoing", None, "none", "ongoing"),
    row("Ongoing", None, "none", "ongoing with a capital"),
    row("On-going.", None, "none", "on-going with a hyphen"),
    row("ASAP", None, "none", "asap"),
    row("no date given", None, "none", "no date given"),
    row("n/a", None, "none", "n/a"),
    row("N/A", None, "none", "n/a in capitals"),
    row("TBC", None, "none", "tbc"),
    row("to be confirmed", None, "none", "to be confirmed"),
    row("Not Accepted", None, "none", "not accepted with no date"),
    # Unreadable: never guess.
    row("sometime soon-ish", None, "unknown", "vague wording is unknown"),
    row("the twelfth of never", None, "unknown", "a day that never comes is unknown"),
    row("Q5 2026", None, "unknown", "a fifth quarter is unknown"),
    row("fifth quarter of 2027", None, "unknown", "a fifth quarter in words is unknown"),
    row("H3 2026", None, "unknown", "a third half is unknown"),
    row("Smarch 2026", None, "unknown", "a made up month is unknown"),
    row("next year", None, "unknown", "a year relative to today is unknown"),
    row("by June", None, "unknown", "a month with no year is unknown"),
    row("start of 2026", None, "unknown", "the start of a year is unknown"),
    row("2026 Q1", None, "unknown", "a quarter after its year is unknown"),
    row("31/03/26", None, "unknown", "a two digit year is unknown"),
    row(
        "CECPT will work to introduce this notification by June 2025. The review is due to complete in April 2025.",
        None,
        "unknown",
        "two different months are unknown",
    ),
    row(
        "Q1 2027 or 31 March 2026",
        None,
        "unknown",
        "a quarter and a different day are unknown",
    ),
    row("April 2024 to March 2025", None, "unknown", "a range of two months is unknown"),
]


@pytest.mark.parametrize(("text", "due", "precision"), WRITTEN_FORMS)
def test_each_written_form_reads_as_the_domain_document_says(text, due, precision):
    assert parse_target(text) == (due, precision)


def test_the_table_covers_every_precision():
    assert {param.values[2] for param in WRITTEN_FORMS} == set(PRECISIONS)


def test_precisions_are_the_strings_the_django_choices_mirror():
    assert PRECISIONS == (
        "day",
        "month",
        "quarter",
        "season",
        "half",
        "third",
        "year",
        "none",
        "unknown",
    )
    assert set(DATED_PRECISIONS) == set(PRECISIONS) - {"none", "unknown"}


@pytest.mark.parametrize(
    ("year", "month", "last_day"),
    [
        (2024, 11, D(2024, 11, 30)),
        (2028, 2, D(2028, 2, 29)),
        (2027, 2, D(2027, 2, 28)),
        (2026, 12, D(2026, 12, 31)),
    ],
    ids=["november", "leap february", "plain february", "december"],
)
def test_last_day_of_month_gives_the_month_end(year, month, last_day):
    assert last_day_of_month(year, month) == last_day


def test_anything_that_is_not_a_string_is_unknown_rather_than_an_error():
    assert parse_target(20260331) == (None, "unknown")


# Words and punctuation that the parser reacts to, shuffled into odd sentences
# so the property test below reaches its date-reading paths, not just junk.
DATE_ISH_WORDS = st.sampled_from(
    [
        "31", "1st", "twelfth", "of", "the", "end", "by", "March", "Sept.", "may", "winter", "summer",
        "early", "mid-", "late", "Q1", "Q5", "quarter", "first", "half", "H2", "FY", "financial", "year",
        "2024", "2025", "2026/27", "1989", "2101", "2026-02-30", "31/03/2026", "to", "-", "/", ",", "Act",
        "ongoing", "within", "months", "n/a", "\u2013", "\u00a0", "\x00",
    ]
)  # fmt: skip


@given(st.one_of(st.none(), st.text(), st.lists(DATE_ISH_WORDS, max_size=12).map(" ".join)))
def test_any_text_gives_an_allowed_precision_and_a_date_only_when_dated(text):
    due, precision = parse_target(text)
    assert precision in PRECISIONS
    if precision in ("none", "unknown"):
        assert due is None
    else:
        assert isinstance(due, datetime.date)


@given(st.dates(min_value=D(2000, 1, 1), max_value=D(2099, 12, 31)))
def test_any_written_day_reads_back_as_that_day(day):
    assert parse_target(day.strftime("%-d %B %Y")) == (day, "day")


@given(st.integers(min_value=1990, max_value=2100), st.integers(min_value=1, max_value=12))
def test_any_month_name_and_year_reads_as_the_last_day_of_that_month(year, month):
    last_day = calendar.monthrange(year, month)[1]
    assert parse_target(f"{calendar.month_name[month]} {year}") == (
        D(year, month, last_day),
        "month",
    )
