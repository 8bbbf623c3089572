from django.contrib import admin
from django.db import models

from icibi_tracker.admin import HistoryAdmin
from icibi_tracker.dates import end_of_period, start_of_period
from icibi_tracker.widgets import SafeAutocompleteAdmin

from .models import Inspection


@admin.register(Inspection)
class InspectionAdmin(SafeAutocompleteAdmin, HistoryAdmin):
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

    @admin.display(description="Recommendations", ordering="recommendation_count")
    def recommendation_count(self, obj):
        return obj.recommendation_count
