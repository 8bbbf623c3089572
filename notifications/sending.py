"""Each email sent once, however many runs of send_notifications overlap, and a failed one tried
again on the next run without sending again the ones that went.

An email is claimed by inserting its row (SentEmail's unique constraint on person, kind, item and
period) before it is sent: a second run, or a second copy of this one running at the same moment,
finds the row and leaves it. A send that fails marks its row failed, and the next run that plans the
same email claims that row again. A row left "sending" by a run that died is claimed again after an
hour. No message broker: the table is the queue, and cron the worker.
"""

import datetime
from dataclasses import dataclass

from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F, Q

from .models import SentEmail

ABANDONED_AFTER = datetime.timedelta(hours=1)


@dataclass(frozen=True)
class Email:
    user: object
    kind: str
    item: str
    period: str
    subject: str
    body: str


def claim(email, now):
    """The email's row, claimed for this run; None when it is sent or another run is sending it."""
    key = {"user": email.user, "kind": email.kind, "item": email.item, "period": email.period}
    try:
        with transaction.atomic():
            return SentEmail.objects.create(**key, subject=email.subject, claimed_at=now)
    except IntegrityError:
        pass
    again = SentEmail.objects.filter(**key).filter(
        Q(state=SentEmail.State.FAILED) | Q(state=SentEmail.State.SENDING, claimed_at__lt=now - ABANDONED_AFTER)
    )
    # One conditional update: of two runs retrying at once, one changes the row and the other nothing.
    if not again.update(state=SentEmail.State.SENDING, claimed_at=now, attempts=F("attempts") + 1):
        return None
    return SentEmail.objects.get(**key)


# Planned emails are checked against those already sent this many at a time: one query a batch
# rather than a failed insert for each email a run has sent before.
BATCH = 500


def not_yet_sent(emails, now):
    """The emails of `emails` (an iterable) that no run has sent or is sending, a batch at a time."""
    batch = []
    for email in emails:
        batch.append(email)
        if len(batch) == BATCH:
            yield from _unsent(batch, now)
            batch = []
    yield from _unsent(batch, now)


def _unsent(batch, now):
    if not batch:
        return
    done = SentEmail.objects.filter(
        Q(state=SentEmail.State.SENT) | Q(state=SentEmail.State.SENDING, claimed_at__gte=now - ABANDONED_AFTER),
        user__in={email.user.pk for email in batch},
        item__in={email.item for email in batch},
        period__in={email.period for email in batch},
    ).values_list("user_id", "kind", "item", "period")
    done = set(done)
    yield from (email for email in batch if (email.user.pk, email.kind, email.item, email.period) not in done)


def send(email, now):
    """Send `email` unless it has been; its row says what happened (None: nothing to do)."""
    record = claim(email, now)
    if record is None:
        return None
    try:
        EmailMessage(email.subject, email.body, to=[email.user.email]).send()
    except Exception as error:  # any backend's failure: kept for the log, tried again next run
        record.state, record.error = SentEmail.State.FAILED, f"{type(error).__name__}: {error}"[:500]
        record.save(update_fields=["state", "error"])
        return record
    record.state, record.error, record.sent_at = SentEmail.State.SENT, "", now
    record.save(update_fields=["state", "error", "sent_at"])
    return record
