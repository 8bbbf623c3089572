import datetime

import django_filters
from django import forms
from django.db import models
from django.db.models import F, Q
from django.utils.text import slugify

from icibi_tracker.dates import Precision, describe
from inspections.models import Inspection
from recommendations.choices import Category
from recommendations.models import Owner, Recommendation

from .models import SEARCH_RANK, HomeOfficeResponse

ANY = "any"
OPEN = "open"
# "open" has long meant open or blocked in the tracker's links; open and not blocked needs its own value.
NOT_BLOCKED = "open_not_blocked"
STATUS_CHOICES = [
    (OPEN, "Open (including blocked)"),
    (NOT_BLOCKED, "Open, not blocked"),
    *(choice for choice in Recommendation.Status.choices if choice[0] != Recommendation.Status.OPEN),
    (ANY, "Any status"),
]
# A status as a calendar's name says it: "ICIBI recommendations due: Border Force, open".
STATUS_WORDS = {OPEN: "open", NOT_BLOCKED: "open, not blocked", ANY: "any status"}
# A file name stays short enough for every system's limit, whatever the filter.
FILE_SLUG_LENGTH = 80
# What a search looked through, said on the page: it looks at open items unless told otherwise.
SEARCHED = {
    OPEN: "open recommendations",
    NOT_BLOCKED: "open recommendations that are not blocked",
    ANY: "recommendations of every status",
}
# Enough for years of ICIBI reports; a select of thousands helps nobody and costs every page.
INSPECTIONS_OFFERED = 100
NO_OWNER = "none"
YES_NO = [("", "Either"), ("true", "Yes"), ("false", "No")]


class StableOrderingFilter(django_filters.OrderingFilter):
    """Items with no date come last either way, and ties keep one order across pages."""

    def get_ordering_value(self, param):
        field = super().get_ordering_value(param)
        name = field.lstrip("-")
        return F(name).desc(nulls_last=True) if field.startswith("-") else F(name).asc(nulls_last=True)

    def filter(self, qs, value):
        qs = super().filter(qs, value)
        return qs.order_by(*qs.query.order_by, "pk") if value else qs


class DueFilter(django_filters.FilterSet):
    """The due-dates list: tracked items, filtered as policy teams ask. Every
    filter is in the URL so a view can be bookmarked, shared and exported."""

    q = django_filters.CharFilter(label="Search the text", method="filter_text")
    owner = django_filters.ModelChoiceFilter(
        label="Owner",
        field_name="recommendation_owner",
        queryset=Owner.objects.all(),
        empty_label="Any owner",
        # The documents name few owners: the unowned are a list of their own, to be given one.
        null_label="No owner recorded",
        null_value=NO_OWNER,
    )
    inspection = django_filters.ModelChoiceFilter(
        label="Inspection",
        field_name="recommendation__inspection",
        queryset=Inspection.objects.newest_first(),
        to_field_name="slug",
        empty_label="Any inspection",
    )
    business_area = django_filters.ChoiceFilter(
        label="Business area", field_name="recommendation__inspection__business_area", empty_label="Any business area"
    )
    category = django_filters.ChoiceFilter(
        label="Response", choices=Category.choices, method="filter_category", empty_label="Any response"
    )
    status = django_filters.ChoiceFilter(
        label="Status", choices=STATUS_CHOICES, method="filter_status", empty_label=None
    )
    priority = django_filters.TypedChoiceFilter(
        label="Priority",
        field_name="recommendation__priority",
        choices=YES_NO,
        coerce=lambda value: value == "true",
    )
    due_after = django_filters.DateFilter(
        label="Due on or after", field_name="current_due_date", lookup_expr="gte", help_text="For example, 1/4/2026"
    )
    due_before = django_filters.DateFilter(
        label="Due on or before", field_name="current_due_date", lookup_expr="lte", help_text="For example, 31/3/2027"
    )
    due_within = django_filters.NumberFilter(
        label="Due within this many days",
        method="filter_due_within",
        min_value=0,
        max_value=3660,
        help_text="From today, leaving out what is already overdue, for example 90",
    )
    overdue_or_due_within = django_filters.NumberFilter(
        label="Overdue or due within this many days",
        method="filter_overdue_or_due_within",
        min_value=0,
        max_value=3660,
        help_text="What is late as well as what falls due, for example 90",
    )
    closed_after = django_filters.DateFilter(
        label="Closed on or after", method="filter_closed_after", help_text="For example, 23/11/2025"
    )
    no_target = django_filters.BooleanFilter(
        label="No target date only", method="filter_no_target", widget=forms.CheckboxInput
    )
    overdue = django_filters.BooleanFilter(label="Overdue only", method="filter_overdue", widget=forms.CheckboxInput)
    at_risk = django_filters.BooleanFilter(
        label="At risk only",
        method="filter_at_risk",
        widget=forms.CheckboxInput,
        help_text="Due within 30 days with no progress update in the last 90",
    )
    sort = StableOrderingFilter(
        label="Sort by",
        fields=[
            ("current_due_date", "due"),
            # Sorted by the copies each item keeps, which its own indexes hold in order.
            ("inspection_title", "inspection"),
            ("owner_name", "owner"),
            ("revision_count", "extensions"),
        ],
        # Ascending labels are keyed by field, descending ones by parameter (django-filter's way).
        field_labels={
            "current_due_date": "Due date, soonest first",
            "-due": "Due date, latest first",
            "inspection_title": "Inspection, A to Z",
            "-inspection": "Inspection, Z to A",
            "owner_name": "Owner, A to Z",
            "-owner": "Owner, Z to A",
            "revision_count": "Extensions, fewest first",
            "-extensions": "Extensions, most first",
        },
        empty_label="Best match to the search",
    )

    class Meta:
        model = HomeOfficeResponse
        fields = []

    def __init__(self, data=None, *args, today, **kwargs):
        data = data.copy() if data is not None else {}
        data.setdefault("status", OPEN)
        searching = bool(data.get("q", "").strip())
        if not searching:
            data.setdefault("sort", "due")  # with a search, the best match comes first
        super().__init__(data, *args, **kwargs)
        if not searching:  # nothing to match: a sort it does not know shows the first real one
            self.filters["sort"].extra["empty_label"] = None
        self.today = today
        areas = Inspection.objects.business_areas()
        self.filters["business_area"].extra["choices"] = [(area, area) for area in areas]
        self._offer_recent_inspections(data.get("inspection"))

    def _offer_recent_inspections(self, chosen):
        """Offer the most recent inspections (and the one chosen) in the list, not every one ever made:
        an older one is still accepted, from the link on its page."""
        recent = list(Inspection.objects.newest_first()[:INSPECTIONS_OFFERED])
        if chosen and chosen not in {i.slug for i in recent}:
            recent += Inspection.objects.filter(slug=chosen)
        self.form.fields["inspection"].widget.choices = [("", "Any inspection"), *((i.slug, str(i)) for i in recent)]

    @property
    def items(self):
        """The filtered items; none while a filter is wrong, so no list or export misleads."""
        return self.qs if self.is_valid() else self.qs.none()

    def chosen(self):
        """The filters in use as (parameter, words, slug), in the form's order: what a file or a
        calendar is named after. The status is always one (open unless another is chosen)."""
        if not self.is_valid():
            return []
        return [
            (name, self._words(name, value), self._slug(name, value))
            for name, value in self.form.cleaned_data.items()
            if name != "sort" and value not in (None, "") and (value is not False or name == "priority")
        ]

    @property
    def in_words(self):
        return ", ".join(words for _, words, _ in self.chosen())

    @property
    def file_slug(self):
        """The filter for a file name: letters, digits and hyphens only, bounded in length."""
        slug = "-".join(slug for _, _, slug in self.chosen())
        return slug[:FILE_SLUG_LENGTH].rsplit("-", 1)[0] if len(slug) > FILE_SLUG_LENGTH else slug

    def _words(self, name, value):
        label = str(self.form.fields[name].label).lower()
        if name == "status":
            return STATUS_WORDS.get(value) or Recommendation.Status(value).label.lower()
        if name == "priority":
            return "priority" if value else "not priority"
        if isinstance(value, datetime.date):
            return f"{label} {describe(value, Precision.DAY)}"
        if value is True:
            return label.removesuffix(" only")  # "overdue", "no target date"
        if name == "due_within":
            return f"due within {value:g} days"
        if name == "overdue_or_due_within":
            return f"overdue or due within {value:g} days"
        if name == "q":
            return f"“{value.strip()}”"
        if isinstance(value, models.Model):
            return str(value)
        choices = getattr(self.form.fields[name], "choices", None)
        return str(dict(choices).get(value, value)) if choices else f"{label} {value}"

    def _slug(self, name, value):
        parameter = name.replace("_", "-")
        if value is True:
            return parameter
        if isinstance(value, datetime.date):
            text = value.isoformat()
        elif isinstance(value, bool):
            text = "yes" if value else "no"
        else:
            text = getattr(value, "slug", None) or slugify(value)
        return f"{parameter}-{text}"

    @property
    def searched(self):
        """The search's text and what it looked through, in words; None without a search."""
        if not self.is_valid() or not self.form.cleaned_data.get("q", "").strip():
            return None
        status = self.form.cleaned_data["status"]
        where = SEARCHED.get(status) or f"{Recommendation.Status(status).label.lower()} recommendations"
        return {"text": self.form.cleaned_data["q"].strip(), "where": where, "all_statuses": status == ANY}

    @property
    def first_by(self):
        """What the list is in the order of first where only an index with ties in no order reads it fast,
        for BoundedPaginator: a search's rank, when the best match comes first (on PostgreSQL)."""
        return SEARCH_RANK if self.items.query.order_by[:1] == (SEARCH_RANK,) else None

    def filter_text(self, queryset, name, value):
        return queryset.search(value.strip()) if value.strip() else queryset

    def filter_category(self, queryset, name, value):
        return queryset.filter(Q(category=value) | Q(category="", recommendation__category=value))

    def filter_status(self, queryset, name, value):
        if value == ANY:
            return queryset
        if value == OPEN:
            return queryset.open()
        if value in (NOT_BLOCKED, Recommendation.Status.BLOCKED):
            # Both are open: an element the Home Office closed on its own is in neither.
            status = Recommendation.Status.OPEN if value == NOT_BLOCKED else value
            return queryset.open().filter(recommendation_status=status)
        return queryset.filter(recommendation_status=value)

    def filter_due_within(self, queryset, name, value):
        # Open items are chosen already unless another status was: chosen twice, PostgreSQL counts each
        # choice apart, expects far fewer items (seen: 2,124 for 36,603) and sorts them all to count them.
        if self.form.cleaned_data.get("status") == OPEN:
            return queryset.falling_due(int(value), self.today)
        return queryset.due_within(int(value), self.today)

    def filter_overdue_or_due_within(self, queryset, name, value):
        return queryset.overdue_or_due_within(int(value), self.today)

    def filter_closed_after(self, queryset, name, value):
        return queryset.filter(recommendation__in=Recommendation.objects.closed_since(value))

    def filter_no_target(self, queryset, name, value):
        # An unticked box means "any", never "only those with a date".
        return queryset.filter(current_due_date__isnull=True) if value else queryset

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue(self.today) if value else queryset

    def filter_at_risk(self, queryset, name, value):
        return queryset.at_risk(self.today) if value else queryset
