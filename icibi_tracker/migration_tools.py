"""Helpers for migrations that differ between PostgreSQL and the embedded SQLite."""

from django.db import migrations


def add_index_on_postgresql(model, index):
    """Add `index` to the model's state everywhere, and to the database on PostgreSQL only:
    SQLite cannot build an index in NULLS LAST order, and the embedded database is small."""
    app_label, model_name = model.split(".")

    def run(method):
        def apply(apps, schema_editor):
            if schema_editor.connection.vendor == "postgresql":
                getattr(schema_editor, method)(apps.get_model(app_label, model_name), index)

        return apply

    return migrations.SeparateDatabaseAndState(
        state_operations=[migrations.AddIndex(model_name=model_name.lower(), index=index)],
        database_operations=[migrations.RunPython(run("add_index"), run("remove_index"))],
    )
