"""Lists that cost the same however many rows match: counting stops at a limit."""

from functools import cached_property

from django.core.paginator import Paginator

COUNT_LIMIT = 1000


def bounded_count(queryset):
    """How many rows match, counting no further than COUNT_LIMIT + 1 (so "more than" can be said)."""
    return queryset[: COUNT_LIMIT + 1].count()


class BoundedPaginator(Paginator):
    """Pages through the first COUNT_LIMIT items only. Past that a list says "more than 1,000": a
    person narrows the filters or downloads the spreadsheet, which holds every item."""

    @cached_property
    def matched(self):
        return bounded_count(self.object_list)

    @property
    def is_capped(self):
        return self.matched > COUNT_LIMIT

    @cached_property
    def count(self):
        return min(self.matched, COUNT_LIMIT)
