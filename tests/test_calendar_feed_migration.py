"""Migration 0007: each person's one calendar token becomes the first of their calendars, and its address
keeps working."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("recommendations", "0006_response_published_category_missing")]
AFTER = [("recommendations", "0007_calendar_feeds")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def every_migration_after():
    """Going back to 0006 also unapplies the apps built on recommendations (submissions): apply every
    app's latest migration again afterwards, so later tests find their tables."""
    yield
    executor = MigrationExecutor(connection)
    migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("every_migration_after")
def test_an_existing_token_becomes_a_calendar_with_an_empty_filter():
    old = migrate(BEFORE)
    user = old.get_model("auth", "User").objects.create(username="subscriber")
    old.get_model("recommendations", "CalendarToken").objects.create(user=user, token="an-existing-secret")
    new = migrate(AFTER)
    (feed,) = new.get_model("recommendations", "CalendarFeed").objects.all()
    assert (feed.user_id, feed.token, feed.query, feed.name) == (user.pk, "an-existing-secret", "", "")
    assert feed.description == "open, or the filter in its address"
