"""The board pack: what a manager takes into a meeting, for everyone or one owner, business area or
inspection, as of today. The same lists make the page, the PDF and the spreadsheet."""

import datetime
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Count, Q

from recommendations.choices import Category
from recommendations.models import Recommendation, RestatementChain
from responses.models import HomeOfficeResponse, TargetRevision
from submissions.models import closure_claimed_count

# Each list shows this many rows on the page and in the PDF (the spreadsheet holds them all), so a
# pack for everyone prints in a bounded number of pages however much is tracked.
ROWS_LISTED = 50
# "Due in the next quarter": the 13 weeks from today.
NEXT_QUARTER_DAYS = 91


@dataclass
class Scope:
    """Whose pack it is: everyone's, or narrowed to an owner, a business area or an inspection."""

    owner: object = None
    business_area: str = ""
    inspection: object = None

    def q(self, via=""):
        """The recommendations in scope, reached from another model through `via` ("recommendation__")."""
        q = Q()
        if self.owner:
            q &= Q(**{f"{via}owner": self.owner})
        if self.business_area:
            q &= Q(**{f"{via}inspection__business_area": self.business_area})
        if self.inspection:
            q &= Q(**{f"{via}inspection": self.inspection})
        return q

    @property
    def in_words(self):
        parts = []
        if self.owner:
            parts.append(f"owner {self.owner.name}")
        if self.business_area:
            parts.append(f"business area {self.business_area}")
        if self.inspection:
            parts.append(f"inspection “{self.inspection}”")
        return "Recommendations of " + " and ".join(parts) if parts else "Every recommendation"

    @property
    def file_slug(self):
        parts = [self.owner and self.owner.name, self.business_area, self.inspection and self.inspection.slug]
        words = "-".join(p for p in parts if p) or "everyone"
        return "".join(c if c.isalnum() else "-" for c in words.lower()).strip("-")


@dataclass
class Listing:
    """One list of the pack: its rows (the first ROWS_LISTED on the page) and how many there are."""

    title: str
    queryset: object

    @cached_property
    def count(self):
        return self.queryset.count()

    @cached_property
    def shown(self):
        return list(self.queryset[:ROWS_LISTED])

    @property
    def more(self):
        return max(self.count - ROWS_LISTED, 0)


class BoardPack:
    def __init__(self, scope, today, since):
        self.scope, self.today, self.since = scope, today, since
        self.recommendations = Recommendation.objects.filter(scope.q())
        self.due_by = today + datetime.timedelta(days=NEXT_QUARTER_DAYS)

    @cached_property
    def figures(self):
        """Headline figures, per recommendation, with the tracked items overdue against their
        original target (what extensions hide) and the closures claimed (None until recorded)."""
        figures = self.recommendations.headline_figures(self.today, due_days=NEXT_QUARTER_DAYS)
        items = HomeOfficeResponse.objects.tracked().open().filter(self.scope.q("recommendation__"))
        figures.update(
            items.aggregate(
                items_overdue=Count("pk", filter=Q(current_due_date__lt=self.today)),
                items_overdue_original=Count("pk", filter=Q(due_date__lt=self.today)),
            )
        )
        figures["closures_claimed"] = closure_claimed_count(self.recommendations)
        figures["closed_since"] = self.closures.count
        figures["extensions_since"] = self.extensions.count
        return figures

    @cached_property
    def status_counts(self):
        return self.recommendations.status_counts()

    @cached_property
    def category_counts(self):
        counts = dict(self.recommendations.exclude(category="").values_list("category").annotate(n=Count("pk")))
        return {category: counts.get(category, 0) for category in Category}

    @cached_property
    def overdue(self):
        items = HomeOfficeResponse.objects.overdue(self.today).filter(self.scope.q("recommendation__"))
        return Listing("Overdue", items.for_list().order_by("current_due_date", "pk"))

    @cached_property
    def due_soon(self):
        items = HomeOfficeResponse.objects.due_within(NEXT_QUARTER_DAYS, self.today)
        items = items.filter(self.scope.q("recommendation__")).for_list().order_by("current_due_date", "pk")
        return Listing("Due in the next quarter", items)

    @cached_property
    def extensions(self):
        revisions = (
            TargetRevision.objects.filter(self.scope.q("recommendation__"), agreed_on__gte=self.since)
            .select_related(
                "recommendation__inspection",
                "recommendation__owner",
                "response__recommendation__inspection",
                "response__sub_element",
            )
            .order_by("-agreed_on", "-pk")
        )
        return Listing("Extensions agreed", revisions)

    @cached_property
    def undated_extensions(self):
        """Extensions whose date of agreement the source does not give: never "since" any date."""
        return TargetRevision.objects.filter(self.scope.q("recommendation__"), agreed_on__isnull=True).count()

    @cached_property
    def closures(self):
        closed = self.recommendations.closed_since(self.since).for_list().order_by("-closed_on", "pk")
        return Listing("Closures recorded", closed)

    @cached_property
    def disputed(self):
        return Listing("Disputed", self.recommendations.disputed().for_list().order_by("inspection", "number", "pk"))

    @cached_property
    def chains(self):
        """Re-statement chains with a link in scope, first made first: (the first ROWS_LISTED, how many)."""
        id_chains, letters = Recommendation.objects.restatement_id_chains()
        linked_ids = {pk for chain in id_chains for pk in chain}
        in_scope = set(self.recommendations.filter(pk__in=linked_ids).values_list("pk", flat=True))
        touching = [chain for chain in id_chains if in_scope.intersection(chain)]
        shown = Recommendation.objects.linked(touching[:ROWS_LISTED], letters)
        return [RestatementChain(links, self.today) for links in shown], len(touching)
