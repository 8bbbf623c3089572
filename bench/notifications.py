"""send_notifications at size: time, peak memory and emails, on a database bench/pages.py made.

    .venv/bin/python bench/notifications.py --database bench_100000

Gives every team member and every inspectorate and manager account an email address (the synthetic
people have none), forgets what was sent before, then runs send_notifications twice as on the
synthetic data's Monday: the first sends every summary and reminder due, the second must send
nothing. Emails go to Django's dummy backend: the work measured is planning, claiming and recording.
"""

import argparse
import re
import resource
import sys
import time

import common

DAY = "2026-11-23"  # the synthetic data's today
PREPARE = """
from django.contrib.auth import get_user_model
from notifications.models import SentEmail
SentEmail.objects.all().delete()
people = get_user_model().objects.filter(email="")
for person in people.iterator():
    person.email = f"{person.username}@example.gov.uk"
    person.save(update_fields=["email"])
print(get_user_model().objects.exclude(email="").count())
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="bench_100000")
    args = parser.parse_args()
    if not common.database_exists(args.database):
        sys.exit(f"No database {args.database}: run bench/pages.py --sizes 100000 first.")
    env = common.environment(args.database, EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend")
    people = common.shell(env, PREPARE).strip()
    count = common.shell(
        env, "from recommendations.models import Recommendation; print(Recommendation.objects.count())"
    )
    print(f"{args.database}: {count.strip()} recommendations, {people} people with an email address")
    for run in ("first run", "second run"):
        started = time.monotonic()
        printed = common.manage(env, "send_notifications", "--date", DAY, capture=True)
        seconds = time.monotonic() - started
        # The largest of the processes run so far (Linux keeps one figure for all children).
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        sent = re.search(r"Sent (\d+) email", printed).group(1)
        print(f"  {run}: {sent} emails sent in {seconds:.1f} s; peak memory so far {peak:.0f} MB")


if __name__ == "__main__":
    main()
