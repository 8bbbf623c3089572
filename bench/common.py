"""What bench/pages.py and bench/load.py share: where PostgreSQL is, the production-like settings they run
the tracker with, management commands, psql, and a database of their own."""

import math
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
PG_ARGS = ["-h", HOST, "-p", "5432", "-U", "postgres"]


def database_url(database):
    return f"postgres://postgres@{HOST}:5432/{database}"


def environment(database, **extra):
    """The tracker's settings as in production (DEBUG off, a fresh secret key) on `database`."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "icibi_tracker.settings",
        "DATABASE_URL": database_url(database),
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "false",
        "PYTHONUNBUFFERED": "1",
        **extra,
    }


def require_built_assets():
    if not (ROOT / "static_build").is_dir():
        sys.exit("Build the static assets first: make assets (npm run build).")


def run(command, env, capture=False):
    """Run a command in the project's folder, its errors straight to the terminal; what it printed, if asked."""
    stdout = subprocess.PIPE if capture else None
    return subprocess.run(command, cwd=ROOT, env=env, check=True, text=True, stdout=stdout).stdout


def manage_command(*args):
    return [sys.executable, "manage.py", *args]


def manage(env, *args, capture=False):
    return run(manage_command(*args), env, capture)


def shell(env, code):
    """What `code` prints; without the shell's automatic imports, whose notice would come first."""
    return manage(env, "shell", "--no-imports", "-c", code, capture=True)


def psql(database, sql):
    return subprocess.run(
        ["psql", *PG_ARGS, "-d", database, "-tAc", sql], check=True, text=True, capture_output=True
    ).stdout.strip()


def database_exists(name):
    return bool(psql("postgres", f"SELECT 1 FROM pg_database WHERE datname = '{name}'"))


def createdb_command(name):
    return ["createdb", *PG_ARGS, name]


def vacuum_analyze_command(database):
    """Dead rows cleared and fresh planner statistics, as autovacuum keeps a live database: rows just written
    have no statistics (PostgreSQL then picks plans that take seconds), and a generator's or a migration's
    updates leave dead rows that every scan of the table wades through (seen: 7 million in a table of 1.5)."""
    return ["psql", *PG_ARGS, "-d", database, "-qc", "VACUUM ANALYZE"]


def percentile(ordered, share):
    """Nearest rank: the value below which `share` of the samples fall."""
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]
