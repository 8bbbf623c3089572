"""Helpers for migrations that differ between PostgreSQL and the embedded SQLite."""

from django.db import migrations


def index_on_postgresql(model, index):
    """Create `index` on PostgreSQL only, outside the models' state.

    SQLite can build neither an index in NULLS LAST order nor a text-search
    index, and it rebuilds a table (with every index the models declare) to
    add a column, so these indexes live here and not in a model's Meta.
    """
    app_label, model_name = model.split(".")

    def run(method):
        def apply(apps, schema_editor):
            if schema_editor.connection.vendor == "postgresql":
                getattr(schema_editor, method)(apps.get_model(app_label, model_name), index)

        return apply

    return migrations.RunPython(run("add_index"), run("remove_index"))
