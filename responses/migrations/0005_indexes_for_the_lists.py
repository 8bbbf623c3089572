from django.db import migrations, models

from icibi_tracker.migration_tools import index_on_postgresql


class Migration(migrations.Migration):
    dependencies = [
        ("responses", "0004_revision_count"),
    ]

    operations = [
        index_on_postgresql(
            "responses.HomeOfficeResponse",
            models.Index(
                models.OrderBy(models.F("current_due_date"), descending=True, nulls_last=True),
                models.OrderBy(models.F("id"), descending=True),
                name="response_due_desc_idx",
            ),
        ),
        index_on_postgresql(
            "responses.HomeOfficeResponse",
            models.Index(
                models.OrderBy(models.F("revision_count"), descending=True, nulls_last=True),
                models.OrderBy(models.F("id"), descending=True),
                name="response_extensions_idx",
            ),
        ),
    ]
