"""The summary emails: who gets one and what it says, each sent once however often or however many
copies of send_notifications run, a failed one sent on the next run, and the person's own choices."""

import datetime
import io
import threading

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from notifications import digests
from notifications.models import EmailSettings, SentEmail

MONDAY = "2026-11-23"  # the tests' today (conftest.TODAY) is a Monday


@pytest.fixture(autouse=True)
def addresses(request):
    """The demo people with email addresses, as create_demo_accounts gives them."""
    for name in ("manager_user", "policy_user"):
        if name in request.fixturenames:
            user = request.getfixturevalue(name)
            user.email = f"{user.username}@example.gov.uk"
            user.save()


def run(date=MONDAY):
    call_command("send_notifications", "--date", date, stdout=io.StringIO())


def to(user):
    return [m for m in mail.outbox if m.to == [user.email]]


@pytest.mark.usefixtures("real_data")
class TestTheManagersSummary:
    def test_says_the_overviews_figures_each_with_its_list(self, manager_user):
        run()
        (summary,) = to(manager_user)
        assert summary.subject == "ICIBI recommendations: your weekly summary, 23 November 2026"
        assert "Changes are since 16 November 2026." in summary.body
        assert "- Overdue: 13 (" in summary.body
        assert "http://127.0.0.1:8000/overdue/" in summary.body
        assert "Awaiting a Home Office response: 3\n  http://127.0.0.1:8000/awaiting-response/" in summary.body
        assert "To change what you receive, or stop these emails: http://127.0.0.1:8000/account/email/" in summary.body

    def test_counts_what_changed_since_the_last_one(self, manager_user):
        run()
        from recommendations.models import Recommendation

        rec = Recommendation.objects.open().first()
        rec.close(datetime.date(2026, 11, 25), "Guidance published")
        run("2026-11-30")
        latest = to(manager_user)[-1]
        assert "Changes are since 23 November 2026." in latest.body
        assert "Closed by the Home Office: 1;" in latest.body

    def test_goes_once_a_week_however_often_it_runs(self, manager_user):
        run()
        run()
        run("2026-11-27")  # later the same week: already sent
        assert len(to(manager_user)) == 1
        run("2026-11-30")  # the next Monday
        assert len(to(manager_user)) == 2
        assert SentEmail.objects.filter(user=manager_user, state=SentEmail.State.SENT).count() == 2

    def test_a_policy_team_member_with_nothing_to_read_gets_none(self, policy_user):
        run()
        assert to(policy_user) == []


@pytest.mark.usefixtures("real_data")
class TestChoices:
    def test_off_means_nothing(self, manager_user):
        EmailSettings.objects.create(user=manager_user, digest=EmailSettings.Digest.OFF)
        run()
        assert to(manager_user) == []

    def test_daily_goes_each_day(self, manager_user):
        EmailSettings.objects.create(user=manager_user, digest=EmailSettings.Digest.DAILY)
        run()
        run("2026-11-24")
        assert [m.subject.split(",")[0] for m in to(manager_user)] == ["ICIBI recommendations: your daily summary"] * 2

    def test_no_email_address_means_nothing_and_the_page_says_so(self, client, manager_user):
        manager_user.email = ""
        manager_user.save()
        run()
        assert SentEmail.objects.count() == 0
        client.force_login(manager_user)
        assert "We have no email address for you" in client.get(reverse("notifications:settings")).content.decode()

    def test_the_settings_page_saves_a_choice(self, client, manager_user):
        client.force_login(manager_user)
        page = client.post(reverse("notifications:settings"), {"digest": "daily", "due_reminders": "on"}, follow=True)
        assert "Your email settings are saved." in page.content.decode()
        chosen = EmailSettings.of(manager_user)
        assert (chosen.digest, chosen.due_reminders, chosen.overdue_reminders) == ("daily", True, False)

    def test_a_choice_that_is_not_offered_is_refused_with_what_to_do(self, client, manager_user):
        client.force_login(manager_user)
        page = client.post(reverse("notifications:settings"), {"digest": "hourly"})
        assert "Choose weekly, daily or off" in page.content.decode()
        page = client.post(reverse("notifications:settings"), {})
        assert "Choose how often you want a summary email, or off" in page.content.decode()
        assert not EmailSettings.objects.filter(user=manager_user).exists()


@pytest.mark.parametrize(
    "local, period",
    [
        ("2026-11-23 06:59", "2026-W47"),  # Monday before the morning: last week's, if it was missed
        ("2026-11-23 07:00", "2026-W48"),
        ("2026-11-29 23:00", "2026-W48"),
    ],
)
def test_a_weeks_summary_goes_from_monday_morning_london_time(local, period):
    now = timezone.make_aware(datetime.datetime.fromisoformat(local))
    assert digests.period_of(EmailSettings.Digest.WEEKLY, now) == period


class FailsFor:
    """An email backend that fails for one address and delivers the rest to the test outbox."""

    failing = ""

    def __init__(self, **kwargs):
        from django.core.mail.backends.locmem import EmailBackend

        self.delivered = EmailBackend(**kwargs)

    def send_messages(self, messages):
        if any(FailsFor.failing in m.to for m in messages):
            raise ConnectionError("The mail service did not answer")
        return self.delivered.send_messages(messages)


@pytest.mark.usefixtures("real_data")
def test_a_failed_send_is_tried_again_on_the_next_run_and_the_others_are_not_sent_twice(
    manager_user, django_user_model
):
    from django.contrib.auth.models import Group

    other = django_user_model.objects.create_user("manager2", email="manager2@example.gov.uk")
    other.groups.add(Group.objects.get(name="Managers"))
    FailsFor.failing = manager_user.email
    with override_settings(EMAIL_BACKEND=f"{__name__}.FailsFor"):
        run()
    failed = SentEmail.objects.get(user=manager_user)
    assert (failed.state, failed.error) == (SentEmail.State.FAILED, "ConnectionError: The mail service did not answer")
    assert len(to(other)) == 1 and to(manager_user) == []
    run()  # the mail service is back
    assert len(to(manager_user)) == 1 and len(to(other)) == 1
    assert SentEmail.objects.get(user=manager_user).attempts == 2


class FakeNotifyClient:
    """Stands in for GOV.UK Notify's client: never the network."""

    sent = []

    def __init__(self, api_key):
        self.api_key = api_key

    def send_email_notification(self, **request):
        FakeNotifyClient.sent.append((self.api_key, request))


@pytest.mark.usefixtures("real_data")
def test_in_production_the_summary_goes_through_gov_uk_notify(manager_user, monkeypatch):
    monkeypatch.setattr("django_gov_notify.backends.NotificationsAPIClient", FakeNotifyClient)
    FakeNotifyClient.sent = []
    template = "1a2b3c4d-0000-4000-8000-000000000000"
    with override_settings(
        EMAIL_BACKEND="django_gov_notify.backends.NotifyEmailBackend",
        GOVUK_NOTIFY_API_KEY="test-key",
        GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID=template,
    ):
        run()
    ((key, request),) = FakeNotifyClient.sent
    assert (key, request["email_address"], request["template_id"]) == ("test-key", manager_user.email, template)
    assert request["personalisation"]["subject"].startswith("ICIBI recommendations: your weekly summary")
    assert "- Overdue: 13" in request["personalisation"]["body"]


@pytest.mark.usefixtures("real_data")
def test_one_summary_costs_the_same_queries_however_much_data(manager_user, django_assert_max_num_queries):
    from . import factories

    now = timezone.make_aware(datetime.datetime(2026, 11, 23, 9))
    with django_assert_max_num_queries(20) as small:
        digests.digest(manager_user, "weekly", now, digests.Figures(datetime.date(2026, 11, 23)))
    for _ in range(30):
        factories.response(factories.recommendation(), due_date=datetime.date(2026, 12, 1))
    with django_assert_max_num_queries(len(small)):
        digests.digest(manager_user, "weekly", now, digests.Figures(datetime.date(2026, 11, 23)))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="two runs at once need a database with row locks")
@pytest.mark.django_db(transaction=True)
def test_two_copies_running_at_once_send_each_email_once(real_data, django_user_model):
    from django.contrib.auth.models import Group, Permission

    from icibi_tracker.roles import MANAGERS, sync_roles

    sync_roles(Group, Permission)  # the flush after a live-server test takes the roles away
    for n in range(5):
        user = django_user_model.objects.create_user(f"manager{n}", email=f"manager{n}@example.gov.uk")
        user.groups.add(Group.objects.get(name=MANAGERS))
    start = threading.Barrier(2)

    def one_copy():
        start.wait()
        try:
            run()
        finally:
            connection.close()

    copies = [threading.Thread(target=one_copy) for _ in range(2)]
    for copy in copies:
        copy.start()
    for copy in copies:
        copy.join()
    assert sorted(m.to[0] for m in mail.outbox) == [f"manager{n}@example.gov.uk" for n in range(5)]


@pytest.mark.usefixtures("real_data")
def test_a_run_after_one_that_sent_everything_claims_nothing_again(manager_user, monkeypatch):
    run()

    def claimed_again(email, now):
        raise AssertionError(f"{email.subject} was claimed again")

    monkeypatch.setattr("notifications.sending.claim", claimed_again)
    run()  # what went is found a batch at a time, not by a failed insert per email
    assert len(to(manager_user)) == 1
