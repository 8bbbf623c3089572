"""A database guarantee Django cannot express as a constraint: a response to a
sub-element belongs to that sub-element's recommendation."""

from django.db import migrations

MESSAGE = "A response to an element must belong to that element''s recommendation."

SQLITE = [
    f"""
    CREATE TRIGGER response_element_same_recommendation_{event.lower()}
    BEFORE {event} ON responses_homeofficeresponse
    FOR EACH ROW WHEN NEW.sub_element_id IS NOT NULL AND NEW.recommendation_id IS NOT
        (SELECT recommendation_id FROM recommendations_subelement WHERE id = NEW.sub_element_id)
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;
    """
    for event in ("INSERT", "UPDATE")
]
SQLITE_REVERSE = [f"DROP TRIGGER IF EXISTS response_element_same_recommendation_{e};" for e in ("insert", "update")]

POSTGRESQL = [
    f"""
    CREATE FUNCTION response_element_same_recommendation() RETURNS trigger AS $$
    BEGIN
        IF NEW.sub_element_id IS NOT NULL AND NEW.recommendation_id IS DISTINCT FROM
            (SELECT recommendation_id FROM recommendations_subelement WHERE id = NEW.sub_element_id) THEN
            RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
    END $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER response_element_same_recommendation
    BEFORE INSERT OR UPDATE ON responses_homeofficeresponse
    FOR EACH ROW EXECUTE FUNCTION response_element_same_recommendation();
    """,
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER response_element_same_recommendation ON responses_homeofficeresponse;",
    "DROP FUNCTION response_element_same_recommendation();",
]


def run(statements):
    def apply(apps, schema_editor):
        for sql in statements[schema_editor.connection.vendor]:
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("responses", "0001_initial")]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        )
    ]
