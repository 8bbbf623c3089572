"""A backup restores to exactly the same database: records, history, accounts and roles."""

import datetime
import gzip
import json
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.core.serializers.base import DeserializationError
from django.db import IntegrityError

from inspections.models import Inspection
from recommendations.models import Recommendation

from .admin_forms import post


def everything():
    """Every row of every table the backup covers, as dumpdata reads it."""
    out = StringIO()
    call_command("dumpdata", natural_foreign=True, exclude=["contenttypes", "auth.permission"], stdout=out)
    return sorted(json.loads(out.getvalue()), key=lambda row: (row["model"], str(row["pk"])))


@pytest.fixture
def worked_on(client, inspectorate_user, policy_user, real_data):
    """The real data after a day's work: an edit in the admin (with history) and a closure."""
    client.force_login(inspectorate_user)
    rec = Recommendation.objects.filter(status="open").first()
    post(client, f"/admin/recommendations/recommendation/{rec.pk}/change/", {"priority": "on"})
    rec.refresh_from_db()
    rec.close(datetime.date(2026, 11, 20), "Annex A.")


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_to_exactly_the_same_database(worked_on, tmp_path):
    before = everything()
    assert any(row["model"] == "recommendations.historicalrecommendation" for row in before)
    path = tmp_path / "tracker.json.gz"
    call_command("backup", str(path), stdout=StringIO())

    call_command("flush", interactive=False, verbosity=0)
    assert not Inspection.objects.exists()
    call_command("restore", str(path), stdout=StringIO())

    assert everything() == before
    assert Group.objects.get(name="Inspectorate staff").permissions.exists()
    # The restored database takes new records: its id sequences are past the restored ids.
    assert Recommendation.objects.create(inspection=Inspection.objects.first(), number=99).pk > max(
        row["pk"] for row in before if row["model"] == "recommendations.recommendation"
    )


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_that_holds_data_and_a_file_that_is_not_a_backup(worked_on, tmp_path):
    path = tmp_path / "tracker.json.gz"
    call_command("backup", str(path), stdout=StringIO())
    with pytest.raises(CommandError, match="already holds data"):
        call_command("restore", str(path))
    not_a_backup = tmp_path / "notes.json.gz"
    not_a_backup.write_text("hello")
    with pytest.raises(CommandError, match="is not a backup"):
        call_command("restore", str(not_a_backup), "--replace")
    assert Inspection.objects.exists()  # nothing was deleted by the refused restores


@pytest.mark.django_db(transaction=True)
def test_a_broken_backup_restores_nothing(worked_on, tmp_path):
    path = tmp_path / "tracker.json.gz"
    call_command("backup", str(path), stdout=StringIO())
    with gzip.open(path, "rt") as backup:
        rows = json.load(backup)
    rows.append({"model": "recommendations.recommendation", "pk": 1, "fields": {"inspection": 999999}})
    with gzip.open(path, "wt") as broken:
        json.dump(rows, broken)
    before = everything()
    with pytest.raises((IntegrityError, DeserializationError)):
        call_command("restore", str(path), "--replace")
    assert everything() == before
