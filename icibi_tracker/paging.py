"""Lists that cost the same however many rows match: counting stops at a limit."""

from functools import cached_property

from django.core.paginator import Paginator
from django.db.models import Count

COUNT_LIMIT = 1000


def bounded_count(queryset):
    """How many rows match, counting no further than COUNT_LIMIT + 1 (so "more than" can be said)."""
    return queryset[: COUNT_LIMIT + 1].count()


def bounded_counts(queryset, field):
    """How many rows match, and how many different `field` values they hold, in one query that reads no
    further than COUNT_LIMIT + 1 rows: past that, "more than" that many rows, from at least that many values
    (a distinct count of every row would read every row). Read in the queryset's order, so through the index
    that serves its page, not by a scan of the table that may wade through pages emptied by updates."""
    first = queryset.values("pk", field)[: COUNT_LIMIT + 1]
    counts = first.aggregate(rows=Count("pk"), values=Count(field, distinct=True))
    return counts["rows"], counts["values"]


class BoundedPaginator(Paginator):
    """Pages through the first COUNT_LIMIT items only. Past that a list says "more than 1,000": a
    person narrows the filters or downloads the spreadsheet, which holds every item. Give `matched`
    when bounded_counts() has counted the items already. Give `first_by` when the list is in the order
    of that field, then of id, and only an index that leaves ties in no order reads it fast (a search's
    rank): each page is cut from the first COUNT_LIMIT + 1 rows the index gives, put in the list's order."""

    def __init__(self, *args, matched=None, first_by=None, **kwargs):
        super().__init__(*args, **kwargs)
        if matched is not None:
            self.matched = matched
        self.first_by = first_by

    @cached_property
    def matched(self):
        # In the list's order, as bounded_counts(), without what a page's rows add to each (a tag's subquery).
        return bounded_count(self.object_list.values("pk"))

    @property
    def is_capped(self):
        return self.matched > COUNT_LIMIT

    @cached_property
    def count(self):
        return min(self.matched, COUNT_LIMIT)

    def reading(self, number):
        """What reads the ids of page `number`, in the list's order; with `first_by`, the first rows to cut
        it from."""
        if self.first_by:
            return self.object_list.order_by(self.first_by).values_list(self.first_by, "pk")[: COUNT_LIMIT + 1]
        bottom = (number - 1) * self.per_page
        return self.object_list.values_list("pk", flat=True)[bottom : bottom + self.per_page]

    def page(self, number):
        """The page's rows in two steps: their ids, in the list's order, from the list's own table alone;
        then those rows with what they show (joins, annotations). Read in one step, the database would
        join every match before sorting them (a search's thousands) to keep fifty."""
        page = super().page(number)
        ids = list(self.reading(page.number))
        if self.first_by:
            ids = [pk for _, pk in sorted(ids)[page.start_index() - 1 : page.end_index()]]
        rows = self.object_list.order_by().in_bulk(ids)
        page.object_list = [rows[pk] for pk in ids if pk in rows]  # one deleted in between is left out
        return page
