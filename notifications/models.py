from django.conf import settings
from django.db import models


class EmailSettings(models.Model):
    """What a person chooses to receive. A person with no row gets the defaults."""

    class Digest(models.TextChoices):
        WEEKLY = "weekly", "Weekly, on Monday morning"
        DAILY = "daily", "Daily, each morning"
        OFF = "off", "Off: no summary email"

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_settings")
    digest = models.CharField("Summary email", max_length=6, choices=Digest.choices, default=Digest.WEEKLY)
    due_reminders = models.BooleanField("30 and 7 days before an item falls due", default=True)
    overdue_reminders = models.BooleanField("On the day an item becomes overdue, then monthly", default=True)
    round_reminders = models.BooleanField("Before an update round's deadline", default=True)
    returned_reminders = models.BooleanField("When a returned submission waits 14 days", default=True)

    class Meta:
        verbose_name = "email settings"
        verbose_name_plural = "email settings"

    def __str__(self):
        return f"Email settings of {self.user}"

    @classmethod
    def of(cls, user):
        """The person's settings, or the defaults (unsaved) when they have chosen none."""
        return cls.objects.filter(user=user).first() or cls(user=user)


class SentEmail(models.Model):
    """One email the tracker sends: claimed before it is sent, so that each is sent once however
    many runs of send_notifications overlap, and a failed one is tried again on the next run."""

    class State(models.TextChoices):
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed, to be tried again"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sent_emails")
    kind = models.CharField(max_length=20)
    # What the email is about (a tracked item, a round, a submission), empty for a digest.
    item = models.CharField(max_length=40, blank=True)
    # Which occurrence: a due date, a month, a digest's week or day.
    period = models.CharField(max_length=20)
    subject = models.CharField(max_length=200)
    state = models.CharField(max_length=7, choices=State.choices, default=State.SENDING)
    attempts = models.PositiveSmallIntegerField(default=1)
    error = models.CharField(max_length=500, blank=True)
    claimed_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-claimed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "item", "period"], name="sent_email_once"),
        ]
        indexes = [models.Index(fields=["state", "claimed_at"], name="sent_email_state")]

    def __str__(self):
        return f"{self.get_state_display()}: {self.subject} to {self.user}"
