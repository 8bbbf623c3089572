"""Store each response's number of target revisions, counted once here."""

from importlib import import_module

from django.db import migrations, models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

history_and_version = import_module("responses.migrations.0003_history_and_version")


def count_revisions(apps, schema_editor):
    response = apps.get_model("responses", "HomeOfficeResponse")
    revision = apps.get_model("responses", "TargetRevision")
    counted = revision.objects.filter(response=OuterRef("pk")).order_by().values("response").annotate(n=Count("pk"))
    response.objects.update(revision_count=Coalesce(Subquery(counted.values("n")), 0))


class Migration(migrations.Migration):
    dependencies = [
        ("responses", "0003_history_and_version"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalhomeofficeresponse",
            name="revision_count",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="homeofficeresponse",
            name="revision_count",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        # SQLite rebuilt the responses table again, which drops its trigger.
        migrations.RunPython(history_and_version.restore_sqlite_trigger, migrations.RunPython.noop),
        migrations.RunPython(count_revisions, migrations.RunPython.noop),
    ]
