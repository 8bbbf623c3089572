"""Load test: the tracker under gunicorn on loopback, against PostgreSQL, read by signed-in users.

    .venv/bin/python bench/load.py --seconds 30 --concurrency 8 --recommendations 10000

Prepares a database of its own (migrate, the real data, generated data when
`generate_demo_data` exists), signs in over HTTP as an inspectorate user,
sends concurrent requests to the main pages and exports for a fixed time, and
prints requests per second, p50/p95 latency and errors per page. Exits 1 on
any error: a status other than 200, an exception or a timeout.
"""

import argparse
import http.client
import itertools
import json
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from http.cookies import SimpleCookie
from pathlib import Path

from common import (
    HOST,
    ROOT,
    createdb_command,
    database_exists,
    environment,
    manage,
    percentile,
    require_built_assets,
    shell,
    vacuum_analyze_command,
)

USERNAME = "load-inspector"
ERROR_SAMPLES = 5

# Run by `manage.py shell`: the role groups, the load user, how much data there
# is and which detail pages to ask for (20 of each, spread over the table). The
# password comes in the environment, never on a command line.
PREPARE_USER = """
import json, os
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from inspections.models import Inspection
from icibi_tracker.roles import INSPECTORATE, sync_roles
from recommendations.models import Recommendation

sync_roles(Group, Permission)
user, _ = get_user_model().objects.get_or_create(username=os.environ["LOAD_USERNAME"])
user.is_staff = True
user.set_password(os.environ["LOAD_PASSWORD"])
user.save()
user.groups.set([Group.objects.get(name=INSPECTORATE)])

def spread(values):
    values = list(values)
    return values[:: max(1, len(values) // 20)][:20]

print(json.dumps({
    "recommendations": Recommendation.objects.count(),
    "inspections": Inspection.objects.count(),
    "recommendation_pks": spread(Recommendation.objects.order_by("pk").values_list("pk", flat=True)),
    "inspection_slugs": spread(Inspection.objects.order_by("pk").values_list("slug", flat=True)),
}))
"""

# The generated recommendations already there: generate_demo_data adds to them.
COUNT_GENERATED = (
    "from responses.demo_data import synthetic_inspections; from recommendations.models import Recommendation; "
    "print(Recommendation.objects.filter(inspection__in=synthetic_inspections()).count())"
)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=30, help="how long to send load (default 30)")
    parser.add_argument("--concurrency", type=int, default=8, help="client threads (default 8)")
    parser.add_argument("--recommendations", type=int, default=10000, help="generated recommendations (default 10000)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (default 3)")
    parser.add_argument("--timeout", type=float, default=30, help="seconds before a request counts as failed")
    parser.add_argument("--database", default="icibi_load", help="PostgreSQL database to use (default icibi_load)")
    args = parser.parse_args()
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", args.database) or args.database == "test":
        parser.error("--database must be a plain lower-case name, and never `test` (the test suite's database)")
    return args


def ensure_database(name):
    if not database_exists(name):
        subprocess.run(createdb_command(name), check=True)
        print(f"Created database {name}.")


def prepare_data(env, wanted):
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "load_real_data")
    if not wanted:
        return
    if "generate_demo_data" not in manage(env, "help", "--commands", capture=True).split():
        print("generate_demo_data does not exist yet: running on the real data only.")
        return
    held = int(shell(env, COUNT_GENERATED))
    if held >= wanted:
        print(f"The database already holds {held} generated recommendations: nothing generated.")
        return
    # --force: it refuses with DEBUG off unless told the database is a benchmark's.
    manage(env, "generate_demo_data", "--recommendations", str(wanted - held), "--force")


def free_port():
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def cookies_from(response):
    jar = SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or []:
        jar.load(header)
    return {name: morsel.value for name, morsel in jar.items()}


def wait_until_serving(server, port, log_path):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn stopped while starting (exit {server.returncode}); see {log_path}")
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=5)
            connection.request("GET", "/accounts/login/")
            status = connection.getresponse().status
            connection.close()
            if status == 200:
                return
        except OSError:
            pass  # not listening yet
        time.sleep(0.5)
    sys.exit(f"gunicorn did not answer within a minute; see {log_path}")


def sign_in(port, password):
    """Sign in as a browser does: the form's CSRF token and cookie, then the session cookie."""
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    connection.request("GET", "/accounts/login/")
    response = connection.getresponse()
    form = response.read().decode()
    cookies = cookies_from(response)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    body = urllib.parse.urlencode({"username": USERNAME, "password": password, "csrfmiddlewaretoken": token})
    connection.request(
        "POST",
        "/accounts/login/",
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookies['csrftoken']}",
            "Origin": f"http://{HOST}:{port}",
        },
    )
    response = connection.getresponse()
    response.read()
    cookies.update(cookies_from(response))
    if response.status != 302 or "sessionid" not in cookies:
        sys.exit(f"Signing in failed: HTTP {response.status}, cookies {sorted(cookies)}")
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def pages(facts):
    """Each page with the paths to rotate through (several for the detail pages)."""
    return [
        ("overview", ["/"]),
        ("overdue", ["/overdue/"]),
        ("due", ["/due/"]),
        ("due open, most extended", ["/due/?status=open&sort=-extensions"]),
        ("due any, owner, page 2", ["/due/?status=any&sort=owner&page=2"]),
        ("due search", ["/due/?status=any&q=asylum+casework"]),
        ("due export.csv", ["/due/export.csv"]),
        ("due no owner recorded", ["/due/?owner=none"]),
        ("due overdue or within 90 days", ["/due/?overdue_or_due_within=90"]),
        ("due calendar.ics", ["/due/calendar.ics"]),
        ("due calendar.ics, every date", ["/due/calendar.ics?months=all"]),
        ("calendars (subscription page)", ["/due/calendar/"]),
        ("restated", ["/restated/"]),
        ("awaiting response", ["/awaiting-response/"]),
        ("inspections", ["/inspections/"]),
        ("inspection", [f"/inspections/{slug}/" for slug in facts["inspection_slugs"]]),
        ("recommendation", [f"/recommendations/{pk}/" for pk in facts["recommendation_pks"]]),
    ]


def load(port, cookie, targets, offset, deadline, timeout, results):
    """One client: a keep-alive connection (reopened when the server closes it), one request at a time."""
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    for n in itertools.count(offset):
        if time.monotonic() >= deadline:
            break
        name, paths = targets[n % len(targets)]
        path = paths[n // len(targets) % len(paths)]
        start = time.perf_counter()
        try:
            connection.request("GET", path, headers={"Cookie": cookie})
            response = connection.getresponse()
            response.read()
            error = None
            if response.status != 200:
                location = response.getheader("Location")
                error = f"HTTP {response.status} {response.reason}" + (f" to {location}" if location else "")
        except (OSError, http.client.HTTPException) as exception:
            connection.close()
            error = f"{type(exception).__name__}: {exception}"
        results.append((name, path, time.perf_counter() - start, error))


def report(targets, results, elapsed):
    print(f"\n{'page':<26} {'requests':>8} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7}")
    for name, rows in [(name, [r for r in results if r[0] == name]) for name, _ in targets] + [("all", results)]:
        if name == "all":
            print("-" * 69)
        if not rows:
            print(f"{name:<26} {0:>8}")
            continue
        ordered = sorted(r[2] * 1000 for r in rows)
        errors = sum(1 for r in rows if r[3])
        print(
            f"{name:<26} {len(rows):>8} {len(rows) / elapsed:>7.1f} "
            f"{percentile(ordered, 0.5):>8.0f} {percentile(ordered, 0.95):>8.0f} {errors:>7}"
        )
    failed = [r for r in results if r[3]]
    for name, path, _, error in failed[:ERROR_SAMPLES]:
        print(f"error: {name} {path}: {error}")
    return len(failed)


def stop(server):
    """SIGTERM is gunicorn's graceful stop: requests in flight finish first."""
    server.terminate()
    try:
        server.wait(timeout=40)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
    print("gunicorn stopped.")


def main():
    args = parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # in order with the commands' own output
    # A SIGTERM unwinds like Ctrl-C, so gunicorn is still stopped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    require_built_assets()
    began = time.monotonic()
    password = secrets.token_urlsafe(24)
    env = environment(args.database, LOAD_USERNAME=USERNAME, LOAD_PASSWORD=password)
    ensure_database(args.database)
    prepare_data(env, args.recommendations)
    subprocess.run(vacuum_analyze_command(args.database), check=True)
    facts = json.loads(shell(env, PREPARE_USER))
    manage(env, "collectstatic", "--noinput", "-v", "0")
    port = free_port()
    log_path = Path(tempfile.gettempdir()) / f"icibi-load-gunicorn-{port}.log"
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "icibi_tracker.wsgi", "--bind", f"{HOST}:{port}"]
            + ["--workers", str(args.workers), "--no-control-socket"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches only this script, which then stops gunicorn gracefully
        )
    try:
        wait_until_serving(server, port, log_path)
        cookie = sign_in(port, password)
        print(
            f"Setup took {time.monotonic() - began:.0f} s. Database {args.database}: {facts['recommendations']} "
            f"recommendations, {facts['inspections']} inspections. gunicorn: {args.workers} workers on "
            f"{HOST}:{port}, log {log_path}."
        )
        print(f"Sending load for {args.seconds:g} s from {args.concurrency} clients...")
        targets = pages(facts)
        per_client = [[] for _ in range(args.concurrency)]
        start = time.monotonic()
        clients = [
            threading.Thread(
                target=load,
                args=(port, cookie, targets, i, start + args.seconds, args.timeout, per_client[i]),
                daemon=True,  # an interrupted run does not wait for them
            )
            for i in range(args.concurrency)
        ]
        for client in clients:
            client.start()
        for client in clients:
            client.join()
        results = [row for rows in per_client for row in rows]
        errors = report(targets, results, time.monotonic() - start)
    finally:
        stop(server)
    if errors or not results:
        sys.exit(f"{errors} errors in {len(results)} requests; tracebacks of server errors are in {log_path}")


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit("Interrupted.")
