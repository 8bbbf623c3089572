"""A backup restores to exactly the same database: records, history, accounts and roles."""

import datetime
import gzip
import os
import shutil
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.core import serializers
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.core.serializers.base import DeserializationError
from django.db import IntegrityError

from icibi_tracker.management.commands.backup import NOT_BACKED_UP
from inspections.models import Inspection
from recommendations.models import Recommendation
from submissions import evidence
from submissions.models import Evidence, Submission

from .admin_forms import post
from .backup_helpers import backed_up_files, backed_up_rows, rewrite
from .submission_helpers import MINIMAL_PDF, asylum_data, team_member_with_a_submission

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4

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


def stored(media):
    """{storage name: bytes} of every file in the evidence storage."""
    return {str(p.relative_to(media)): p.read_bytes() for p in media.rglob("*") if p.is_file()}


@pytest.fixture
def worked_on(client, inspectorate_user, policy_user, real_data, django_user_model, evidence_storage):
    """The real data after a day's work: an edit in the admin (with history), a closure, and a team's
    submissions with their evidence (a closure claim with a PDF and a PNG), in an update round."""
    member = team_member_with_a_submission(django_user_model)
    files = [SimpleUploadedFile(name, content) for name, content in [("annex.pdf", MINIMAL_PDF), ("chart.png", PNG)]]
    draft = Submission.start(
        asylum_data(),
        Submission.Kind.CLOSURE,
        member,
        {"implemented_on": datetime.date(2026, 10, 1), "text": "Data collection runs."},
        files=[(upload, evidence.recognise(upload)) for upload in files],
    )
    draft.submit(member, draft.version)
    client.force_login(inspectorate_user)
    rec = Recommendation.objects.filter(status="open").first()
    post(client, f"/admin/recommendations/recommendation/{rec.pk}/change/", {"priority": "on"})
    rec.refresh_from_db()
    rec.close(datetime.date(2026, 11, 20), "Annex A.")
    # Times to the microsecond, as the database keeps them: a sign-in and a change in the history.
    inspectorate_user.last_login = EXACT
    inspectorate_user.save(update_fields=["last_login"])
    rec.history.filter(pk=rec.history.latest().pk).update(history_date=EXACT)


def downloads(client, user):
    """{storage name: bytes} of every evidence file, as the evidence view serves it to user."""
    client.force_login(user)
    served = {}
    for item in Evidence.objects.exclude(file=""):
        response = client.get(f"/submissions/{item.submission_id}/evidence/{item.pk}/")
        assert response.status_code == 200
        served[item.file.name] = b"".join(response.streaming_content)
    return served


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_to_exactly_the_same_database_and_evidence_files(
    worked_on, tmp_path, client, inspectorate_user, evidence_storage
):
    before = everything()
    assert any(row["model"] == "recommendations.historicalrecommendation" for row in before)
    assert {"submissions.submission", "submissions.evidence", "submissions.updateround"} <= {r["model"] for r in before}
    assert {row["fields"].get("last_login") for row in before if row["model"] == "auth.user"} >= {EXACT}
    assert EXACT in {row["fields"]["history_date"] for row in before if row["model"].startswith("recommendations.hist")}
    files = stored(evidence_storage)
    assert sorted(content[:4] for content in files.values()) == [b"%PDF", b"%PDF", b"\x89PNG"]
    path = tmp_path / "tracker.tar.gz"
    out = StringIO()
    call_command("backup", str(path), stdout=out)
    assert "3 files" in out.getvalue()
    assert backed_up_files(path) == files  # under their storage names
    assert EXACT.isoformat().removesuffix("+00:00") in str(backed_up_rows(path))

    # A new server: an empty database and an empty storage.
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(evidence_storage)
    assert not Inspection.objects.exists()
    out = StringIO()
    call_command("restore", str(path), stdout=out)

    assert "3 evidence files" in out.getvalue()
    assert everything() == before
    assert stored(evidence_storage) == files
    assert downloads(client, inspectorate_user) == files
    assert Group.objects.get(name="Inspectorate staff").permissions.exists()
    # The restored database takes new records: its id sequences are past the restored ids.
    assert Recommendation.objects.create(inspection=Inspection.objects.first(), number=99).pk > max(
        row["pk"] for row in before if row["model"] == "recommendations.recommendation"
    )


@pytest.mark.django_db(transaction=True)
def test_a_backup_of_the_old_kind_still_restores(worked_on, tmp_path, client, inspectorate_user, evidence_storage):
    """Gzipped JSON, as `backup` wrote before it kept the files: the data comes back, the files stay put."""
    path = tmp_path / "tracker-2026-11-01.json.gz"
    with gzip.open(path, "wt", encoding="utf-8") as old:
        call_command(
            "dumpdata", format="json_exact", natural_foreign=True, exclude=NOT_BACKED_UP, stdout=old, verbosity=0
        )
    before, files = everything(), stored(evidence_storage)
    call_command("flush", interactive=False, verbosity=0)
    out = StringIO()
    call_command("restore", str(path), stdout=out)
    assert "data only" in out.getvalue() and "not in the storage" not in out.getvalue()
    assert everything() == before
    assert downloads(client, inspectorate_user) == files

    # Restored where the files were not copied: it says so, and which.
    shutil.rmtree(evidence_storage)
    out = StringIO()
    call_command("restore", str(path), "--replace", stdout=out)
    assert "3 evidence files it names are not in the storage (first: evidence/" in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_a_damaged_or_missing_file_is_refused_by_name_and_restores_nothing(worked_on, tmp_path, evidence_storage):
    path = tmp_path / "tracker.tar.gz"
    call_command("backup", str(path), stdout=StringIO())
    png = next(name for name in backed_up_files(path) if name.endswith(".png"))
    pdf = Evidence.objects.get(name="annex.pdf").file.name
    before, files, original = everything(), stored(evidence_storage), path.read_bytes()
    # Restored over this database into an empty storage, so any file written before the refusal shows.
    shutil.rmtree(evidence_storage)

    rewrite(path, files=lambda name, content: content[:-1] + b"!" if name == png else content)
    with pytest.raises(CommandError, match=f"Evidence file {png} in the backup does not match the SHA-256"):
        call_command("restore", str(path), "--replace", stdout=StringIO())
    assert everything() == before
    assert stored(evidence_storage) == {}  # the files put back before the damaged one are gone again

    path.write_bytes(original)
    rewrite(path, files=lambda name, content: None if name == pdf else content)
    with pytest.raises(CommandError, match=f"Evidence file {pdf} is missing from"):
        call_command("restore", str(path), "--replace", stdout=StringIO())
    assert everything() == before
    assert stored(evidence_storage) == {}
    assert files  # the storage held them before the test emptied it


@pytest.mark.django_db(transaction=True)
def test_a_backup_refuses_to_keep_a_file_that_no_longer_matches_its_record(worked_on, tmp_path, evidence_storage):
    item = Evidence.objects.get(name="chart.png")
    (evidence_storage / item.file.name).write_bytes(PNG + b"changed")
    path = tmp_path / "tracker.tar.gz"
    with pytest.raises(CommandError, match=f"Evidence file {item.file.name} does not match the SHA-256"):
        call_command("backup", str(path), stdout=StringIO())
    assert not path.exists()  # no half-written backup left to be trusted


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_that_holds_data_and_a_file_that_is_not_a_backup(worked_on, tmp_path):
    path = tmp_path / "tracker.tar.gz"
    call_command("backup", str(path), stdout=StringIO())
    with pytest.raises(CommandError, match="already holds data"):
        call_command("restore", str(path))
    not_a_backup = tmp_path / "notes.json.gz"
    not_a_backup.write_text("hello")
    with pytest.raises(CommandError, match="is not a backup"):
        call_command("restore", str(not_a_backup), "--replace")
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(CommandError, match="is not a backup"):
        call_command("restore", str(truncated), "--replace")
    assert Inspection.objects.exists()  # nothing was deleted by the refused restores


@pytest.mark.django_db(transaction=True)
def test_a_broken_backup_restores_nothing(worked_on, tmp_path):
    path = tmp_path / "tracker.tar.gz"
    call_command("backup", str(path), stdout=StringIO())
    rewrite(
        path,
        rows=lambda rows: [
            *rows,
            {"model": "recommendations.recommendation", "pk": 1, "fields": {"inspection": 999999}},
        ],
    )
    before = everything()
    with pytest.raises((IntegrityError, DeserializationError)):
        call_command("restore", str(path), "--replace")
    assert everything() == before


@pytest.mark.django_db(transaction=True)
def test_a_backup_is_readable_by_its_owner_only_and_leaves_out_sessions(worked_on, tmp_path, client):
    assert Session.objects.exists()  # the day's work signed people in
    old_umask = os.umask(0)  # a plain open() would now make the file readable (and writable) by all
    try:
        path = tmp_path / "tracker.tar.gz"
        out = StringIO()
        call_command("backup", str(path), stdout=out)
        assert os.stat(path).st_mode & 0o777 == 0o600
        # A file already at the path, readable by all, is made owner-only before it is written.
        existing = tmp_path / "existing.tar.gz"
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
