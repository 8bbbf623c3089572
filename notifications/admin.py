from django.contrib import admin

from icibi_tracker.admin import ReadOnlyAdmin

from .models import EmailSettings, SentEmail


@admin.register(SentEmail)
class SentEmailAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """What was sent, to whom, and what failed: kept by send_notifications (a deleted row would be
    an email sent again), read here."""

    list_display = ["claimed_at", "user", "subject", "state", "attempts", "error"]
    list_filter = ["state", "kind"]
    search_fields = ["user__username", "user__email", "subject"]
    date_hierarchy = "claimed_at"


@admin.register(EmailSettings)
class EmailSettingsAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """Who receives what: each person chooses on "Your email settings"."""

    list_display = ["user", "digest", "due_reminders", "overdue_reminders", "round_reminders", "returned_reminders"]
    list_filter = ["digest"]
    search_fields = ["user__username", "user__email"]
