from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.http import Http404
from django.shortcuts import redirect
from django.template.defaultfilters import pluralize
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from icibi_tracker.accounts import AdminSignInForm, slowed_down_answers_429
from icibi_tracker.admin import HistoryAdmin, VersionedInline
from icibi_tracker.dates import end_of_period, start_of_period
from icibi_tracker.widgets import SafeAutocompleteAdmin
from recommendations.models import Recommendation
from responses.choices import Category
from responses.forms import ImportForm, read_corrections
from responses.importing import ImportRefused, ImportStale, apply_import, plan_import

from .models import Inspection

admin.site.site_header = "ICIBI recommendation tracker: data entry"
admin.site.site_title = "ICIBI recommendation tracker"
admin.site.index_title = "Inspections, recommendations and responses"
# The lists have many columns; the page needs the width more than a second menu.
admin.site.enable_nav_sidebar = False
# The admin's sign-in is slowed down like the tracker's own, or it would be the way round it.
admin.site.login_form = AdminSignInForm
admin.site.login = slowed_down_answers_429(admin.site.login)


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


@admin.register(Inspection)
class InspectionAdmin(SafeAutocompleteAdmin, HistoryAdmin):
    change_form_template = "admin/inspections/inspection/change_form.html"
    list_display = [
        "short_title",
        "title",
        "business_area",
        "fieldwork",
        "sent_on",
        "published",
        "recommendation_count",
    ]
    list_filter = ["business_area", "chief_inspector"]
    search_fields = ["title", "short_title", "business_area"]
    date_hierarchy = "published_on"
    prepopulated_fields = {"slug": ["short_title"]}
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = [RecommendationInline]
    # Fieldwork is known to the month: "September 2025" is enough (Inspection.clean keeps these days).
    month_fields = {"fieldwork_start": start_of_period, "fieldwork_end": end_of_period}
    fieldsets = [
        (None, {"fields": ["title", "short_title", "slug", "business_area", "chief_inspector"]}),
        ("Fieldwork (month precision)", {"fields": [("fieldwork_start", "fieldwork_end")]}),
        (
            "Publication",
            {
                "fields": [
                    "sent_on",
                    ("published_on", "published_precision"),
                    ("response_published_on", "response_published_precision"),
                    "report_url",
                    "response_url",
                ]
            },
        ),
        (None, {"fields": ["notes"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_counts()

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

    @admin.display(description="Recommendations", ordering="recommendation_count")
    def recommendation_count(self, obj):
        return obj.recommendation_count
