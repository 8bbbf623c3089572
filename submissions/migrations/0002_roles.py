"""The Home Office team member role, and every role's permissions on this app's models."""

from importlib import import_module

from django.db import migrations

roles = import_module("inspections.migrations.0002_roles")


class Migration(migrations.Migration):
    dependencies = [
        ("submissions", "0001_initial"),
        ("inspections", "0005_indexes_for_the_lists"),
    ]

    operations = [migrations.RunPython(roles.create_roles, migrations.RunPython.noop)]
