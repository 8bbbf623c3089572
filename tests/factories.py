"""Small builders for test data; dates are always given, never read from the clock."""

import datetime
import itertools

from inspections.models import Inspection
from recommendations.models import Owner, Recommendation, SubElement
from responses.models import HomeOfficeResponse, ProgressUpdate, TargetRevision

_sequence = itertools.count(1)


def inspection(**fields):
    n = next(_sequence)
    defaults = {
        "title": f"An inspection of something {n}",
        "short_title": f"Something {n}",
        "slug": f"something-{n}",
        "published_on": datetime.date(2025, 3, 25),
    }
    return Inspection.objects.create(**{**defaults, **fields})


def recommendation(inspection=None, **fields):
    inspection = inspection or globals()["inspection"]()
    if "number" not in fields:
        fields["number"] = inspection.recommendations.count() + 1
    return Recommendation.objects.create(inspection=inspection, text=fields.pop("text", "Do the thing."), **fields)


def sub_element(recommendation, letter="a", **fields):
    return SubElement.objects.create(recommendation=recommendation, letter=letter, text=f"Element {letter}", **fields)


def response(recommendation, category="accepted", target_text="", **fields):
    return HomeOfficeResponse.objects.create(
        recommendation=recommendation, category=category, target_text=target_text, **fields
    )


def refreshed(obj):
    obj.refresh_from_db()
    return obj


def owner(name):
    return Owner.objects.get_or_create(name=name)[0]


def update(recommendation, **fields):
    defaults = {
        "source": "ICIBI recommendation update",
        "text": "Work continues.",
        "reported_on": datetime.date(2026, 1, 31),
    }
    return ProgressUpdate.objects.create(recommendation=recommendation, **{**defaults, **fields})


def extension(response, new_target_text, **fields):
    """A traceable extension: reason, who asked, who agreed and when."""
    defaults = {
        "reason": "Supplier delay",
        "requested_by": "Border Force",
        "agreed_by": "ICIBI",
        "agreed_on": datetime.date(2026, 1, 31),
    }
    return TargetRevision.objects.create(response=response, new_target_text=new_target_text, **{**defaults, **fields})
