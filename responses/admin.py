from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.defaultfilters import pluralize
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from icibi_tracker.admin import (
    AuditedAdmin,
    EntryDatesForm,
    EntryInline,
    HistoryAdmin,
    ReadOnlyAdmin,
    VersionedInline,
    VersionedModelForm,
)
from icibi_tracker.dates import Precision
from icibi_tracker.widgets import SafeAutocompleteAdmin, as_key
from inspections.models import Inspection
from recommendations.admin import InspectionWithRecommendationsAdmin, RecommendationAdmin
from recommendations.choices import Category
from recommendations.models import Recommendation, SubElement

from .forms import DueDateCheck, ImportForm, read_corrections
from .importing import ImportRefused, ImportStale, apply_import, plan_import
from .models import HomeOfficeResponse, ProgressUpdate, TargetRevision


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
    # The Home Office's closure of an element with its own target; the recommendation closes with its last.
    ("closed_on", "closed_precision"),
    "closure_evidence",
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
    list_display = ["__str__", "category", "target_text", "due_date", "current_due_date", "due_precision", "closed_on"]
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
class TargetRevisionAdmin(ReadOnlyAdmin, AuditedAdmin):
    """The ledger, read only: extensions are recorded on the recommendation page."""

    list_display = ["__str__", "previous_target_text", "new_target_text", "agreed", "source", "recorded_at"]
    list_select_related = ["response__recommendation__inspection", "response__sub_element"]


class LimitedToThisRecommendation:
    """Offer only the elements and responses of the recommendation being edited."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in ("sub_element", "response"):
            object_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = db_field.related_model.objects.filter(recommendation_id=object_id or None)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


# One blank form each, so a response, an extension or an update can be added without JavaScript.
class ResponseInline(LimitedToThisRecommendation, HomeOfficeResponseInline):
    extra = 1


class NewRevisionInline(LimitedToThisRecommendation, NewTargetRevisionInline):
    extra = 1


class ProgressUpdateInline(LimitedToThisRecommendation, EntryInline, admin.StackedInline):
    model = ProgressUpdate
    extra = 1
    fields = [("reported_on", "reported_precision", "reported_by"), "sub_element", "source", "text"]


class RecommendationWithResponsesAdmin(RecommendationAdmin):
    inlines = [
        *RecommendationAdmin.inlines,
        ResponseInline,
        TargetRevisionLedgerInline,
        NewRevisionInline,
        ProgressUpdateInline,
    ]


def imported_message(inspection, plan):
    """What the import saved, with a link to each recommendation it changed, and what is left to check."""
    changed = {change.reference.rstrip("abcdefghijklmnopqrstuvwxyz") for change in plan.changes}
    pages = Recommendation.objects.filter(inspection=inspection, number__in=[int(n) for n in changed])
    links = format_html_join(
        ", ", '<a href="{}">{}</a>', ((reverse("recommendations:detail", args=[p.pk]), p.reference) for p in pages)
    )
    to_check = len(list(plan.needs_checking()))
    return format_html(
        "Imported: {} item{} added or updated. See recommendation {}. {}",
        len(plan.changes),
        pluralize(len(plan.changes)),
        links or "none",
        f"{to_check} item{pluralize(to_check)} flagged for checking: each has a note under “To check”."
        if to_check
        else "Nothing was flagged for checking.",
    )


class ImportingInspectionAdmin(InspectionWithRecommendationsAdmin):
    """The inspection's page with "Import from text": the import reads responses, so it lives here."""

    def get_urls(self):
        import_view = self.admin_site.admin_view(self.import_view)
        return [
            path("<path:object_id>/import/", import_view, name="inspections_inspection_import")
        ] + super().get_urls()

    def import_view(self, request, object_id):
        """Paste or upload → preview of every item and change → confirm writes all in one transaction."""
        # get_object reads an id that is no key ("abc") as no such inspection, not as an error.
        inspection = self.get_object(request, object_id)
        if inspection is None:
            raise Http404("No such inspection.")
        if not self.has_change_permission(request, inspection):
            raise PermissionDenied
        context = {**self.admin_site.each_context(request), "opts": self.opts, "original": inspection}
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            text = form.cleaned_data["document"]
            corrections = read_corrections(request.POST)
            stale = None
            try:
                if request.POST.get("confirm") == "yes":
                    # The preview sends the versions of the rows it showed: confirm writes exactly
                    # what it showed, or nothing and a new preview.
                    # A confirm that sends no fingerprint checked nothing: only an empty inspection passes.
                    plan = apply_import(
                        inspection,
                        text,
                        request.POST.get("fingerprint", "{}"),
                        replace_text=request.POST.get("replace_text") == "yes",
                        source=form.cleaned_data["source"],
                        owner=form.cleaned_data["owner"],
                        themes=form.cleaned_data["themes"],
                        corrections=corrections,
                    )
                    messages.success(request, imported_message(inspection, plan))
                    return redirect(reverse("admin:inspections_inspection_change", args=[inspection.pk]))
                plan = plan_import(inspection, text, corrections)
            except ImportStale as refusal:
                plan, stale = refusal.plan, str(refusal)
            except ImportRefused as refusal:
                form.add_error(None, str(refusal))
                plan = None
            if plan is not None:
                context.update(
                    source=form.cleaned_data["source"],
                    owner_field=form["owner"],
                    themes_field=form["themes"],
                    categories=Category.choices,
                    plan=plan,
                    rows=plan.preview(),
                    stale=stale,
                    text=text,
                    title=f"Check the import into {inspection}",
                )
                return TemplateResponse(request, "admin/inspections/inspection/import_preview.html", context)
        context.update(form=form, title=f"Import from text into {inspection}")
        return TemplateResponse(request, "admin/inspections/inspection/import_form.html", context)


admin.site.unregister(Recommendation)
admin.site.register(Recommendation, RecommendationWithResponsesAdmin)
admin.site.unregister(Inspection)
admin.site.register(Inspection, ImportingInspectionAdmin)
