from django.db import models


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
