from django.contrib import admin

from .models import EmailSettings, SentEmail


@admin.register(SentEmail)
class SentEmailAdmin(admin.ModelAdmin):
    """What was sent, to whom, and what failed: kept by send_notifications, read here."""

    list_display = ["claimed_at", "user", "subject", "state", "attempts", "error"]
    list_filter = ["state", "kind"]
    search_fields = ["user__username", "user__email", "subject"]
    date_hierarchy = "claimed_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # a deleted row is an email sent again


@admin.register(EmailSettings)
class EmailSettingsAdmin(admin.ModelAdmin):
    """Who receives what: each person chooses on "Your email settings"."""

    list_display = ["user", "digest", "due_reminders", "overdue_reminders", "round_reminders", "returned_reminders"]
    list_filter = ["digest"]
    search_fields = ["user__username", "user__email"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
