from django.db import migrations, models

from icibi_tracker.migration_tools import index_on_postgresql


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0004_roles_see_history"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="inspection", name="inspection_published_idx"),
        index_on_postgresql(
            "inspections.Inspection",
            models.Index(
                models.OrderBy(models.F("published_on"), descending=True, nulls_last=True),
                models.OrderBy(models.F("fieldwork_end"), descending=True),
                models.F("title"),
                name="inspection_newest_first_idx",
            ),
        ),
    ]
