"""Two saves at the same moment on SQLite both succeed, one waiting for the other.

With SQLite's default (deferred) transactions a save that reads before it writes
holds a read lock the other save's write cannot get past: one of two concurrent
admin saves failed at once with "database is locked" (an error page). The settings'
SQLITE_OPTIONS start every transaction IMMEDIATE, with a busy timeout, so the
second save waits its turn. These tests build their own SQLite connections from
those options, so they run (and mean the same) whichever database the suite uses.
"""

import threading
import time

import pytest
from django.conf import settings
from django.db import OperationalError, connections, transaction
from django.db.backends.sqlite3.base import DatabaseWrapper


def sqlite_wrapper(path, options):
    return DatabaseWrapper(
        {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(path),
            "OPTIONS": dict(options),
            "TIME_ZONE": None,
            "CONN_MAX_AGE": 0,
            "CONN_HEALTH_CHECKS": False,
            "AUTOCOMMIT": True,
            "ATOMIC_REQUESTS": False,
            "USER": "",
            "PASSWORD": "",
            "HOST": "",
            "PORT": "",
            "TEST": {},
        },
        alias="sqlite_concurrency_check",
    )


def two_concurrent_saves(path, options):
    """Two threads, each on its own connection: in a transaction read, pause, write. Returns their errors."""
    setup = sqlite_wrapper(path, options)
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, value INTEGER NOT NULL)")
        cursor.execute("INSERT INTO counter (id, value) VALUES (1, 0)")
    setup.close()

    start = threading.Barrier(2)
    errors = []

    def save():
        wrapper = sqlite_wrapper(path, options)
        # transaction.atomic() finds the connection by alias, in this thread's own set.
        connections[wrapper.alias] = wrapper
        try:
            start.wait(timeout=10)
            with transaction.atomic(using=wrapper.alias), wrapper.cursor() as cursor:
                cursor.execute("SELECT value FROM counter WHERE id = 1")
                (value,) = cursor.fetchone()
                time.sleep(0.3)
                cursor.execute("UPDATE counter SET value = %s WHERE id = 1", [value + 1])
        except OperationalError as error:
            errors.append(error)
        finally:
            wrapper.close()
            del connections[wrapper.alias]

    threads = [threading.Thread(target=save) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)

    check = sqlite_wrapper(path, options)
    with check.cursor() as cursor:
        cursor.execute("SELECT value FROM counter WHERE id = 1")
        (value,) = cursor.fetchone()
        cursor.execute("PRAGMA journal_mode")
        (journal_mode,) = cursor.fetchone()
    check.close()
    return errors, value, journal_mode


@pytest.fixture
def own_connections(django_db_blocker):
    """These tests' own SQLite files, not the suite's test database: let them connect."""
    with django_db_blocker.unblock():
        yield


def test_the_sqlite_options_let_two_concurrent_saves_both_succeed(tmp_path, own_connections):
    errors, value, journal_mode = two_concurrent_saves(tmp_path / "tracker.sqlite3", settings.SQLITE_OPTIONS)
    assert errors == []
    assert value == 2  # the second save read after the first had written: nothing lost
    assert journal_mode == "wal"


def test_without_them_one_of_the_two_saves_fails_with_database_is_locked(tmp_path, own_connections):
    """The old settings (deferred transactions): shows the test above exercises the failure."""
    errors, value, _ = two_concurrent_saves(tmp_path / "tracker.sqlite3", {})
    assert len(errors) == 1
    assert "database is locked" in str(errors[0])
    assert value == 1


def test_sqlite_options_are_used_only_when_the_database_is_sqlite():
    options = settings.DATABASES["default"].get("OPTIONS", {})
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        assert settings.SQLITE_OPTIONS.items() <= options.items()
    else:
        assert "transaction_mode" not in options and "init_command" not in options


@pytest.mark.parametrize("option", ["transaction_mode", "timeout", "init_command"])
def test_sqlite_options_name_what_django_expects(option):
    assert option in settings.SQLITE_OPTIONS
