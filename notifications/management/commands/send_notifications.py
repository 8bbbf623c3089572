import datetime
import itertools

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from notifications.digests import Figures, digest
from notifications.models import EmailSettings, SentEmail
from notifications.reminders import reminders
from notifications.sending import not_yet_sent, send


def at_nine_on(day):
    """A date given for tests or catch-up stands for 09:00 London time on it: after the morning."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))


class Command(BaseCommand):
    help = (
        "Send the reminders and summaries due now, each once: safe to run every few minutes from cron, "
        "and two copies at once. A send that failed is tried again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Act as on this day (YYYY-MM-DD), at 09:00 London time.")

    def handle(self, *args, date=None, **options):
        if date:
            try:
                now = at_nine_on(datetime.date.fromisoformat(date))
            except ValueError as error:
                raise CommandError(f"Give the date as YYYY-MM-DD, for example 2026-12-07 ({error}).") from error
        else:
            now = timezone.now()
        figures = Figures(timezone.localdate(now))
        choices = {s.user_id: s for s in EmailSettings.objects.all()}
        people = get_user_model().objects.filter(is_active=True).exclude(email="").order_by("pk")
        outcomes = {SentEmail.State.SENT: 0, SentEmail.State.FAILED: 0}
        summaries = (
            digest(person, getattr(choices.get(person.pk), "digest", EmailSettings.Digest.WEEKLY), now, figures)
            for person in people.iterator(chunk_size=500)
        )
        # One at a time, as they are planned: never every email in memory at once.
        planned = itertools.chain(filter(None, summaries), reminders(now, choices))
        for email in not_yet_sent(planned, now):
            record = send(email, now)
            if record:
                outcomes[record.state] += 1
        self.stdout.write(
            f"Sent {outcomes[SentEmail.State.SENT]} email(s); {outcomes[SentEmail.State.FAILED]} failed "
            "and will be tried again on the next run."
        )
