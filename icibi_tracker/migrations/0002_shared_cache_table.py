"""The shared cache's table (settings.CACHES) made by migrate itself, so no deployment can forget it:
the sign-in limits and the overview's figures are kept there."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    # Does nothing when the table is already there (it was made by hand before this migration).
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("icibi_tracker", "0001_data_version")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
