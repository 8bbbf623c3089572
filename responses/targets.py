"""Read a Home Office "target implementation date" as it was written.

``parse_target("Accepted - October 2026")`` gives ``(date(2026, 10, 31), "month")``:
the due date is the LAST day of the stated period, and the precision says how
wide that period was. Rules follow the project's domain document.

Standard library only, so it can be tested (and reused) without Django; the
Django side mirrors ``PRECISIONS`` in a TextChoices.

How it reads: the text is normalised, then a series of patterns runs from the
most specific ("31 March 2026") to the vaguest (a bare "2026"). Each match is
blanked out so a vaguer pattern cannot read it a second time. Anything that
still looks like a date afterwards means part of the text was not understood,
and we answer "unknown" rather than guess. Two different periods also give
"unknown": we do not pick one.

The clock is never read, so relative wording ("next year") is "unknown", while
wording that states no date at all ("ongoing", "within 6 months of
publication", "TBC") is "none".
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Callable

from icibi_tracker.dates import MAX_YEAR, MIN_YEAR

DAY = "day"
MONTH = "month"
QUARTER = "quarter"
SEASON = "season"
HALF = "half"
THIRD = "third"  # early / mid / late in a year
YEAR = "year"
NONE = "none"  # no date stated: blank, "ongoing", "as soon as possible"...
UNKNOWN = "unknown"  # a date was probably meant but could not be read safely

PRECISIONS = (DAY, MONTH, QUARTER, SEASON, HALF, THIRD, YEAR, NONE, UNKNOWN)
# The precisions that come with a due date, finest first (used to break ties
# when the same due date is written twice, e.g. "March 2026 (31 March 2026)").
DATED_PRECISIONS = (DAY, MONTH, QUARTER, SEASON, THIRD, HALF, YEAR)

Reading = tuple[datetime.date | None, str]  # a None date: looked like a date, is not one
Reader = Callable[[re.Match[str]], "Reading | None"]


def last_day_of_month(year: int, month: int) -> datetime.date:
    """The last day of a month, e.g. for "closed in November 2024"."""
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


# --- vocabulary -------------------------------------------------------------

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
    "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip

_UNIT_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")  # fmt: skip
_DAY_WORDS = {
    word: day
    for day, word in enumerate(
        (
            *_UNIT_ORDINALS,
            "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth",
            "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth",
            *(f"twenty-{word}" for word in _UNIT_ORDINALS),
            "thirtieth", "thirty-first",
        ),
        start=1,
    )
}  # fmt: skip

_COUNT_WORDS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
}  # fmt: skip

# Month in the year at which each period ends; past 12 runs into the next year.
_SEASON_END = {"spring": 5, "summer": 8, "autumn": 11, "fall": 11, "winter": 14}
_THIRD_END = {"early": 4, "mid": 8, "middle of": 8, "late": 12}
_FINANCIAL_YEAR_START = 3  # the UK financial year runs April to March


def _alternation(words) -> str:
    """A regex alternation of words; a hyphen also matches a space ("twenty first").
    Longest first, so "twenty-first" wins over "first" and "sept" over "sep"."""
    patterns = ("[- ]".join(map(re.escape, word.split("-"))) for word in words)
    return "|".join(sorted(patterns, key=len, reverse=True))


# --- regex fragments --------------------------------------------------------

_MONTH = rf"\b(?P<mon>{_alternation(_MONTHS)})\b\.?"
_YEAR = r"(?<!\d)(?P<y>\d{4})(?!\d)"
# The second year of a financial-year pair: "2024/25", "2024-2025", "2024 to 2025".
_PAIR = r"(?:\s*[/-]\s*|\s+to\s+)(?P<y2>\d{4}|\d{2})"
# One year, or a financial-year pair.
_YEARS = rf"(?<!\d)(?P<y1>\d{{4}})(?:{_PAIR})?(?!\d)"
_FINANCIAL = r"(?:fy|financial\s+year)"
# From "Q1" / "first half" to the year: "Q1 2027", "Q1 of financial year 2026/27",
# "Q3 of the 2026 to 2027 financial year".
_PERIOD_TO_YEARS = (
    rf"\s*,?\s*(?:(?:of|in)\s+)?(?:the\s+)?(?:(?P<fin>{_FINANCIAL})\s*(?:of\s+)?)?"
    rf"{_YEARS}(?P<fin2>\s+financial\s+year)?"
)

_FLAGS = re.ASCII  # only 0-9 are digits; odd Unicode digits are not dates

_ISO_RE = re.compile(
    r"(?<!\d)(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?!\d)",
    _FLAGS,
)
_NUMERIC_DMY_RE = re.compile(
    r"(?<!\d)(?P<d>\d{1,2})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4})(?!\d)",
    _FLAGS,
)
_DAY_MONTH_YEAR_RE = re.compile(
    rf"(?:(?<!\d)(?P<d>\d{{1,2}})(?:st|nd|rd|th)?|\b(?P<dw>{_alternation(_DAY_WORDS)})\b)"
    rf"\s+(?:of\s+)?{_MONTH}\s*,?\s*(?:of\s+)?{_YEAR}",
    _FLAGS,
)
_MONTH_DAY_YEAR_RE = re.compile(
    rf"{_MONTH}\s+(?:the\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s*,?\s*{_YEAR}",
    _FLAGS,
)
_QUARTER_RE = re.compile(
    r"\b(?:(?:q|quarter\s+)(?P<n>\d)"
    r"|(?P<nw>first|second|third|fourth|1st|2nd|3rd|4th|last|final)\s+quarter)\b" + _PERIOD_TO_YEARS,
    _FLAGS,
)
_HALF_RE = re.compile(
    r"\b(?:h(?P<n>\d)|(?P<nw>first|second|1st|2nd)\s+half)\b" + _PERIOD_TO_YEARS,
    _FLAGS,
)
_SEASON_RE = re.compile(
    rf"\b(?P<season>spring|summer|autumn|fall|winter)\s+(?:of\s+)?(?:the\s+)?{_YEARS}",
    _FLAGS,
)
_THIRD_RE = re.compile(
    r"\b(?P<third>early|mid|middle\s+of|late)(?:\s*-\s*|\s+)(?:in\s+)?(?:the\s+)?"
    rf"(?:(?:calendar\s+)?year\s+)?{_YEARS}",
    _FLAGS,
)
_FINANCIAL_YEAR_RE = re.compile(
    rf"(?:\b{_FINANCIAL}\s*(?:of\s+)?(?:the\s+)?)?"
    rf"(?<!\d)(?P<y1>\d{{4}}){_PAIR}(?!\d)(?:\s+financial\s+year)?",
    _FLAGS,
)
_MONTH_YEAR_RE = re.compile(rf"{_MONTH}\s*,?\s*(?:of\s+)?{_YEARS}", _FLAGS)
_BARE_YEAR_RE = re.compile(r"(?<!\d)(?P<y>(?:19|20|21)\d\d)(?!\d)", _FLAGS)

# A bare year counts only after wording that makes it a deadline ("by 2026",
# "the end of 2026", "calendar year 2026") or at the start / after punctuation
# ("Accepted - 2026"). Otherwise ("Smarch 2026", "Q5 2026", "financial year
# 2026") some of the text was not understood, so the year is left unread.
_YEAR_LEAD_RE = re.compile(
    r"(?:^|[-:;,(.\"']|\b(?:by|in|during|until|till|before|for|within|end\s+of|"
    r"(?<!financial )(?<!fiscal )(?<!academic )(?<!tax )year))\s*$",
    _FLAGS,
)

# Left over after all readings: some date-like text was not understood.
# Legislation titles ("Immigration Act 2016") are not target dates.
# "may" is left out of the month names: "we may..." is not a month.
_LEFTOVER_RE = re.compile(
    r"(?<!\d)(?<!act )(?:19|20|21)\d\d(?!\d)|\b[qh]\d\b"
    rf"|\b(?:{_alternation(set(_MONTHS) - {'may'})})\b",
    _FLAGS,
)

# Wording that states no date at all.
_NO_DATE_RE = re.compile(
    r"\b(?:as\s+soon\s+as\s+(?:possible|practicable)|asap|on-?\s?going|no\s+(?:\w+\s+)?dates?"
    r"|n/a|not\s+applicable|tb[acd]|to\s+be\s+(?:confirmed|agreed|decided|determined)"
    r"|not\s+accepted|within\s+\w+\s+(?:working\s+)?(?:days?|weeks?|months?|years?))\b",
    _FLAGS,
)

_CHAR_FIXES = str.maketrans(
    {
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
        "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
        "\x00": " ",  # reserved for blanking out what has been read
    }
)  # fmt: skip
_MASK = "\x00"


# --- small helpers ----------------------------------------------------------


def _year(text: str | None) -> int | None:
    if text is None:
        return None
    year = int(text)
    return year if MIN_YEAR <= year <= MAX_YEAR else None


def _years(match: re.Match[str]) -> tuple[int, bool] | None:
    """(first year, is a financial-year pair) from a _YEARS match, or None if
    unreadable. A pair must be consecutive years: "2024/25", "2024 to 2025"."""
    first = _year(match["y1"])
    second = match["y2"]
    if first is None or second is None:
        return (first, False) if first is not None else None
    expected = first + 1
    ok = int(second) == (expected if len(second) == 4 else expected % 100)
    return (first, True) if ok and expected <= MAX_YEAR else None


def _month_end(year: int, month: int) -> datetime.date:
    """Last day of a month counted from January of `year`; 14 is next February."""
    return last_day_of_month(year + (month - 1) // 12, (month - 1) % 12 + 1)


def _safe_date(year: int | None, month: int, day: int) -> datetime.date | None:
    if year is None:
        return None
    try:
        return datetime.date(year, month, day)
    except ValueError:  # "31 February 2026", "2026-13-01"
        return None


# --- readers: a match -> (due date or None if impossible, precision) --------
# A reader may return None to say "not a reading after all": the text is then
# left in place for the leftover check.


def _read_iso(m: re.Match[str]) -> Reading:
    return _safe_date(_year(m["y"]), int(m["m"]), int(m["d"])), DAY


def _read_written_day(m: re.Match[str]) -> Reading:
    day = int(m["d"]) if m["d"] else _DAY_WORDS[m["dw"].replace(" ", "-")]
    return _safe_date(_year(m["y"]), _MONTHS[m["mon"]], day), DAY


def _read_period(m: re.Match[str], size: int, precision: str) -> Reading:
    """A quarter (size 3 months) or half (size 6) of a calendar or financial year."""
    count = 12 // size
    label = m["nw"]
    if label in ("last", "final"):
        number = count
    else:
        number = _COUNT_WORDS[label] if label else int(m["n"])
    years = _years(m)
    if years is None or not 1 <= number <= count:
        return None, precision  # "Q5 2026", "H3 2026"
    start, pair = years
    if (m["fin"] or m["fin2"]) and not pair:
        return None, precision  # "Q1 FY 2026": which financial year is that?
    offset = _FINANCIAL_YEAR_START if pair else 0
    return _month_end(start, offset + number * size), precision


def _read_quarter(m: re.Match[str]) -> Reading:
    return _read_period(m, 3, QUARTER)


def _read_half(m: re.Match[str]) -> Reading:
    return _read_period(m, 6, HALF)


def _read_season(m: re.Match[str]) -> Reading:
    years = _years(m)
    season = m["season"]
    # Only winter spans two years ("Winter 2026/27"); "summer 2026/27" is unclear.
    if years is None or (years[1] and season != "winter"):
        return None, SEASON
    return _month_end(years[0], _SEASON_END[season]), SEASON


def _read_third(m: re.Match[str]) -> Reading:
    years = _years(m)
    if years is None or years[1]:
        return None, THIRD
    return _month_end(years[0], _THIRD_END[m["third"]]), THIRD


def _read_financial_year(m: re.Match[str]) -> Reading:
    years = _years(m)
    if years is None:
        return None, YEAR  # "2024/26": not consecutive
    return _month_end(years[0], _FINANCIAL_YEAR_START + 12), YEAR


def _read_month_year(m: re.Match[str]) -> Reading:
    years = _years(m)
    if years is None or years[1]:
        return None, MONTH  # "March 2024/25"
    return last_day_of_month(years[0], _MONTHS[m["mon"]]), MONTH


def _read_bare_year(m: re.Match[str]) -> Reading | None:
    # Only the few words just before the year matter; a bounded window keeps
    # long texts linear. ("^" still means the true start of the text.)
    if not _YEAR_LEAD_RE.search(m.string, max(0, m.start() - 40), m.start()):
        return None
    year = _year(m["y"])
    return (None if year is None else _month_end(year, 12)), YEAR


# Most specific first: each reading is blanked out before the next pattern runs.
_SCANNERS: tuple[tuple[re.Pattern[str], Reader], ...] = (
    (_ISO_RE, _read_iso),
    (_NUMERIC_DMY_RE, _read_iso),
    (_DAY_MONTH_YEAR_RE, _read_written_day),
    (_MONTH_DAY_YEAR_RE, _read_written_day),
    (_QUARTER_RE, _read_quarter),
    (_HALF_RE, _read_half),
    (_SEASON_RE, _read_season),
    (_THIRD_RE, _read_third),
    (_FINANCIAL_YEAR_RE, _read_financial_year),
    (_MONTH_YEAR_RE, _read_month_year),
    (_BARE_YEAR_RE, _read_bare_year),
)


def _normalise(text: str) -> str:
    """Straight dashes and quotes, single spaces (str.split also splits on
    non-breaking spaces), lower case."""
    return " ".join(text.translate(_CHAR_FIXES).split()).lower()


def _scan(text: str, pattern: re.Pattern[str], reader: Reader, readings: list[Reading]) -> str:
    """Record every reading of `pattern` and blank it out of the returned text."""

    def consume(match: re.Match[str]) -> str:
        reading = reader(match)
        if reading is None:
            return match.group()
        readings.append(reading)
        return _MASK * len(match.group())

    return pattern.sub(consume, text)


def parse_target(text: str | None) -> tuple[datetime.date | None, str]:
    """(due date, precision) for a target implementation date as written.

    The due date is the last day of the stated period, or None when the
    precision is "none" (no date stated) or "unknown" (could not be read
    without guessing). Never raises.
    """
    if text is None:
        return None, NONE
    if not isinstance(text, str):
        return None, UNKNOWN
    cleaned = _normalise(text)
    if not any(ch.isalnum() for ch in cleaned):
        return None, NONE  # blank, or only punctuation such as "-"

    readings: list[Reading] = []
    rest = cleaned
    for pattern, reader in _SCANNERS:
        rest = _scan(rest, pattern, reader, readings)

    if any(due is None for due, _ in readings) or _LEFTOVER_RE.search(rest):
        return None, UNKNOWN
    if not readings:
        return None, (NONE if _NO_DATE_RE.search(cleaned) else UNKNOWN)
    due_dates = {due for due, _ in readings}
    if len(due_dates) > 1:
        return None, UNKNOWN  # two different targets: do not pick one
    precision = min((p for _, p in readings), key=DATED_PRECISIONS.index)
    return due_dates.pop(), precision
