from django.contrib import admin

from icibi_tracker.widgets import SafeAutocompleteAdmin

from .models import TeamMembership


@admin.register(TeamMembership)
class TeamMembershipAdmin(SafeAutocompleteAdmin, admin.ModelAdmin):
    """Who is in which Home Office team: a member submits for the team's recommendations."""

    list_display = ["user", "owner"]
    list_filter = ["owner"]
    list_select_related = ["user", "owner"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "owner__name"]
    autocomplete_fields = ["user", "owner"]
