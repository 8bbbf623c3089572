"""Lists that cost the same however many rows match: counting stops at a limit."""

from functools import cached_property

from django.core.paginator import Paginator
from django.db.models import Count

COUNT_LIMIT = 1000


def bounded_count(queryset):
    """How many rows match, counting no further than COUNT_LIMIT + 1 (so "more than" can be said)."""
    return queryset[: COUNT_LIMIT + 1].count()


def bounded_distinct_count(queryset, field):
    """How many different `field` values the first COUNT_LIMIT + 1 rows hold: all of them when no more rows
    match, else at least this many (a distinct count of every row would read every row)."""
    first = queryset.order_by().values(field)[: COUNT_LIMIT + 1]
    return first.aggregate(n=Count(field, distinct=True))["n"]


class BoundedPaginator(Paginator):
    """Pages through the first COUNT_LIMIT items only. Past that a list says "more than 1,000": a
    person narrows the filters or downloads the spreadsheet, which holds every item."""

    @cached_property
    def matched(self):
        # Counted in any order and without what a page's rows add to each (a tag's subquery, a rank).
        return bounded_count(self.object_list.order_by().values("pk"))

    @property
    def is_capped(self):
        return self.matched > COUNT_LIMIT

    @cached_property
    def count(self):
        return min(self.matched, COUNT_LIMIT)

    def page(self, number):
        """The page's rows in two steps: their ids, in the list's order, from the list's own table alone;
        then those rows with what they show (joins, annotations). Read in one step, the database would
        join every match before sorting them (a search's thousands) to keep fifty."""
        page = super().page(number)
        ids = list(page.object_list.values_list("pk", flat=True))
        rows = self.object_list.order_by().in_bulk(ids)
        page.object_list = [rows[pk] for pk in ids if pk in rows]  # one deleted in between is left out
        return page
