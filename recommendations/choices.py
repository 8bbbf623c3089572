"""A recommendation's categories and statuses, here rather than nested in the models so that the
rules (rules.py) read them without importing the models. The models keep them as
`Recommendation.Status` and so on."""

from django.db import models


class Status(models.TextChoices):
    AWAITING_RESPONSE = "awaiting_response", "Awaiting response"
    # The inspection records that the response was published, but not this recommendation's category.
    CATEGORY_MISSING = "category_missing", "Response published, category not recorded"
    OPEN = "open", "Open"
    BLOCKED = "blocked", "Blocked"
    CLOSED = "closed", "Closed"
    DISPUTED = "disputed", "Disputed"
    NOT_ACCEPTED = "not_accepted", "Not accepted"
    SUPERSEDED = "superseded", "Superseded"


# Colour backs up the words in a status tag; it is never the only signal.
STATUS_TAG_COLOURS = {
    Status.AWAITING_RESPONSE: "govuk-tag--grey",
    Status.CATEGORY_MISSING: "govuk-tag--yellow",
    Status.OPEN: "govuk-tag--blue",
    Status.BLOCKED: "govuk-tag--orange",
    Status.CLOSED: "govuk-tag--green",
    Status.DISPUTED: "govuk-tag--red",
    Status.NOT_ACCEPTED: "govuk-tag--purple",
    Status.SUPERSEDED: "govuk-tag--turquoise",
}


class HomeOfficeStatus(models.TextChoices):
    NOT_REPORTED = "", "Not reported"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed as implemented"
    BLOCKED = "blocked", "Blocked by another body"


class Assessment(models.TextChoices):
    NOT_ASSESSED = "not_assessed", "Not yet assessed"
    IMPLEMENTED = "implemented", "Implemented"
    PARTIALLY_IMPLEMENTED = "partially_implemented", "Partially implemented"
    NOT_IMPLEMENTED = "not_implemented", "Not implemented"


OPEN_STATUSES = (Status.OPEN, Status.BLOCKED)
NOT_FULLY_IMPLEMENTED = (Assessment.PARTIALLY_IMPLEMENTED, Assessment.NOT_IMPLEMENTED)


class Category(models.TextChoices):
    """The Home Office's answer to a recommendation or one of its elements."""

    ACCEPTED = "accepted", "Accepted"
    PARTIALLY_ACCEPTED = "partially_accepted", "Partially accepted"
    NOT_ACCEPTED = "not_accepted", "Not accepted"


def roll_up(categories):
    """A recommendation's category from its elements' (DOMAIN.md): all accepted
    gives accepted, all not accepted gives not accepted, any mix partially."""
    categories = [c for c in categories if c]
    if not categories:
        return None
    if all(c == Category.ACCEPTED for c in categories):
        return Category.ACCEPTED
    if all(c == Category.NOT_ACCEPTED for c in categories):
        return Category.NOT_ACCEPTED
    return Category.PARTIALLY_ACCEPTED
