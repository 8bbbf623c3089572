"""Page benchmark (issue 6): each dashboard page, the due list with its common filters and sort orders, the CSV
export and the calendar feed, against the Django admin's recommendation list as the baseline, on PostgreSQL.

    .venv/bin/python bench/pages.py --sizes 1000 10000 100000 --json /tmp/bench.json

Needs PostgreSQL on 127.0.0.1:5432 (user postgres, as CI uses), the venv and the built assets of `make test`
or `make run`. It sets its own settings (DJANGO_SETTINGS_MODULE, DEBUG off as in production): nothing to export.

Each size has a database of its own, bench_<size>: created if missing, migrated, the real data loaded, then
synthetic data (generate_demo_data, seed 1) up to <size> recommendations; a database already of that size is
reused. In a fresh process per size, django.test.Client (signed in as an inspectorate staff user, and as a
superuser for one more admin row) requests each page after a warm-up: wall time p50 and p95, SQL queries per
request, the request's own SQL time (the floor), the Python time (wall minus SQL) and, from one more request
under cProfile, its Python function calls (the same calls at two sizes: the same work, whatever the time says).
Another process streams the CSV export of every tracked item and reports its peak memory (ru_maxrss). Then it
prints a table per size, checks the issue's targets, and writes every figure as JSON.
"""

import argparse
import cProfile
import json
import pstats
import resource
import statistics
import sys
import time
from pathlib import Path

import common
from common import ROOT, percentile

TODAY = "2026-11-23"  # the date the domain document's examples (and the synthetic data) are written against
SEED = "1"
BASELINE = "admin list: open (baseline)"
ADMIN = "admin list"  # the admin rows are the baseline, not pages the targets apply to
CSV_EXPORT = "/due/export.csv?status=any"

# The issue's targets.
PYTHON_GROWTH = 1.5
P95_GROWTH = 3.0
P95_LARGEST_MS = 300
CSV_MEMORY_MB = 150
# Full exports grow with their rows by nature: the growth and time targets are for the interactive pages,
# and each export's time is reported per row (CSV lines, calendar events) instead.
EXPORTS = {
    "due/export.csv",
    "due/calendar.ics",
    "due/calendar.ics: every date",
    "a saved calendar's feed",
    "board pack: PDF, everyone",
    "board pack: spreadsheet, everyone",
}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000], help="recommendations")
    parser.add_argument("--json", type=Path, required=True, help="where to write every figure")
    parser.add_argument("--repeat", type=int, default=20, help="timed requests per page (default 20)")
    parser.add_argument("--warmup", type=int, default=2, help="untimed requests per page first (default 2)")
    parser.add_argument(
        "--max-seconds-per-page",
        type=float,
        default=120,
        help="stop repeating a slow page after this long, with at least 5 timed requests (an export: 1) (default 120)",
    )
    parser.add_argument(
        "--prepare-only", action="store_true", help="make the databases and stop (for 1M, run in the background first)"
    )
    parser.add_argument(
        "--skip-exports",
        action="store_true",
        help="the interactive pages and the baseline only: no full export, no CSV memory (a quick run)",
    )
    # The measuring processes: one database each, so each size runs in a process of its own.
    parser.add_argument("--child", choices=["measure", "csv-memory"], help=argparse.SUPPRESS)
    return parser.parse_args()


def timed(steps, name, command, env, capture=False):
    """Run a command, note how long it took, and return what it printed when asked to."""
    started = time.monotonic()
    printed = common.run(command, env, capture)
    steps[name] = round(steps.get(name, 0) + time.monotonic() - started, 1)
    print(f"  {name}: {steps[name]:.1f} s")
    return printed


def manage(steps, name, env, *args, capture=False):
    return timed(steps, name, common.manage_command(*args), env, capture)


def count_recommendations(steps, env):
    code = "from recommendations.models import Recommendation; print(Recommendation.objects.count())"
    return int(manage(steps, "count", env, "shell", "--no-imports", "-c", code, capture=True))


def prepare(size, env, steps):
    """The database bench_<size> with exactly `size` recommendations: the real data and synthetic data."""
    database = f"bench_{size}"
    if not common.database_exists(database):
        timed(steps, "createdb", common.createdb_command(database), env)
    manage(steps, "migrate", env, "migrate", "--noinput", "-v", "0")
    manage(steps, "load_real_data", env, "load_real_data")
    held = count_recommendations(steps, env)
    # DEBUG is off here as in production, so generate_demo_data needs --force: this database is the benchmark's own.
    if held > size:
        manage(steps, "delete synthetic submissions", env, "generate_demo_submissions", "--delete", "--force")
        manage(steps, "delete synthetic", env, "generate_demo_data", "--delete", "--force")
        held = count_recommendations(steps, env)
    if held > size:
        sys.exit(f"The real data alone holds {held} recommendations: give sizes of at least that.")
    if held < size:
        wanted = str(size - held)
        manage(steps, "generate", env, "generate_demo_data", "--recommendations", wanted, "--seed", SEED, "--force")
    else:
        print(f"  reusing {database}: it holds {held} recommendations")
    # Submissions in every state, one for every 50 recommendations (none added if some are there already).
    submissions = str(max(size // 50, 16))
    manage(steps, "submissions", env, "generate_demo_submissions", "--submissions", submissions, "--force")
    # After every write of the preparation, migrations included (quick when there is nothing to clear).
    timed(steps, "vacuum analyze", common.vacuum_analyze_command(database), env)


def child(args, mode, steps, env):
    """Run this script as a measuring process (on the database `env` names) and return its figures."""
    command = [sys.executable, __file__, "--child", mode]
    command += ["--json", str(args.json), "--repeat", str(args.repeat), "--warmup", str(args.warmup)]
    command += ["--max-seconds-per-page", str(args.max_seconds_per_page)]
    command += ["--skip-exports"] if args.skip_exports else []
    return json.loads(timed(steps, mode, command, env, capture=True))


# --- in the measuring processes ----------------------------------------------------------------------------------


def setup_django():
    import datetime

    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from icibi_tracker import clock

    # Figures that do not move with the calendar: every run sees the same overdue and due-soon items.
    clock.today = lambda: datetime.date.fromisoformat(TODAY)


def signed_in_clients():
    """Clients signed in as an inspectorate staff user and as a superuser (no passwords: force_login)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission
    from django.test import Client

    from icibi_tracker.roles import INSPECTORATE, sync_roles

    sync_roles(Group, Permission)
    User = get_user_model()
    inspector, _ = User.objects.get_or_create(username="bench-inspector", defaults={"is_staff": True})
    inspector.groups.set([Group.objects.get(name=INSPECTORATE)])
    superuser, _ = User.objects.get_or_create(
        username="bench-superuser", defaults={"is_staff": True, "is_superuser": True}
    )
    # A member of the first synthetic team (generate_demo_submissions makes one per team it uses).
    from responses import demo_data
    from submissions.models import TeamMembership

    member = TeamMembership.objects.filter(owner__name=demo_data.OWNER_NAMES[0]).select_related("user").first().user
    clients = {}
    for name, user in (("inspector", inspector), ("superuser", superuser), ("team member", member)):
        clients[name] = Client()
        # The model backend by name: the first backend (django-axes) does not load users for a session.
        clients[name].force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return clients


def first_found(queryset, *conditions):
    """The first row meeting the most conditions, dropping the last ones until one is found."""
    for n in range(len(conditions), -1, -1):
        found = queryset.filter(*conditions[:n]).order_by("pk").first()
        if found:
            return found
    raise LookupError(f"No {queryset.model.__name__} at all")


def pages():
    """(name, user, path) for every page measured; the detail pages show the same shape of data at every size."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count, Q

    from inspections.models import Inspection
    from recommendations.models import FEEDS_PER_PERSON, CalendarFeed, Owner, Recommendation
    from responses import demo_data
    from submissions.models import UpdateRound

    synthetic = Recommendation.objects.filter(inspection__slug__startswith=demo_data.SLUG_PREFIX)
    recommendation = first_found(
        synthetic,
        Q(sub_elements__isnull=False),
        Q(target_revisions__isnull=False),
        Q(progress_updates__isnull=False),
        Q(restates__isnull=False),
    )
    inspection = first_found(
        Inspection.objects.filter(slug__startswith=demo_data.SLUG_PREFIX).annotate(n=Count("recommendations")),
        Q(n=12),
    )
    owner = Owner.objects.get(name=demo_data.OWNER_NAMES[0])
    admin = "/admin/recommendations/recommendation/"
    # The calendars page at its fullest: as many saved calendars as a person may have.
    inspector = get_user_model().objects.get(username="bench-inspector")
    for n in range(FEEDS_PER_PERSON - CalendarFeed.objects.of(inspector).count()):
        CalendarFeed.issue(inspector, name=f"Bench {n}", query="status=open&months=12", description="open")
    feed = CalendarFeed.objects.of(inspector).first()
    return [
        ("overview", "inspector", "/"),
        ("overdue", "inspector", "/overdue/"),
        ("overdue, page 2", "inspector", "/overdue/?page=2"),
        ("due (open, soonest first)", "inspector", "/due/"),
        ("due: any status", "inspector", "/due/?status=any"),
        ("due: closed", "inspector", "/due/?status=closed"),
        ("due: overdue only", "inspector", "/due/?overdue=on"),
        ("due: within 90 days", "inspector", "/due/?due_within=90"),
        ("due: no target date", "inspector", "/due/?no_target=on"),
        ("due: one owner", "inspector", f"/due/?owner={owner.pk}"),
        ("due: no owner recorded", "inspector", "/due/?owner=none"),
        ("due: overdue or within 90 days", "inspector", "/due/?overdue_or_due_within=90"),
        ("due: one owner, overdue (overview link)", "inspector", f"/due/?owner={owner.pk}&overdue=true"),
        ("due: latest first", "inspector", "/due/?sort=-due"),
        ("due: by owner", "inspector", "/due/?sort=owner"),
        ("due: by inspection", "inspector", "/due/?sort=inspection"),
        ("due: most extensions", "inspector", "/due/?sort=-extensions"),
        ("due: search", "inspector", "/due/?q=asylum+casework"),
        # One word in a quarter of the texts; three that must all be there.
        ("due: search, one word", "inspector", "/due/?q=quality"),
        ("due: search, three words", "inspector", "/due/?q=publish+service+standard"),
        ("due: search, one word, every status", "inspector", "/due/?q=quality&status=any"),
        ("due: any status, page 20", "inspector", "/due/?status=any&page=20"),
        ("due/export.csv", "inspector", "/due/export.csv"),
        ("due/calendar.ics", "inspector", "/due/calendar.ics"),
        ("due/calendar.ics: every date", "inspector", "/due/calendar.ics?months=all"),
        ("calendars (subscription page)", "inspector", "/due/calendar/"),
        ("email settings", "inspector", "/account/email/"),
        ("due: at risk", "inspector", "/due/?at_risk=true"),
        ("a saved calendar's feed", "inspector", f"/due/calendar/{feed.token}.ics"),
        ("restated", "inspector", "/restated/"),
        ("awaiting response", "inspector", "/awaiting-response/"),
        ("inspections", "inspector", "/inspections/"),
        ("inspection", "inspector", f"/inspections/{inspection.slug}/"),
        ("recommendation", "inspector", f"/recommendations/{recommendation.pk}/"),
        ("submissions: review queue", "inspector", "/submissions/review/"),
        ("submissions: a round", "inspector", f"/submissions/rounds/{UpdateRound.objects.latest('pk').pk}/"),
        ("submissions: your team's recommendations", "team member", "/submissions/"),
        ("reports: trends by quarter", "inspector", "/reports/trends/"),
        ("reports: trends by month, one owner", "inspector", f"/reports/trends/?period=month&owner={owner.pk}"),
        ("reports: over-time CSV", "inspector", "/reports/trends/open-overdue-disputed.csv"),
        ("reports: themes", "inspector", "/reports/themes/"),
        ("board pack: everyone", "inspector", "/reports/board-pack/"),
        ("board pack: one owner", "inspector", f"/reports/board-pack/?owner={owner.pk}"),
        ("board pack: PDF, everyone", "inspector", "/reports/board-pack.pdf"),
        ("board pack: spreadsheet, everyone", "inspector", "/reports/board-pack.xlsx"),
        (BASELINE, "inspector", f"{admin}?status__exact=open"),
        ("admin list: open, superuser", "superuser", f"{admin}?status__exact=open"),
        ("admin list: all", "inspector", admin),
    ]


class SqlTimer:
    """The request's own time in the database: every execute, plus the FETCHes of server-side cursors (the
    exports stream through one). Django's query log gives the count but times to the millisecond only."""

    def __init__(self):
        from django.db.backends.utils import CursorWrapper

        self.seconds = 0.0
        timer = self

        def fetchmany(wrapper, *args):
            if not getattr(wrapper.cursor, "name", None):  # a client-side cursor already holds its rows
                return wrapper.cursor.fetchmany(*args)
            started = time.perf_counter()
            try:
                return wrapper.cursor.fetchmany(*args)
            finally:
                timer.seconds += time.perf_counter() - started

        CursorWrapper.fetchmany = fetchmany

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started


def body_size(response):
    """(bytes, rows): rows are the lines of a CSV, the events of a calendar, or a page's table rows (the work
    that grows with a list until it is a full page)."""
    chunks = response.streaming_content if response.streaming else [response.content]
    size = rows = 0
    kind = response.get("Content-Type", "")
    for chunk in chunks:
        size += len(chunk)
        if kind.startswith("text/csv"):
            rows += chunk.count(b"\r\n")
        elif kind.startswith("text/calendar"):
            rows += chunk.count(b"BEGIN:VEVENT")
        elif kind.startswith("text/html"):
            rows += chunk.count(b"<tr")
    return size, rows


def measure_page(client, path, args, timer, export=False):
    """Timed requests after a warm-up. An export is reported per row, not held to the pages' targets: one warm-up
    and, past the time allowed, one timed request are enough (at a million rows each takes minutes)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    fewest = 1 if export else 5
    for _ in range(min(args.warmup, 1) if export else args.warmup):
        response = client.get(path)
        if response.status_code != 200:
            sys.exit(f"{path} answered {response.status_code}")
        body_size(response)
    samples = []
    started = time.monotonic()
    while len(samples) < args.repeat and (
        len(samples) < fewest or time.monotonic() - started < args.max_seconds_per_page
    ):
        timer.seconds = 0.0
        with CaptureQueriesContext(connection) as queries, connection.execute_wrapper(timer):
            began = time.perf_counter()
            size, rows = body_size(client.get(path))
            wall = time.perf_counter() - began
        samples.append((wall, len(queries.captured_queries), timer.seconds, size, rows))
    walls = sorted(s[0] for s in samples)
    counts = [s[1] for s in samples]
    # The Python work of one more request, counted: unlike its time, the same at any load of the machine
    # (not for an export, whose request at a million rows would take minutes more under the profiler).
    profile = None if export else cProfile.Profile()
    if profile:
        profile.runcall(lambda: body_size(client.get(path)))
    return {
        "path": path,
        "samples": len(samples),
        "p50_ms": round(percentile(walls, 0.5) * 1000, 1),
        "p95_ms": round(percentile(walls, 0.95) * 1000, 1),
        "queries": statistics.median_low(counts),
        "queries_min_max": [min(counts), max(counts)],
        "sql_ms": round(statistics.median(s[2] for s in samples) * 1000, 1),
        "python_ms": round(statistics.median(s[0] - s[2] for s in samples) * 1000, 1),
        "python_calls": pstats.Stats(profile).total_calls if profile else None,
        "bytes": samples[-1][3],
        "rows": samples[-1][4],
    }


def row_counts():
    from inspections.models import Inspection
    from recommendations.models import Recommendation, SubElement
    from responses.models import HomeOfficeResponse, ProgressUpdate, TargetRevision

    models = (Inspection, Recommendation, SubElement, HomeOfficeResponse, TargetRevision, ProgressUpdate)
    return {str(model._meta.verbose_name_plural): model.objects.count() for model in models}


def run_measure(args):
    setup_django()
    from django.db import connection

    clients = signed_in_clients()
    timer = SqlTimer()
    results = {}
    for name, user, path in pages():
        if args.skip_exports and name in EXPORTS:
            continue
        results[name] = measure_page(clients[user], path, args, timer, export=name in EXPORTS)
        figures = results[name]
        print(f"    {name}: p50 {figures['p50_ms']} ms, {figures['queries']} queries", file=sys.stderr)
    print(json.dumps({"rows": row_counts(), "server": connection.pg_version, "pages": results}))


def run_csv_memory(args):
    """Stream the CSV export of every tracked item in this process, and report its peak memory."""
    setup_django()
    client = signed_in_clients()["inspector"]
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    response = client.get(CSV_EXPORT)
    lines = size = 0
    for chunk in response.streaming_content:
        size += len(chunk)
        lines += chunk.count(b"\r\n")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    print(
        json.dumps(
            {
                "path": CSV_EXPORT,
                "how": "django.test.Client in a process of its own; peak = ru_maxrss of that whole process",
                "rows": lines - 1,
                "bytes": size,
                "seconds": round(time.perf_counter() - started, 1),
                "rss_before_request_mb": round(before / 1024, 1),
                "peak_rss_mb": round(peak / 1024, 1),
            }
        )
    )


# --- the report --------------------------------------------------------------------------------------------------


def print_table(size, result):
    rows = ", ".join(f"{n:,} {kind}" for kind, n in result["rows"].items())
    print(f"\n== {size:,} recommendations (bench_{size}): {rows}")
    print(
        f"{'page':<32} {'p50 ms':>8} {'p95 ms':>8} {'queries':>7} {'SQL ms':>8} {'Python ms':>9} {'calls':>8} "
        f"{'KB':>8} {'rows':>7} {'n':>3}"
    )
    for name, f in result["pages"].items():
        low, high = f["queries_min_max"]
        queries = str(f["queries"]) if low == high else f"{low}-{high}"
        print(
            f"{name:<32} {f['p50_ms']:>8.1f} {f['p95_ms']:>8.1f} {queries:>7} {f['sql_ms']:>8.1f} "
            f"{f['python_ms']:>9.1f} {f['python_calls'] or '-':>8} {f['bytes'] / 1024:>8.0f} {f['rows']:>7} "
            f"{f['samples']:>3}"
        )
    for name, f in result["pages"].items():
        if name in EXPORTS and f["rows"]:
            print(f"{name}: {f['rows']:,} rows, {1000 * f['p50_ms'] / f['rows']:.0f} µs a row (p50)")
    csv = result["csv_memory"]
    if csv is None:
        return
    print(
        f"CSV export of every tracked item ({csv['rows']:,} rows, {csv['bytes'] / 2**20:.1f} MB, {csv['seconds']} s): "
        f"peak memory {csv['peak_rss_mb']} MB (process before the request: {csv['rss_before_request_mb']} MB)"
    )


def evaluate(results):
    """Each target of the issue: whether it holds, and the pages that miss it."""
    sizes = sorted(results)
    small = results[sizes[0]]["pages"]
    pages = {name: f for name, f in results[sizes[-1]]["pages"].items() if not name.startswith(ADMIN)}
    large = {name: f for name, f in pages.items() if name not in EXPORTS}
    compared = len(sizes) > 1
    ratio = f"{sizes[-1]:,} vs {sizes[0]:,}"

    def growth(key, limit):
        # With the table rows drawn at each size (a list that is not yet a full page at the smaller size grows)
        # and the Python function calls of a request (the same calls: the same work, whatever the time says).
        return {
            name: (
                f"{small[name][key]} -> {figures[key]} ({small[name]['rows']} -> {figures['rows']} table rows, "
                f"{small[name]['python_calls']:,} -> {figures['python_calls']:,} Python calls)"
            )
            for name, figures in large.items()
            if figures[key] > limit * max(small[name][key], 0.1)
        }

    baseline = results[sizes[-1]]["pages"][BASELINE]["p50_ms"]
    csv = results[sizes[-1]]["csv_memory"]
    targets = [
        (
            "queries per request constant in N",
            {
                name: " / ".join(str(results[s]["pages"][name]["queries"]) for s in sizes)
                for name in pages
                if len({results[s]["pages"][name]["queries"] for s in sizes}) > 1
            },
        ),
        (f"Python time at {ratio} at most {PYTHON_GROWTH}x", growth("python_ms", PYTHON_GROWTH)),
        (f"p95 at {ratio} at most {P95_GROWTH}x", growth("p95_ms", P95_GROWTH)),
        (
            f"at {sizes[-1]:,}, p95 under {P95_LARGEST_MS} ms",
            {name: f"{f['p95_ms']} ms" for name, f in large.items() if f["p95_ms"] >= P95_LARGEST_MS},
        ),
        (
            f"at {sizes[-1]:,}, p50 no slower than the admin baseline ({baseline} ms)",
            {name: f"{f['p50_ms']} ms" for name, f in large.items() if f["p50_ms"] > baseline},
        ),
    ]
    if csv is not None:
        targets.append(
            (
                f"CSV export at {sizes[-1]:,}: peak memory under {CSV_MEMORY_MB} MB",
                {} if csv["peak_rss_mb"] < CSV_MEMORY_MB else {"csv export": f"{csv['peak_rss_mb']} MB"},
            )
        )
    if not compared:
        targets = targets[3:]  # growth needs two sizes
    return [{"target": target, "holds": not failing, "failing": failing} for target, failing in targets]


def print_targets(targets):
    print("\n== Targets")
    for target in targets:
        print(f"{'HOLDS' if target['holds'] else 'FAILS'}: {target['target']}")
        for name, detail in target["failing"].items():
            print(f"    {name}: {detail}")


def main():
    args = parse_args()
    if args.child:
        {"measure": run_measure, "csv-memory": run_csv_memory}[args.child](args)
        return
    common.require_built_assets()
    results = {}
    began = time.monotonic()
    for size in sorted(args.sizes):
        database = f"bench_{size}"
        env = common.environment(database, ALLOWED_HOSTS="testserver")
        steps = {}
        print(f"Size {size:,}: database {database}")
        prepare(size, env, steps)
        if args.prepare_only:
            continue
        # DEBUG is off: pages use the hashed static files, as in production.
        manage(steps, "collectstatic", env, "collectstatic", "--noinput", "-v", "0")
        result = child(args, "measure", steps, env)
        result["csv_memory"] = None if args.skip_exports else child(args, "csv-memory", steps, env)
        result["steps_seconds"] = steps
        results[size] = result
        print_table(size, result)
    if args.prepare_only:
        return
    targets = evaluate(results)
    print_targets(targets)
    report = {
        "today": TODAY,
        "settings": {"DEBUG": False, "repeat": args.repeat, "warmup": args.warmup, "seed": int(SEED)},
        "sizes": {str(size): result for size, result in results.items()},
        "targets": targets,
        "total_seconds": round(time.monotonic() - began),
    }
    args.json.write_text(json.dumps(report, indent=2))
    print(f"\nAll figures in {args.json} ({report['total_seconds']} s in all).")


if __name__ == "__main__":
    main()
