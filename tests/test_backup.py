"""A backup restores to exactly the same database: records, history, accounts and roles."""

import datetime
import gzip
import json
import os
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.core import serializers
from django.core.management import CommandError, call_command
from django.core.serializers.base import DeserializationError
from django.db import IntegrityError

from icibi_tracker.management.commands.backup import NOT_BACKED_UP
from inspections.models import Inspection
from recommendations.models import Recommendation

from .admin_forms import post
from .submission_helpers import team_member_with_a_submission

# Microseconds no millisecond rounding could keep: Django's stock json format writes .123.
EXACT = datetime.datetime(2026, 11, 20, 9, 15, 30, 123456, tzinfo=datetime.UTC)


def everything():
    """Every row of every table the backup covers, with its values as Python objects.

    Read through the "python" serializer, not JSON, so datetimes compare to the microsecond.
    """
    rows = []
    for model in apps.get_models():
        label = model._meta.label_lower
        if model._meta.app_label in NOT_BACKED_UP or label in NOT_BACKED_UP or not model._meta.managed:
            continue
        rows += serializers.serialize("python", model._base_manager.order_by("pk"), use_natural_foreign_keys=True)
    return sorted(rows, key=lambda row: (row["model"], str(row["pk"])))


def backed_up_rows(path):
    with gzip.open(path, "rt", encoding="utf-8") as backup:
        return json.load(backup)


@pytest.fixture
def worked_on(client, inspectorate_user, policy_user, real_data, django_user_model, evidence_storage):
    """The real data after a day's work: an edit in the admin (with history), a closure, and a team's
    submission with its evidence, returned once, in an update round."""
    team_member_with_a_submission(django_user_model)
    client.force_login(inspectorate_user)
    rec = Recommendation.objects.filter(status="open").first()
    post(client, f"/admin/recommendations/recommendation/{rec.pk}/change/", {"priority": "on"})
    rec.refresh_from_db()
    rec.close(datetime.date(2026, 11, 20), "Annex A.")
    # Times to the microsecond, as the database keeps them: a sign-in and a change in the history.
    inspectorate_user.last_login = EXACT
    inspectorate_user.save(update_fields=["last_login"])
    rec.history.filter(pk=rec.history.latest().pk).update(history_date=EXACT)


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_to_exactly_the_same_database(worked_on, tmp_path):
    before = everything()
    assert any(row["model"] == "recommendations.historicalrecommendation" for row in before)
    assert {"submissions.submission", "submissions.evidence", "submissions.updateround"} <= {r["model"] for r in before}
    assert {row["fields"].get("last_login") for row in before if row["model"] == "auth.user"} >= {EXACT}
    assert EXACT in {row["fields"]["history_date"] for row in before if row["model"].startswith("recommendations.hist")}
    path = tmp_path / "tracker.json.gz"
    call_command("backup", str(path), stdout=StringIO())
    with gzip.open(path, "rt") as backup:
        assert "2026-11-20T09:15:30.123456" in backup.read()

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


@pytest.mark.django_db(transaction=True)
def test_a_backup_is_readable_by_its_owner_only_and_leaves_out_sessions(worked_on, tmp_path, client):
    assert Session.objects.exists()  # the day's work signed people in
    old_umask = os.umask(0)  # a plain open() would now make the file readable (and writable) by all
    try:
        path = tmp_path / "tracker.json.gz"
        out = StringIO()
        call_command("backup", str(path), stdout=out)
        assert os.stat(path).st_mode & 0o777 == 0o600
        # A file already at the path, readable by all, is made owner-only before it is written.
        existing = tmp_path / "existing.json.gz"
        existing.write_text("old")
        existing.chmod(0o644)
        call_command("backup", str(existing), stdout=StringIO())
        assert os.stat(existing).st_mode & 0o777 == 0o600
    finally:
        os.umask(old_umask)
    models = {row["model"] for row in backed_up_rows(path)}
    assert "sessions.session" not in models
    assert not models & {"axes.accessattempt", "axes.accessattemptexpiration"}
    assert {"auth.user", "recommendations.historicalrecommendation"} <= models
    said = out.getvalue()
    assert "0600" in said and "sessions" in said and "password hash" in said and "calendar" in said


def test_the_backup_help_says_what_is_left_out_and_what_the_file_holds():
    from icibi_tracker.management.commands.backup import Command

    assert "sessions" in Command.help and "password hash" in Command.help and "calendar" in Command.help
