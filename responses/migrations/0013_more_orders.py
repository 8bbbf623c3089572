"""The due list's orders by extensions, most or fewest first, and by due date, latest first, read for open items
through indexes of their own (issue 17): without them the list sorted every open item to show fifty."""

from importlib import import_module

from django.db import migrations

# Open items in the order given, no value last, as the owner and inspection orders' indexes.
sorted_by = import_module("responses.migrations.0010_sort_keys").sorted_by


class Migration(migrations.Migration):
    dependencies = [
        ("responses", "0012_owner_copy"),
    ]

    operations = [
        sorted_by("revision_count", False, "response_open_extensions_idx"),
        sorted_by("revision_count", True, "response_open_extensions_desc_idx"),
        # Soonest first reads response_open_due_idx; latest first, with no date still last, needs its own.
        sorted_by("current_due_date", True, "response_open_due_desc_idx"),
    ]
