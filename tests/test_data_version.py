"""The data's version changes with every write to the tracker's tables, by whatever path, so the
overview's cached figures are never stale: on SQLite and on PostgreSQL (CI runs both)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from icibi_tracker import data_version
from inspections.models import Inspection
from recommendations.models import Owner, Recommendation
from responses.models import HomeOfficeResponse, ProgressUpdate

from . import factories

OVERVIEW = reverse("recommendations:overview")


def installed_triggers():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE t.tgname = %s",
                [data_version.TRIGGER],
            )
        else:
            cursor.execute(
                "SELECT DISTINCT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
                [f"{data_version.TRIGGER}_%"],
            )
        return {row[0] for row in cursor.fetchall()}


def test_every_table_of_the_tracker_and_only_those_carry_the_trigger(db):
    tables = set(data_version.tracked_tables())
    assert {
        "inspections_inspection",
        "recommendations_recommendation",
        "recommendations_subelement",
        "responses_homeofficeresponse",
        "responses_targetrevision",
        "responses_progressupdate",
    } <= tables
    assert not any(table.startswith(("auth_", "django_", "axes_")) or "historical" in table for table in tables)
    assert installed_triggers() == tables


def test_creating_the_triggers_again_changes_nothing(db):
    data_version.create_triggers()
    assert installed_triggers() == set(data_version.tracked_tables())


def changed(write):
    before = data_version.current()
    write()
    return data_version.current() != before


@pytest.mark.usefixtures("real_data")
class TestEveryPathChangesTheVersion:
    def test_a_save_through_the_model(self):
        assert changed(lambda: factories.recommendation())

    def test_queryset_update_which_skips_the_model(self):
        assert changed(lambda: Recommendation.objects.filter(number=1).update(priority=True))

    def test_bulk_create(self):
        assert changed(lambda: Owner.objects.bulk_create([Owner(name="Newly made team")]))

    def test_a_delete(self):
        update = ProgressUpdate.objects.first()
        assert changed(update.delete)

    def test_sql_typed_into_a_shell(self):
        table = HomeOfficeResponse._meta.db_table

        def write():
            with connection.cursor() as cursor:
                cursor.execute(f"UPDATE {table} SET target_text = target_text WHERE id = %s", [1])

        assert changed(write)

    def test_each_write_in_one_transaction_after_a_read(self):
        # A test's own transaction never commits: the version changes at each read that follows a write.
        assert changed(lambda: Inspection.objects.update(notes="first"))
        assert changed(lambda: Inspection.objects.update(notes="second"))

    def test_a_read_changes_nothing(self):
        assert not changed(lambda: list(Recommendation.objects.all()))


@pytest.mark.usefixtures("real_data", "today")
def test_the_overview_is_computed_once_until_the_data_changes(client, manager_user, django_assert_max_num_queries):
    client.force_login(manager_user)
    with django_assert_max_num_queries(30) as computed:
        first = client.get(OVERVIEW).context["figures"]
    # Served from the cache: not the four queries over every recommendation.
    with django_assert_max_num_queries(len(computed) - 4):
        again = client.get(OVERVIEW).context["figures"]
    assert again == first
    # A write the model layer never sees (QuerySet.update) still shows at once.
    Recommendation.objects.filter(status=Recommendation.Status.DISPUTED).update(priority=True)
    assert client.get(OVERVIEW).context["figures"]["priority_open"] == first["priority_open"]
    Recommendation.objects.filter(status=Recommendation.Status.OPEN).update(priority=True)
    after = client.get(OVERVIEW).context["figures"]
    assert (
        after["priority_open"] == Recommendation.objects.open().filter(priority=True).count() > first["priority_open"]
    )


@pytest.mark.usefixtures("real_data", "today")
def test_the_restated_chains_are_worked_out_once_until_the_data_changes(client, manager_user):
    client.force_login(manager_user)

    def chains():
        with CaptureQueriesContext(connection) as queries:
            page = client.get("/restated/")
        return [[link.pk for link in chain.links] for chain in page.context["chains"]], len(queries)

    first, computed = chains()
    again, served = chains()
    assert again == first
    assert served <= computed - 2  # not the two queries over every re-statement
    # A re-statement written where the model layer never sees it (QuerySet.update) shows at once.
    earlier, later = Recommendation.objects.exclude(pk__in=[pk for chain in first for pk in chain]).order_by(
        "inspection__published_on", "pk"
    )[:2]
    Recommendation.objects.filter(pk=later.pk).update(restates=earlier)
    after, _ = chains()
    assert [earlier.pk, later.pk] in after
