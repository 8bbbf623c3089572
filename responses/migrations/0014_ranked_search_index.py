"""On PostgreSQL, a search reads its best matches in rank order from the index (issue 17): the rum extension's
index keeps each word's positions, so it ranks without reading the rows. A GIN index only finds the matches,
and ranking them meant reading every matching row (63,000 of them for one common word at a million
recommendations, 365 ms). The default search, open tracked items, keeps an index of its own."""

from django.db import migrations

TABLE = "responses_homeofficeresponse"
OPEN = "tracked AND (recommendation_status = 'open' OR recommendation_status = 'blocked')"
MISSING = (
    "PostgreSQL lacks the rum extension, which ranks a search from its index. Install it "
    "(Debian: apt-get install postgresql-{version}-rum), then run the migrations again."
)
FORWARD = [
    f"CREATE INDEX response_search_rank_idx ON {TABLE} USING rum (search_vector rum_tsvector_ops)",
    f"CREATE INDEX response_open_search_rank_idx ON {TABLE} USING rum (search_vector rum_tsvector_ops) WHERE {OPEN}",
    "DROP INDEX response_search_vector_idx",
    "DROP INDEX response_open_search_idx",
]
BACKWARD = [
    f"CREATE INDEX response_search_vector_idx ON {TABLE} USING gin (search_vector)",
    f"CREATE INDEX response_open_search_idx ON {TABLE} USING gin (search_vector) WHERE {OPEN}",
    "DROP INDEX response_search_rank_idx",
    "DROP INDEX response_open_search_rank_idx",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'rum'")
        if cursor.fetchone() is None:
            cursor.execute("SHOW server_version_num")
            raise RuntimeError(MISSING.format(version=int(cursor.fetchone()[0]) // 10000))
    for sql in ["CREATE EXTENSION IF NOT EXISTS rum", *FORWARD]:
        schema_editor.execute(sql)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in BACKWARD:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("responses", "0013_more_orders"),
    ]

    operations = [
        migrations.RunPython(forward, backward),
    ]
