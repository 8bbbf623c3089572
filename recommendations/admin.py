from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.forms.models import BaseInlineFormSet
from django.template.response import TemplateResponse
from django.utils.text import Truncator

from icibi_tracker import clock
from icibi_tracker.admin import HistoryAdmin, VersionedInline
from icibi_tracker.audit import StaleEdit
from icibi_tracker.widgets import SafeAutocompleteAdmin
from inspections.admin import InspectionAdmin
from inspections.models import Inspection

from .forms import AssignOwnerForm
from .models import Owner, Recommendation, SubElement, Theme

# The confirmation page names this many of the chosen recommendations, then says how many more.
ASSIGN_OWNER_LISTED = 100


class SubElementInline(SafeAutocompleteAdmin, VersionedInline, admin.TabularInline):
    model = SubElement
    fk_name = "recommendation"
    extra = 3  # blank rows to fill: "Add another" needs JavaScript, and entry must work without it
    fields = ["letter", "text", "restates", "review_note"]
    autocomplete_fields = ["restates"]


class OverdueFilter(admin.SimpleListFilter):
    title = "overdue"
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", "Overdue today"), ("no_target", "Open, no target date")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.overdue(clock.today())
        if self.value() == "no_target":
            return queryset.open_without_target()
        return queryset


@admin.register(Recommendation)
class RecommendationAdmin(SafeAutocompleteAdmin, HistoryAdmin):
    list_display = [
        "reference_column",
        "inspection",
        "excerpt",
        "owner",
        "category",
        "status",
        "due_column",
        "priority",
    ]
    list_display_links = ["reference_column", "excerpt"]
    list_filter = ["status", "category", OverdueFilter, "priority", "owner", "inspection", "ho_status", "assessment"]
    list_select_related = ["inspection", "owner"]
    search_fields = ["text", "sub_elements__text", "inspection__title", "inspection__short_title"]
    date_hierarchy = "inspection__published_on"
    autocomplete_fields = ["inspection", "owner", "restates", "themes"]
    readonly_fields = ["status", "category"]
    inlines = [SubElementInline]  # responses/admin.py adds the responses, extensions and updates
    actions = ["assign_owner"]
    fieldsets = [
        (None, {"fields": ["inspection", "number", "text", "owner", "restates", "themes", "priority", "review_note"]}),
        ("Derived (from the responses and statuses below)", {"fields": ["status", "category"]}),
        (
            "Home Office status",
            {"fields": ["ho_status", ("closed_on", "closed_precision"), "closure_evidence", "blocked_by"]},
        ),
        (
            "Inspectorate assessment",
            {
                "description": "From a later inspection or review. Kept apart from the Home Office's own status: "
                "closed by the Home Office but not (fully) implemented shows as disputed.",
                "fields": ["assessment", ("assessed_on", "assessed_precision"), "assessment_source", "assessment_note"],
            },
        ),
    ]

    @admin.action(description="Assign an owner", permissions=["change"])
    def assign_owner(self, request, queryset):
        """Most recommendations have no owner in the documents: staff give one to many at once, after
        choosing it on a confirmation page."""
        form = AssignOwnerForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            owner = form.cleaned_data["owner"]
            try:
                changed = queryset.assign_owner(owner, reason="Owner assigned to several recommendations at once")
            except StaleEdit:
                self.message_user(request, "Someone else saved one of them at the same moment: nothing was changed.")
                return None
            self.message_user(
                request,
                f"{owner} is now the owner of {changed} more recommendation{'s' * (changed != 1)}.",
                messages.SUCCESS,
            )
            return None
        count = queryset.count()
        context = {
            **self.admin_site.each_context(request),
            "title": "Assign an owner",
            "opts": self.model._meta,
            "form": form,
            "listed": queryset.for_list()[:ASSIGN_OWNER_LISTED],
            "count": count,
            "more": max(count - ASSIGN_OWNER_LISTED, 0),
            "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
            "select_across": request.POST.get("select_across", "0"),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/recommendations/recommendation/assign_owner.html", context)

    @admin.display(description="Rec.", ordering="number")
    def reference_column(self, obj):
        return obj.reference

    @admin.display(description="Text")
    def excerpt(self, obj):
        return Truncator(obj.text or "(only its elements are quoted)").chars(70)

    @admin.display(description="Earliest due date", ordering="next_due_date")
    def due_column(self, obj):
        return obj.next_due_date


@admin.register(Owner)
class OwnerAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    search_fields = ["name"]


class RecommendationFormSet(BaseInlineFormSet):
    def clean(self):
        # Two new rows with one number: name it, as Recommendation.validate_constraints does for a saved one.
        seen = set()
        for form in self.forms:
            number = getattr(form, "cleaned_data", {}).get("number")
            if number is None or self._should_delete_form(form):
                continue
            if number in seen:
                form.add_error("number", Recommendation.duplicate_number_error(number))
            seen.add(number)
        super().clean()


class RecommendationInline(SafeAutocompleteAdmin, VersionedInline, admin.TabularInline):
    model = Recommendation
    formset = RecommendationFormSet
    extra = 3  # blank rows to fill: "Add another" needs JavaScript, and entry must work without it
    fields = ["number", "text", "owner", "priority"]
    autocomplete_fields = ["owner"]
    show_change_link = True


class InspectionWithRecommendationsAdmin(InspectionAdmin):
    inlines = [RecommendationInline]


admin.site.unregister(Inspection)
admin.site.register(Inspection, InspectionWithRecommendationsAdmin)
