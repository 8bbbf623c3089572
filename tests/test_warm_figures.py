"""`warm_figures`, run by cron: after a change, what the pages keep once per version of the data is worked out
before anyone asks, so the first person does not wait for it."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from recommendations.models import Recommendation

pytestmark = pytest.mark.usefixtures("real_data", "today")

PAGES = ["/", "/reports/trends/", "/reports/trends/?period=month", "/reports/board-pack/"]


def test_after_a_change_the_pages_read_what_the_command_worked_out(client, manager_user):
    client.force_login(manager_user)

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    rec = Recommendation.objects.first()

    def after_a_change(url):
        # A write the model layer never sees: every kept figure is out of date, and worked out on the next request.
        Recommendation.objects.filter(pk=rec.pk).update(priority=rec.priority)
        return queries(url)

    cold = {url: after_a_change(url) for url in PAGES}
    out = io.StringIO()
    call_command("warm_figures", stdout=out)
    assert "trends, by quarter and by month" in out.getvalue() and "board pack, everyone" in out.getvalue()
    warm = {url: queries(url) for url in PAGES}
    assert all(warm[url] < cold[url] - 5 for url in PAGES), (cold, warm)


def test_a_second_run_with_nothing_changed_only_reads(db):
    call_command("warm_figures", stdout=io.StringIO())
    with CaptureQueriesContext(connection) as second:
        call_command("warm_figures", stdout=io.StringIO())
    # Each step: the data's version and one look-up in the cache; no figure is worked out again.
    assert not [
        q for q in second.captured_queries if "INSERT" in q["sql"] or "recommendations_recommendation" in q["sql"]
    ]
