"""SQLite's trigger that keeps a response to an element with that element's recommendation is put
in place by migrate itself (responses/triggers.py), so no migration has to drop or restore it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import IntegrityError, connection, transaction

from responses.models import HomeOfficeResponse
from responses.triggers import create_sqlite_trigger

from . import factories

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL's trigger is made by a migration"),
]

TRIGGERS = ["response_element_same_recommendation_insert", "response_element_same_recommendation_update"]


def triggers():
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'response%' ORDER BY name")
        return [name for (name,) in cursor.fetchall()]


def test_after_migrate_the_trigger_refuses_a_response_to_another_recommendations_element():
    assert triggers() == TRIGGERS
    rec, other = factories.recommendation(), factories.recommendation()
    element = factories.sub_element(rec)
    with pytest.raises(IntegrityError, match="must belong to that element"), transaction.atomic():
        HomeOfficeResponse.objects.create(recommendation=other, sub_element=element, category="accepted")


def test_creating_the_trigger_again_is_harmless():
    create_sqlite_trigger()
    create_sqlite_trigger()
    assert triggers() == TRIGGERS


# A later migration that rebuilds the elements table, run as migrate runs it: SQLite refuses the
# rebuild while the trigger names the table, unless migrate has moved the trigger out of the way.
LATER_MIGRATION = """
import django
django.setup()
from django.core.management import call_command
from django.db import connection, models
from django.db.models.signals import post_migrate, pre_migrate
from recommendations.models import SubElement

def rebuild_elements(**kwargs):
    if kwargs["app_config"].label != "responses":
        return
    old = SubElement._meta.get_field("review_note")
    new = models.CharField(max_length=600, blank=True)
    new.set_attributes_from_name("review_note")
    new.model = SubElement
    with connection.schema_editor() as editor:
        editor.alter_field(SubElement, old, new)

call_command("migrate", verbosity=0)
pre_migrate.connect(rebuild_elements)  # after the trigger is dropped: connected later
call_command("migrate", verbosity=0)
print(sorted(n for (n,) in connection.cursor().execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
             if n.startswith("response") or "subelement" in n))
"""


def test_a_migration_that_rebuilds_the_elements_table_need_not_know_about_the_trigger(tmp_path):
    environment = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}", "PYTHONPATH": "."}
    result = subprocess.run(
        [sys.executable, "-c", LATER_MIGRATION],
        cwd=Path(__file__).resolve().parent.parent,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    # The data version's triggers on the rebuilt table are back too (icibi_tracker/data_version.py).
    version = [f"tracker_data_changed_recommendations_subelement_{event}" for event in ("delete", "insert", "update")]
    assert result.stdout.strip() == str(sorted(TRIGGERS + version))
