"""Store each response's searchable text, and index it for text search on PostgreSQL."""

from importlib import import_module

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations, models

from icibi_tracker.migration_tools import index_on_postgresql

history_and_version = import_module("responses.migrations.0003_history_and_version")


def fill_search_documents(apps, schema_editor):
    # The same text as HomeOfficeResponse.derive_search_document(), which historical models lack.
    response = apps.get_model("responses", "HomeOfficeResponse")
    batch = []
    for row in response.objects.select_related("recommendation", "sub_element").iterator(chunk_size=5000):
        element = row.sub_element.text if row.sub_element_id else ""
        row.search_document = "\n".join(
            filter(None, [row.recommendation.text, element, row.narrative, row.target_text])
        )
        batch.append(row)
        if len(batch) == 5000:
            response.objects.bulk_update(batch, ["search_document"])
            batch = []
    response.objects.bulk_update(batch, ["search_document"])


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0004_next_due_date"),
        ("responses", "0005_indexes_for_the_lists"),
    ]

    operations = [
        migrations.AddField(
            model_name="homeofficeresponse",
            name="search_document",
            field=models.TextField(blank=True, editable=False),
        ),
        # SQLite rebuilt the responses table again, which drops its trigger.
        migrations.RunPython(history_and_version.restore_sqlite_trigger, migrations.RunPython.noop),
        migrations.RunPython(fill_search_documents, migrations.RunPython.noop),
        index_on_postgresql(
            "responses.HomeOfficeResponse",
            django.contrib.postgres.indexes.GinIndex(
                django.contrib.postgres.search.SearchVector("search_document", config="english"),
                name="response_search_idx",
            ),
        ),
    ]
