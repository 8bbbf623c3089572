"""Stored derived fields never drift from the facts unnoticed: every load ends with them derived,
and `check_derived` finds (and with --repair fixes) what a raw write left behind."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from inspections.models import Inspection
from recommendations.models import Recommendation
from responses import demo_data
from responses.derivation import Derivation
from responses.importing import apply_import
from responses.models import HomeOfficeResponse

from . import factories
from .backup_helpers import backed_up_rows, rewrite
from .conftest import TODAY
from .test_import import seed


def check_derived(*args):
    """(exit status, output) of `manage.py check_derived`."""
    out = StringIO()
    try:
        call_command("check_derived", *args, stdout=out)
    except CommandError as error:
        return error.returncode, out.getvalue()
    return 0, out.getvalue()


def assert_no_drift():
    status, output = check_derived()
    assert status == 0, output
    assert "No drift" in output


def history_rows():
    return sum(m.history.count() for m in (Inspection, Recommendation, HomeOfficeResponse))


# After each load path.


def test_loaddata_of_the_real_fixture_derives_what_it_loaded(db):
    call_command("loaddata", "fixtures/real_data.json", verbosity=0)
    assert_no_drift()
    # Not "awaiting response" across the board, as a raw load leaves it.
    assert (
        Recommendation.objects.overdue(TODAY).filter(inspection__slug="illegal-working-enforcement-2023").count() == 6
    )
    assert Recommendation.objects.disputed().count() == 1
    # Derived in bulk after the load: no half-loaded states in the history (load_real_data writes its first rows).
    assert history_rows() == 0


def test_load_real_data_leaves_no_drift(real_data):
    assert_no_drift()


@pytest.mark.django_db(transaction=True)
def test_a_restored_backup_has_no_drift_even_if_the_file_had(real_data, tmp_path):
    path = tmp_path / "tracker.tar.gz"
    call_command("backup", str(path), stdout=StringIO())
    open_row = next(
        r
        for r in backed_up_rows(path)
        if r["model"] == "recommendations.recommendation" and r["fields"]["status"] == "open"
    )

    def raw_write(rows):
        # A backup taken after a raw write: a closed recommendation still said to be open.
        for row in rows:
            if row["model"] == open_row["model"] and row["pk"] == open_row["pk"]:
                row["fields"]["status"] = "closed"
        return rows

    rewrite(path, rows=raw_write)
    history = history_rows()

    call_command("restore", str(path), "--replace", stdout=StringIO())

    assert_no_drift()
    assert Recommendation.objects.get(pk=open_row["pk"]).status == Recommendation.Status.OPEN
    assert history_rows() == history  # the restored history, nothing written over it


@pytest.mark.parametrize("prefix", ["000", "001", "003", "004"])  # 002 is news: it has no recommendations
def test_importing_each_seed_document_leaves_no_drift(db, prefix):
    inspection = factories.inspection(response_published_on=datetime.date(2025, 3, 25))
    plan = apply_import(inspection, seed(prefix), replace_text=True)
    assert plan.document.recommendations
    assert_no_drift()


def test_generated_demo_data_has_no_drift(db):
    demo_data.generate(300, seed=3)
    assert Recommendation.objects.filter(status=Recommendation.Status.SUPERSEDED).exists()
    assert HomeOfficeResponse.objects.filter(revision_count__gt=0).exists()
    assert_no_drift()


# What a raw write leaves behind.


def test_a_closure_written_with_update_is_reported_then_repaired(real_data):
    rec = Recommendation.objects.filter(status=Recommendation.Status.OPEN).first()
    Recommendation.objects.filter(pk=rec.pk).update(
        ho_status=Recommendation.HomeOfficeStatus.CLOSED, closed_on=datetime.date(2026, 11, 1), closure_evidence="x"
    )

    status, output = check_derived()

    assert status == 1
    assert f"Recommendation {rec.pk} ({rec}): status is 'open', derives 'closed'" in output
    # Its one response keeps a copy of the status for the lists: that is out of date too.
    response = rec.responses.get()
    assert f"Response {response.pk} (to {rec}): recommendation_status is 'open', derives 'closed'" in output
    assert "2 values in 2 rows differ" in output
    assert Recommendation.objects.get(pk=rec.pk).status == Recommendation.Status.OPEN  # only reported

    status, output = check_derived("--repair")
    assert status == 0
    assert "Repaired 2 values in 2 rows" in output
    assert Recommendation.objects.get(pk=rec.pk).status == Recommendation.Status.CLOSED
    assert not HomeOfficeResponse.objects.open().filter(recommendation=rec).exists()
    assert_no_drift()


def test_an_owner_written_with_update_is_reported_then_repaired(db):
    rec = factories.recommendation()
    response = factories.response(rec, target_text="March 2026")
    owner = factories.owner("Visas")
    Recommendation.objects.filter(pk=rec.pk).update(owner=owner)

    status, output = check_derived()

    # Both copies the response keeps for the owner filter and the owner sort are out of date.
    assert status == 1
    assert f"Response {response.pk} (to {rec}): recommendation_owner_id is empty, derives '{owner.pk}'" in output
    assert f"Response {response.pk} (to {rec}): owner_name is empty, derives 'Visas'" in output
    check_derived("--repair")
    assert list(HomeOfficeResponse.objects.filter(recommendation_owner=owner)) == [response]
    assert_no_drift()


def test_a_target_text_written_with_update_is_reported_then_repaired(db):
    rec = factories.recommendation()
    response = factories.response(rec, target_text="by the end of 2024")
    HomeOfficeResponse.objects.filter(pk=response.pk).update(target_text="February 2027", due_date=None)

    status, output = check_derived()

    assert status == 1
    assert f"Response {response.pk} (to {rec}): current_target_text is 'by the end of 2024', derives" in output
    assert "current_due_date is '2024-12-31', derives empty" in output
    assert f"Recommendation {rec.pk} ({rec}): next_due_date is '2024-12-31', derives empty" in output
    check_derived("--repair")
    response.refresh_from_db()
    assert (response.current_target_text, response.search_document.endswith("February 2027")) == (
        "February 2027",
        True,
    )
    assert_no_drift()


def test_a_response_moved_with_update_is_reported_then_repaired(db):
    first, second = factories.recommendation(), factories.recommendation()
    response = factories.response(first, target_text="by the end of 2024")
    revision = factories.extension(response, "an extension until 31 March 2026")
    HomeOfficeResponse.objects.filter(pk=response.pk).update(recommendation=second)

    status, output = check_derived()

    assert status == 1
    assert f"Target revision {revision.pk} of Response {response.pk} (to {second}): recommendation is " in output
    assert f"Recommendation {first.pk} ({first}): status is 'open', derives 'awaiting_response'" in output
    assert f"Recommendation {second.pk} ({second}): status is 'awaiting_response', derives 'open'" in output
    check_derived("--repair")
    assert factories.refreshed(revision).recommendation_id == second.pk
    assert_no_drift()


def test_check_derived_reads_a_fixed_number_of_queries_per_batch(db, django_assert_max_num_queries):
    demo_data.generate(400, seed=5)
    # One batch: the recommendations with their inspections, responses with elements, revisions, and two
    # for re-statements; whatever the number of rows.
    with django_assert_max_num_queries(6):
        assert not list(Derivation(batch_size=1000).drift())
    with django_assert_max_num_queries(6 * 4 + 1):
        assert not list(Derivation(batch_size=100).drift())
