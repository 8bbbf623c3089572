from django.contrib import admin
from django.db import models

from recommendations.models import Recommendation

from .models import Inspection

admin.site.site_header = "ICIBI recommendation tracker: data entry"
admin.site.site_title = "ICIBI recommendation tracker"
admin.site.index_title = "Inspections, recommendations and responses"
# The lists have many columns; the page needs the width more than a second menu.
admin.site.enable_nav_sidebar = False


class RecommendationInline(admin.TabularInline):
    model = Recommendation
    extra = 0
    fields = ["number", "text", "owner", "priority"]
    autocomplete_fields = ["owner"]
    show_change_link = True


@admin.register(Inspection)
class InspectionAdmin(admin.ModelAdmin):
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
