"""Each response keeps copies of its recommendation's owner's name and inspection's short title, so the
due list sorts by them through indexes of its own (issue 17)."""

from importlib import import_module

from django.db import migrations, models
from django.db.models import F, OuterRef, Q, Subquery

from icibi_tracker.migration_tools import index_on_postgresql

history_and_version = import_module("responses.migrations.0003_history_and_version")
OPEN_ITEM = Q(tracked=True) & Q(recommendation_status__in=["open", "blocked"])


def fill(apps, schema_editor):
    # As HomeOfficeResponseQuerySet.refresh_listing() does, which historical models lack.
    response = apps.get_model("responses", "HomeOfficeResponse")
    recommendation = apps.get_model("recommendations", "Recommendation").objects.filter(
        pk=OuterRef("recommendation_id")
    )
    response.objects.update(
        owner_name=Subquery(recommendation.values("owner__name")[:1]),
        inspection_title=Subquery(recommendation.values("inspection__short_title")[:1]),
    )


def sorted_by(field, descending, name):
    order = models.OrderBy(F(field), descending=descending, nulls_last=True)
    return index_on_postgresql(
        "responses.HomeOfficeResponse", models.Index(order, F("id"), condition=OPEN_ITEM, name=name)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("responses", "0009_stored_search_vector"),
    ]

    operations = [
        migrations.AddField(
            model_name="homeofficeresponse",
            name="inspection_title",
            field=models.CharField(blank=True, editable=False, max_length=80),
        ),
        migrations.AddField(
            model_name="homeofficeresponse",
            name="owner_name",
            field=models.CharField(editable=False, max_length=150, null=True),
        ),
        # SQLite rebuilt the responses table to add them, which drops its trigger.
        migrations.RunPython(history_and_version.restore_sqlite_trigger, migrations.RunPython.noop),
        migrations.RunPython(fill, migrations.RunPython.noop),
        # The due list's other orders, for open items (its default status).
        sorted_by("owner_name", False, "response_open_owner_idx"),
        sorted_by("owner_name", True, "response_open_owner_desc_idx"),
        sorted_by("inspection_title", False, "response_open_inspection_idx"),
        sorted_by("inspection_title", True, "response_open_inspection_desc_idx"),
    ]
