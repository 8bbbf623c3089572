"""The data's version: a token that changes with every write to the tracker's tables, whatever makes
it (a page, the admin, an import, a bulk load, `QuerySet.update()`, SQL typed into a shell), so a
figure cached under it is never served stale. Database triggers keep it: only they see every path.

- PostgreSQL: a deferred constraint trigger on each table changes the token once per transaction, at
  commit, after every other lock the transaction takes, so two writers never wait on each other in a
  cycle (a trigger at each statement would take the token's row mid-transaction and could deadlock
  them). A statement trigger does the same for TRUNCATE.
- SQLite: a trigger per table and event; SQLite has one writer at a time.

Read the token before computing what is cached under it: a writer's rows and its new token are
committed together, so whatever is read after the token is at least as new as it.
"""

import hashlib
import uuid
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connections
from simple_history.models import HistoricalChanges

from .models import DataVersion

TOKEN_ROW = 1
TRIGGER = "tracker_data_changed"
# A transaction-local setting: the transaction that has already changed the token.
CHANGED_IN = "tracker.data_changed_in"
EVENTS = ("INSERT", "UPDATE", "DELETE")

POSTGRESQL_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' OR current_setting('{CHANGED_IN}', true) IS DISTINCT FROM txid_current()::text THEN
        PERFORM set_config('{CHANGED_IN}', txid_current()::text, true);
        UPDATE {DataVersion._meta.db_table} SET token = gen_random_uuid()::text WHERE id = {TOKEN_ROW};
    END IF;
    RETURN NULL;
END $$;
"""


def tracked_tables():
    """The tables of the project's own apps, not Django's or the libraries': all but the audit
    history's (a history row comes with a write to the table it records) and the token's own."""
    for config in apps.get_app_configs():
        if Path(config.path).parent != Path(settings.BASE_DIR):
            continue
        for model in config.get_models():
            if model is DataVersion or issubclass(model, HistoricalChanges) or model._meta.proxy:
                continue
            yield model._meta.db_table


def _postgresql(table, create):
    quoted = f'"{table}"'
    sql = [f"DROP TRIGGER IF EXISTS {TRIGGER} ON {quoted}", f"DROP TRIGGER IF EXISTS {TRIGGER}_truncate ON {quoted}"]
    if create:
        sql += [
            f"CREATE CONSTRAINT TRIGGER {TRIGGER} AFTER {' OR '.join(EVENTS)} ON {quoted} "
            f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {TRIGGER}()",
            f"CREATE TRIGGER {TRIGGER}_truncate AFTER TRUNCATE ON {quoted} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {TRIGGER}()",
        ]
    return sql


def _sqlite(table, create):
    token_table = DataVersion._meta.db_table
    sql = []
    for event in EVENTS:
        name = f"{TRIGGER}_{table}_{event.lower()}"
        sql.append(f"DROP TRIGGER IF EXISTS {name}")
        if create:
            sql.append(
                f'CREATE TRIGGER {name} AFTER {event} ON "{table}" BEGIN '
                f"UPDATE {token_table} SET token = lower(hex(randomblob(16))) WHERE id = {TOKEN_ROW}; END"
            )
    return sql


def _triggers(using, create):
    connection = connections[using]
    if connection.vendor not in ("postgresql", "sqlite"):
        return
    existing = set(connection.introspection.table_names())
    if DataVersion._meta.db_table not in existing:
        return  # migrated back to before the token
    statements = [POSTGRESQL_FUNCTION] if connection.vendor == "postgresql" and create else []
    per_table = _postgresql if connection.vendor == "postgresql" else _sqlite
    for table in tracked_tables():
        if table in existing:
            statements += per_table(table, create)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def drop_triggers(using="default", **kwargs):
    """pre_migrate: out of the way of SQLite's table rebuilds. Harmless when they are not there."""
    _triggers(using, create=False)


def create_triggers(using="default", **kwargs):
    """post_migrate (flush sends it too): the triggers on every table of the project's apps, new
    ones included, and the token's row. Safe to run again."""
    _triggers(using, create=True)
    if DataVersion._meta.db_table in connections[using].introspection.table_names():
        _token_row(using)


def _token_row(using):
    return DataVersion.objects.using(using).get_or_create(pk=TOKEN_ROW, defaults={"token": uuid.uuid4().hex})[0]


def current(using="default"):
    """The token now. A write earlier in this same transaction (a test, a page that writes then
    reads) changes it here rather than at commit, and a later one will change it again."""
    connection = connections[using]
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        with connection.cursor() as cursor:
            # One round trip: fire the pending triggers now, defer them again, and let the next write count.
            cursor.execute(
                f"SET CONSTRAINTS {TRIGGER} IMMEDIATE; SET CONSTRAINTS {TRIGGER} DEFERRED; "
                f"SELECT set_config('{CHANGED_IN}', '', true)"
            )
    version, _ = DataVersion.objects.using(using).get_or_create(pk=TOKEN_ROW, defaults={"token": uuid.uuid4().hex})
    return version.token


def key(*parts):
    """A cache key for a figure computed from the data now: read before the figure is computed."""
    return ":".join(map(str, (*parts, current())))


# A cached figure is kept a day at most: one keyed by a date is not asked for again after it.
CACHED_SECONDS = 24 * 60 * 60


def cached(compute, name, *parts):
    """compute(), once per version of the data and per `parts` (the day, a filter...). The parts are
    hashed into the key: a filter's words hold characters some caches refuse."""
    cache_key = f"{name}:{hashlib.sha256(key(*parts).encode()).hexdigest()}"
    value = cache.get(cache_key, MISSING)
    if value is MISSING:  # not get_or_set(), which reads the entry back after writing it
        value = compute()
        cache.set(cache_key, value, CACHED_SECONDS)
    return value


MISSING = object()
