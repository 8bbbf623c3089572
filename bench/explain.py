"""Where a page's time goes, on a bench database: each SQL query of one request with its time, then
PostgreSQL's plan (EXPLAIN ANALYZE) of the slowest ones. For finding why a page grows with the data.

    .venv/bin/python bench/explain.py --size 100000 "/due/?no_target=on" [--plans 2] [--user "team member"]

With --profile 25, also the 25 functions with most own time in a second, warm request.

Run bench/pages.py for that size first: it makes the database bench_<size>.
"""

import argparse
import cProfile
import os
import pstats
import sys
import time

import common


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path")
    parser.add_argument("--size", type=int, default=100000)
    parser.add_argument("--plans", type=int, default=2, help="how many of the slowest queries to explain")
    parser.add_argument("--user", default="inspector", choices=["inspector", "superuser", "team member"])
    parser.add_argument("--profile", type=int, metavar="N", help="also print the N functions with most own time")
    args = parser.parse_args()
    os.environ.update(common.environment(f"bench_{args.size}", ALLOWED_HOSTS="testserver"))
    import pages

    pages.setup_django()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = pages.signed_in_clients()[args.user]
    pages.body_size(client.get(args.path))  # warm
    timed = []

    def timer(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            timed.append((time.perf_counter() - started, sql, params))

    with CaptureQueriesContext(connection), connection.execute_wrapper(timer):
        began = time.perf_counter()
        response = client.get(args.path)
        pages.body_size(response)
        wall = time.perf_counter() - began
    sql_seconds = sum(t for t, _, _ in timed)
    print(f"{args.path}: {response.status_code}, {wall * 1000:.1f} ms, {len(timed)} queries, ", end="")
    print(f"SQL {sql_seconds * 1000:.1f} ms")
    for seconds, sql, _ in timed:
        print(f"  {seconds * 1000:8.1f} ms  {sql[:150]}")
    if args.profile:
        # Where the Python time goes (the request again, warm): functions by their own time.
        profiler = cProfile.Profile()
        profiler.runcall(lambda: pages.body_size(client.get(args.path)))
        pstats.Stats(profiler).sort_stats("tottime").print_stats(args.profile)
    with connection.cursor() as cursor:
        for seconds, sql, params in sorted(timed, key=lambda t: -t[0])[: args.plans]:
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
            print(f"\n-- {seconds * 1000:.1f} ms:\n{sql}\n")
            print("\n".join(row[0] for row in cursor.fetchall()))


if __name__ == "__main__":
    sys.exit(main())
