"""Reminders to teams and the team and inspectorate parts of the summary, on the real data with
today fixed: what each person gets, when, and never twice; choices and changes re-plan them."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from icibi_tracker.roles import INSPECTORATE
from notifications import reminders
from notifications.models import EmailSettings, SentEmail
from responses.models import HomeOfficeResponse
from submissions.models import Submission, UpdateRound

from . import factories
from .submission_helpers import TRANSFORMATION, asylum_data, sent

pytestmark = pytest.mark.usefixtures("real_data")

MONDAY = datetime.date(2026, 11, 23)


def run(day=MONDAY):
    call_command("send_notifications", "--date", day.isoformat(), stdout=io.StringIO())


def to(user, subject_starts=""):
    return [m for m in mail.outbox if m.to == [user.email] and m.subject.startswith(subject_starts)]


@pytest.mark.parametrize(
    "due, kind, period",
    [
        (MONDAY + datetime.timedelta(days=31), None, None),
        (MONDAY + datetime.timedelta(days=30), reminders.DUE_30, "2026-12-23"),
        (MONDAY + datetime.timedelta(days=8), reminders.DUE_30, "2026-12-01"),
        (MONDAY + datetime.timedelta(days=7), reminders.DUE_7, "2026-11-30"),
        (MONDAY, reminders.DUE_7, "2026-11-23"),
        (MONDAY - datetime.timedelta(days=1), reminders.OVERDUE, "2026-11-22"),
        (datetime.date(2026, 10, 23), reminders.OVERDUE, "2026-10-23"),  # due 23 Oct: a month overdue tomorrow
        (datetime.date(2026, 10, 22), reminders.OVERDUE_MONTHLY, "2026-10-22+1m"),
        (datetime.date(2026, 3, 31), reminders.OVERDUE_MONTHLY, "2026-03-31+7m"),
    ],
)
def test_which_reminder_an_item_has_on_a_day(due, kind, period):
    assert (reminders.item_reminder(due, MONDAY) or (None, None)) == (kind, period)


def test_the_transformation_teams_summary_names_the_asylum_data_recommendation_as_overdue(transformation_member):
    run()
    (summary,) = to(transformation_member, "ICIBI recommendations: your weekly summary")
    assert "Your team: Transformation team" in summary.body
    assert "- Overdue since 31 March 2026: Asylum casework (2024), recommendation (number not given)" in summary.body
    assert f"http://127.0.0.1:8000/recommendations/{asylum_data().pk}/" in summary.body


def test_an_overdue_item_is_reminded_once_a_month_and_never_twice(transformation_member):
    run()
    run(MONDAY + datetime.timedelta(days=3))
    (reminder,) = to(transformation_member, "Still overdue")
    assert "it was due on 31 March 2026" in reminder.body
    run(datetime.date(2026, 12, 31))  # nine months overdue: the next month's reminder
    assert len(to(transformation_member, "Still overdue")) == 2


def test_a_changed_target_plans_its_reminders_afresh_and_a_closed_item_has_none(transformation_member):
    item = HomeOfficeResponse.objects.tracked().get(recommendation=asylum_data())
    factories.extension(item, "15 December 2026")
    run()
    (reminder,) = to(transformation_member, "Due in 30 days or less")
    assert "This recommendation is due on 15 December 2026" in reminder.body
    assert to(transformation_member, "Still overdue") == []  # the old date's reminders are no longer due
    rec = asylum_data()
    rec.close(datetime.date(2026, 11, 30), "Collection runs")
    run(datetime.date(2026, 12, 10))
    assert to(transformation_member, "Due in 7 days or less") == []


def test_a_new_owner_s_team_is_reminded_and_the_old_one_no_longer(transformation_member, border_member):
    from recommendations.models import Owner

    rec = asylum_data()
    rec.owner = Owner.objects.get(name="Border Security Command")
    rec.save()
    run()
    assert to(transformation_member, "Still overdue") == []
    assert len(to(border_member, "Still overdue: Asylum casework (2024)")) == 1


def test_a_person_who_turns_a_kind_off_gets_none_of_it(transformation_member):
    EmailSettings.objects.create(user=transformation_member, overdue_reminders=False, digest="off")
    run()
    assert to(transformation_member) == []
    assert not SentEmail.objects.filter(user=transformation_member).exists()


def test_a_round_reminds_the_teams_that_have_not_sent_everything(transformation_member, inspectorate_user):
    round_ = UpdateRound.open_round(
        "Recommendation update, winter 2026", MONDAY + datetime.timedelta(days=5), by=inspectorate_user
    )
    run()
    (reminder,) = to(transformation_member, "Recommendation update, winter 2026: due 28 November 2026")
    assert "Transformation team has sent 0 of the 1 updates it asks for" in reminder.body
    sent(asylum_data(), transformation_member, Submission.Kind.PROGRESS, round=round_)
    run(MONDAY + datetime.timedelta(days=4))  # a day before the deadline: nothing left to send, so no reminder
    assert len(to(transformation_member, "Recommendation update, winter 2026")) == 1


def test_a_returned_submission_waiting_14_days_is_reminded(transformation_member, inspectorate_user):
    claim = sent(asylum_data(), transformation_member)
    claim.send_back(inspectorate_user, claim.version, "The evidence does not cover element b")
    Submission.objects.filter(pk=claim.pk).update(reviewed_at=timezone.now() - datetime.timedelta(days=30))
    run()
    (reminder,) = to(transformation_member, "Returned to your team 14 days ago")
    assert "The reviewer's reason: The evidence does not cover element b" in reminder.body


def test_the_inspectorate_summary_shows_what_waits_for_review(transformation_member, inspectorate_user):
    inspectorate_user.email = "inspector@example.gov.uk"
    inspectorate_user.save()
    sent(asylum_data(), transformation_member)
    run()
    (summary,) = to(inspectorate_user)
    assert "For the inspectorate" in summary.body
    assert "Waiting for review: 1, the oldest since" in summary.body
    assert "Closure claims awaiting assessment: 1" in summary.body
    assert inspectorate_user.groups.filter(name=INSPECTORATE).exists()


def test_a_team_summary_costs_the_same_queries_however_many_items(transformation_member, django_assert_max_num_queries):
    from notifications import digests
    from recommendations.models import Owner

    team = Owner.objects.get(name=TRANSFORMATION)
    now = timezone.make_aware(datetime.datetime(2026, 11, 23, 9))

    def overdue_items(count, start):
        for n in range(start, start + count):
            factories.response(factories.recommendation(owner=team), due_date=MONDAY - datetime.timedelta(days=n + 1))

    overdue_items(12, 0)  # more than a summary lists already: its "more" line counts them
    with django_assert_max_num_queries(30) as listed:
        digests.digest(transformation_member, "weekly", now, digests.Figures(MONDAY))
    overdue_items(25, 12)
    with django_assert_max_num_queries(len(listed)):
        email = digests.digest(transformation_member, "weekly", now, digests.Figures(MONDAY))
    assert email.body.count("- Overdue since") == digests.LISTED
    assert f"- 28 more overdue\n  http://127.0.0.1:8000/due/?owner={team.pk}&overdue=true" in email.body
