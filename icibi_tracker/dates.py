"""Dates that carry a precision.

Documents give many facts loosely ("published June 2026", "closed in November
2024", "by the end of 2024"). The tracker keeps the last day of the stated
period with its precision, and never makes up a day.
"""

import calendar
import datetime
import functools
import re

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models


class Precision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    QUARTER = "quarter", "Quarter"
    SEASON = "season", "Season"
    HALF = "half", "Half year"
    THIRD = "third", "Early, mid or late year"
    YEAR = "year", "Year"
    NONE = "none", "No date"
    UNKNOWN = "unknown", "Could not be read: check"


class FactPrecision(models.TextChoices):
    """How exactly a document dates a past event."""

    DAY = Precision.DAY.value, "Day"
    MONTH = Precision.MONTH.value, "Month only"
    YEAR = Precision.YEAR.value, "Year only"


def end_of_period(date, precision):
    """The last day of the day, month or year that `date` falls in."""
    if date is None:
        return None
    if precision == FactPrecision.MONTH:
        return date.replace(day=calendar.monthrange(date.year, date.month)[1])
    if precision == FactPrecision.YEAR:
        return datetime.date(date.year, 12, 31)
    return date


def start_of_period(date, precision):
    """The first day of the day, month or year that `date` falls in."""
    if date is None:
        return None
    if precision == FactPrecision.MONTH:
        return date.replace(day=1)
    if precision == FactPrecision.YEAR:
        return datetime.date(date.year, 1, 1)
    return date


def describe(date, precision):
    """The date as a person would write it, no more exact than it is known."""
    if date is None:
        return ""
    if precision == Precision.MONTH:
        return date.strftime("%B %Y")
    if precision == Precision.YEAR:
        return str(date.year)
    return f"{date.day} {date.strftime('%B %Y')}"


def fact_precision_field(**options):
    return models.CharField(
        max_length=8,
        choices=FactPrecision.choices,
        default=FactPrecision.DAY,
        help_text="Month only: enter any day of the month; the tracker keeps the month, never a made-up day.",
        **options,
    )


_SEASON_ENDING = {5: "spring", 8: "summer", 11: "autumn", 2: "winter"}
_THIRD_ENDING = {4: "early", 8: "mid", 12: "late"}


def describe_due(date, precision):
    """A due date in words, as loosely as the target was stated: "31 March 2026", "end of February
    2027", "end of 2024", "quarter ending June 2027". Quarters and halves are named by their last
    month, which is true of calendar and financial ones alike; anything unexpected gives the day."""
    if date is None:
        return ""
    month_year = date.strftime("%B %Y")
    words = {
        Precision.MONTH: f"end of {month_year}",
        Precision.QUARTER: f"quarter ending {month_year}",
        Precision.HALF: f"half year ending {month_year}",
    }.get(precision)
    if precision == Precision.YEAR and (date.month, date.day) == (12, 31):
        words = f"end of {date.year}"
    elif precision == Precision.YEAR and (date.month, date.day) == (3, 31):
        words = f"end of the financial year {date.year - 1} to {date.year}"
    elif precision == Precision.SEASON and date.month in _SEASON_ENDING:
        words = f"end of {_SEASON_ENDING[date.month]} {date.year - (date.month == 2)}"  # winter 2026 ends in 2027
    elif precision == Precision.THIRD and date.month in _THIRD_ENDING:
        words = f"{_THIRD_ENDING[date.month]} {date.year}"
    return words or describe(date, Precision.DAY)


# What people type into a date box: "21/2/2023", "21/02/23", "2023-02-21", "21 February 2023", "21 Feb 2023".
DAY_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y"]
# A month with no day ("May 2022"), for facts known only to the month.
MONTH_FORMATS = ["%B %Y", "%b %Y"]
ORDINAL = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)\b", re.IGNORECASE)
SEPT = re.compile(r"\bsept\b", re.IGNORECASE)  # strptime knows only "Sep"


def read_date(text, months=False):
    """(date, precision) for a date as a person types it, or None. With `months`, a month alone
    ("May 2022") reads as its first day with month precision."""
    text = SEPT.sub("Sep", ORDINAL.sub(r"\1", " ".join(str(text).replace(",", " ").split())))
    formats = [(f, FactPrecision.DAY) for f in DAY_FORMATS]
    if months:
        formats += [(f, FactPrecision.MONTH) for f in MONTH_FORMATS]
    for form, precision in formats:
        try:
            return datetime.datetime.strptime(text, form).date(), precision
        except ValueError:
            continue
    return None


def fact_precision_companion(model, date_field_name):
    """The name of the fact precision field that says how exactly `date_field_name` is known
    (closed_on: closed_precision), or None."""
    name = f"{date_field_name.removesuffix('_on')}_precision"
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return name if list(field.choices or ()) == list(FactPrecision.choices) else None


@functools.cache
def fact_dates(model):
    """(date field, its fact precision field) of every date of `model` known only as loosely as stated."""
    return tuple(
        (field.attname, companion)
        for field in model._meta.concrete_fields
        if type(field) is models.DateField and (companion := fact_precision_companion(model, field.name))
    )


def keep_last_day(instance):
    """Put each fact date of `instance` on the last day of its stated period (a month-precision
    closure on the 12th is kept as the 30th), whatever writes it: a form, the ORM, an import, a load."""
    deferred = instance.get_deferred_fields()
    for date_name, precision_name in fact_dates(type(instance)):
        if date_name not in deferred and precision_name not in deferred:
            day = getattr(instance, date_name)
            setattr(instance, date_name, end_of_period(day, getattr(instance, precision_name)))


# The years a date may be typed or a target read in: 31/12/9999 is a slip of the keyboard.
MIN_YEAR = 1990
MAX_YEAR = 2100


class PlausibleDates:
    """Refuses a typed date outside MIN_YEAR-MAX_YEAR (the years a target is read in), such as 31/12/9999.

    The one place the rule is written. It runs in clean_fields(), so every form a person fills in
    (the admin's pages and inlines, any ModelForm) checks it, on each date a person can enter: the
    editable DateFields and DateTimeFields. Dates the tracker derives are not editable, and come from
    these. A model-level check, not a field validator, so no migration is needed.
    """

    def clean_fields(self, exclude=None):
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self._meta.concrete_fields:
            if not (isinstance(field, models.DateField) and field.editable):
                continue
            if field.name in (exclude or ()) or field.name in errors:
                continue
            value = getattr(self, field.attname)
            if isinstance(value, datetime.date) and not MIN_YEAR <= value.year <= MAX_YEAR:
                errors[field.name] = [
                    ValidationError(
                        "Enter a date between %(min)s and %(max)s for %(field)s (not the year %(year)s).",
                        code="implausible_date",
                        params={"min": MIN_YEAR, "max": MAX_YEAR, "field": field.verbose_name, "year": value.year},
                    )
                ]
        if errors:
            raise ValidationError(errors)
