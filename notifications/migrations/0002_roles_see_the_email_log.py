"""Give the roles their permissions on the email log and settings: inspectorate staff see who
receives what and what failed (icibi_tracker/roles.py keeps both read only)."""

from importlib import import_module

from django.db import migrations

roles = import_module("inspections.migrations.0002_roles")


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_emails"), ("inspections", "0005_indexes_for_the_lists")]

    operations = [migrations.RunPython(roles.create_roles, migrations.RunPython.noop)]
