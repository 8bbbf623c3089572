"""On PostgreSQL, each response's text-search vector is kept in a column the database generates from
search_document, so a search ranks what it finds without parsing every text again (issue 17). The
default search, open tracked items, has an index of its own. SQLite searches search_document."""

from django.db import migrations

TABLE = "responses_homeofficeresponse"
OPEN = "tracked AND (recommendation_status = 'open' OR recommendation_status = 'blocked')"
FORWARD = [
    f"ALTER TABLE {TABLE} ADD COLUMN search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('english'::regconfig, search_document)) STORED",
    f"CREATE INDEX response_search_vector_idx ON {TABLE} USING gin (search_vector)",
    f"CREATE INDEX response_open_search_idx ON {TABLE} USING gin (search_vector) WHERE {OPEN}",
    "DROP INDEX response_search_idx",
]
BACKWARD = [
    f"CREATE INDEX response_search_idx ON {TABLE} "
    "USING gin (to_tsvector('english'::regconfig, COALESCE(search_document, ''::text)))",
    f"ALTER TABLE {TABLE} DROP COLUMN search_vector",
]


def on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("responses", "0008_listing"),
    ]

    operations = [
        migrations.RunPython(on_postgresql(FORWARD), on_postgresql(BACKWARD)),
    ]
