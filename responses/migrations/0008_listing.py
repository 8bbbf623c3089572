"""Each response keeps whether it is a tracked item and a copy of its recommendation's status, so the
lists read one table through partial indexes (issue 17)."""

from importlib import import_module

from django.db import migrations, models
from django.db.models import Case, Exists, OuterRef, Q, Subquery, When

history_and_version = import_module("responses.migrations.0003_history_and_version")


def fill(apps, schema_editor):
    # As HomeOfficeResponseQuerySet.refresh_listing() does, which historical models lack: in SQL, however many.
    response = apps.get_model("responses", "HomeOfficeResponse")
    recommendation = apps.get_model("recommendations", "Recommendation")
    has_target = Q(current_due_date__isnull=False) | ~Q(current_due_precision="none")
    element_targets = response.objects.filter(
        has_target, recommendation=OuterRef("recommendation"), sub_element__isnull=False
    )
    response.objects.update(
        recommendation_status=Subquery(
            recommendation.objects.filter(pk=OuterRef("recommendation_id")).values("status")[:1]
        ),
        tracked=Case(
            When(has_target | Q(sub_element__isnull=True) & ~Exists(element_targets), then=True), default=False
        ),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0007_calendar_feeds"),
        ("responses", "0007_traceable_extensions"),
    ]

    operations = [
        migrations.AddField(
            model_name="homeofficeresponse",
            name="recommendation_status",
            field=models.CharField(blank=True, editable=False, max_length=20),
        ),
        migrations.AddField(
            model_name="homeofficeresponse",
            name="tracked",
            field=models.BooleanField(default=False, editable=False),
        ),
        # SQLite rebuilt the responses table to add them, which drops its trigger.
        migrations.RunPython(history_and_version.restore_sqlite_trigger, migrations.RunPython.noop),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="homeofficeresponse",
            index=models.Index(
                condition=models.Q(("tracked", True), ("recommendation_status__in", ("open", "blocked"))),
                fields=["current_due_date", "id"],
                name="response_open_due_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="homeofficeresponse",
            index=models.Index(
                condition=models.Q(("tracked", True)),
                fields=["recommendation_status", "current_due_date", "id"],
                name="response_status_due_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="homeofficeresponse",
            index=models.Index(
                condition=models.Q(("tracked", True)),
                fields=["current_due_date", "id"],
                name="response_tracked_due_idx",
            ),
        ),
    ]
