"""Settings come from the environment; production settings pass Django's deploy check."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "x" * 40 + "-a-long-random-production-secret-for-the-check",
    "ALLOWED_HOSTS": "tracker.example.gov.uk",
    "DATABASE_URL": "sqlite:////tmp/icibi-deploy-check.sqlite3",
}


def manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY", "DATABASE_URL")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_production_settings_pass_the_deploy_check_with_no_warnings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_without_a_secret_key_and_debug_off_start_up_stops_with_one_line_saying_what_to_set():
    result = manage("check", **{**PRODUCTION, "SECRET_KEY": ""})
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr.strip().splitlines()[-1]


def test_a_bad_database_url_stops_start_up_saying_what_to_set():
    result = manage("check", DATABASE_URL="not a url")
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr.strip().splitlines()[-1]


def test_a_bad_debug_value_stops_start_up():
    result = manage("check", DEBUG="perhaps")
    assert result.returncode != 0
    assert "Set DEBUG to true or false" in result.stderr


def test_a_bad_trusted_proxy_count_stops_start_up():
    result = manage("check", TRUSTED_PROXY_COUNT="-1")
    assert result.returncode != 0
    assert "Set TRUSTED_PROXY_COUNT to a whole number" in result.stderr.strip().splitlines()[-1]
