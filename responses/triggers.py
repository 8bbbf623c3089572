"""SQLite's half of a database guarantee Django cannot express as a constraint: a response to an
element belongs to that element's recommendation (PostgreSQL's trigger is made by migration 0002
and survives its table changes).

SQLite drops a table's triggers whenever a migration rebuilds the table, and cannot rebuild the
elements table while this trigger names it. So migrate drops it before it starts and creates it
again once it is done (ResponsesConfig.ready() connects both): no migration needs to know it is there.
"""

from django.db import connections

NAME = "response_element_same_recommendation"
MESSAGE = "A response to an element must belong to that element''s recommendation."
TABLES = {"responses_homeofficeresponse", "recommendations_subelement"}

CREATE = [
    f"""
    CREATE TRIGGER IF NOT EXISTS {NAME}_{event.lower()}
    BEFORE {event} ON responses_homeofficeresponse
    FOR EACH ROW WHEN NEW.sub_element_id IS NOT NULL AND NEW.recommendation_id IS NOT
        (SELECT recommendation_id FROM recommendations_subelement WHERE id = NEW.sub_element_id)
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;
    """
    for event in ("INSERT", "UPDATE")
]
DROP = [f"DROP TRIGGER IF EXISTS {NAME}_{event};" for event in ("insert", "update")]


def drop_sqlite_trigger(using="default", **kwargs):
    """pre_migrate: out of the way of any table rebuild. Harmless when it is not there."""
    connection = connections[using]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for sql in DROP:
                cursor.execute(sql)


def create_sqlite_trigger(using="default", **kwargs):
    """post_migrate: in place again. Harmless when it already is; skipped while either table is missing
    (migrated back to before them)."""
    connection = connections[using]
    if connection.vendor == "sqlite" and set(connection.introspection.table_names()) >= TABLES:
        with connection.cursor() as cursor:
            for sql in CREATE:
                cursor.execute(sql)
