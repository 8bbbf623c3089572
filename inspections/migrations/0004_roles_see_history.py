"""Give the roles their permissions on the models added since 0002: the audit history."""

from importlib import import_module

from django.db import migrations

roles = import_module("inspections.migrations.0002_roles")


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0003_history_and_version"),
        ("recommendations", "0003_history_and_version"),
        ("responses", "0003_history_and_version"),
    ]

    operations = [migrations.RunPython(roles.create_roles, migrations.RunPython.noop)]
