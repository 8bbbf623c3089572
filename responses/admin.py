from django.contrib import admin

from icibi_tracker.admin import (
    AuditedAdmin,
    EntryDatesForm,
    EntryInline,
    HistoryAdmin,
    VersionedInline,
    VersionedModelForm,
)
from icibi_tracker.dates import Precision
from icibi_tracker.widgets import SafeAutocompleteAdmin, as_key
from recommendations.models import SubElement

from .forms import DueDateCheck
from .models import HomeOfficeResponse, TargetRevision


class ResponseForm(DueDateCheck, VersionedModelForm):
    pass


class RevisionForm(DueDateCheck, EntryDatesForm):
    target_fields = ("new_target_text", "new_due_date")


@admin.display(description="Current target (derived)")
def current_target(response):
    """Both the target as written and the date read from it, flagged when unreadable."""
    if response.pk is None:
        return "Derived when you save"
    if response.current_due_precision == Precision.UNKNOWN:
        return f"“{response.current_target_text}”: could not be read. Enter the due date by hand."
    if response.current_due_date is None:
        return "No target date"
    written = f"“{response.current_target_text}” → " if response.current_target_text else ""
    return f"{written}{response.current_due_date:%-d %B %Y} ({response.get_current_due_precision_display().lower()})"


# What a response form asks, on the recommendation's page and on its own.
RESPONSE_FIELDS = [
    "sub_element",
    "category",
    ("target_text", "due_date", "due_precision"),
    "keep_due_date",
    current_target,
    "narrative",
]


class HomeOfficeResponseInline(VersionedInline, admin.StackedInline):
    model = HomeOfficeResponse
    form = ResponseForm
    extra = 0
    fields = RESPONSE_FIELDS
    readonly_fields = [current_target]


class TargetRevisionLedgerInline(admin.TabularInline):
    """Revisions already recorded: shown, never changed or deleted."""

    model = TargetRevision
    fk_name = "recommendation"
    verbose_name_plural = "Target revisions (extensions), oldest first"
    extra = 0
    can_delete = False
    fields = readonly_fields = [
        "response",
        "previous_target_text",
        "previous_due_date",
        "new_target_text",
        "new_due_date",
        "reason",
        "requested_by",
        "agreed_by",
        "agreed",
        "source",
    ]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class NewTargetRevisionInline(EntryInline, admin.StackedInline):
    """A form to record a new extension; the previous target is filled in for you."""

    model = TargetRevision
    fk_name = "recommendation"
    verbose_name = "new target revision (extension)"
    verbose_name_plural = "Record a new target revision (extension)"
    form = RevisionForm
    extra = 0
    can_delete = False
    fields = [
        "response",
        ("new_target_text", "new_due_date", "new_due_precision"),
        "keep_due_date",
        "reason",
        ("requested_by", "agreed_by"),
        ("agreed_on", "agreed_precision"),
        "source",
        "details_not_stated",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).none()


@admin.register(HomeOfficeResponse)
class HomeOfficeResponseAdmin(SafeAutocompleteAdmin, HistoryAdmin):
    list_display = ["__str__", "category", "target_text", "due_date", "current_due_date", "due_precision"]
    list_filter = ["category", "due_precision"]
    list_select_related = ["recommendation__inspection", "sub_element__recommendation__inspection"]
    search_fields = ["narrative", "target_text", "recommendation__text"]
    autocomplete_fields = ["recommendation"]
    form = ResponseForm
    fields = ["recommendation", *RESPONSE_FIELDS]
    readonly_fields = [current_target]

    def get_readonly_fields(self, request, obj=None):
        # A response stays with its recommendation (its revisions belong there): chosen when added only.
        fixed = ["recommendation"] if obj is not None else []
        return [*super().get_readonly_fields(request, obj), *fixed]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "sub_element":
            # Offer only the elements of the recommendation the form is for, where it is known.
            elements = SubElement.objects.select_related("recommendation__inspection")
            recommendation = self.recommendation_of(request)
            if recommendation is not None:
                elements = elements.filter(recommendation_id=recommendation)
            kwargs["queryset"] = elements
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def recommendation_of(self, request):
        """The recommendation as stored (it never changes), else as sent, else as asked for in the address
        (?recommendation=)."""
        recommendation = HomeOfficeResponse._meta.get_field("recommendation")
        object_id = as_key(HomeOfficeResponse._meta.pk, request.resolver_match.kwargs.get("object_id"))
        if object_id is not None:
            stored = HomeOfficeResponse.objects.filter(pk=object_id).values_list("recommendation_id", flat=True)
            return stored.first()
        if request.method == "POST":
            return as_key(recommendation, request.POST.get("recommendation"))
        return as_key(recommendation, request.GET.get("recommendation"))


@admin.register(TargetRevision)
class TargetRevisionAdmin(AuditedAdmin):
    """The ledger, read only: extensions are recorded on the recommendation page."""

    list_display = ["__str__", "previous_target_text", "new_target_text", "agreed", "source", "recorded_at"]
    list_select_related = ["response__recommendation__inspection", "response__sub_element"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
