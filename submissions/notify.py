"""Emails to the people each step concerns, sent once the step is saved (after the transaction
commits). A failed send is logged and never undoes, or hides, the step itself."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.db import transaction
from django.urls import reverse

from icibi_tracker.roles import INSPECTORATE

logger = logging.getLogger(__name__)


def _site():
    return settings.SITE_URL


def _after_commit(build):
    """Build and send the messages once the step is committed; `build` returns (subject, body, recipients) triples."""

    def send():
        try:
            messages = [
                (subject, body, settings.DEFAULT_FROM_EMAIL, sorted(set(to))) for subject, body, to in build() if to
            ]
            send_mass_mail(messages, fail_silently=False)
        except Exception:
            logger.exception("An email about a submission or round could not be sent; the step itself is saved.")

    transaction.on_commit(send)


def _addresses(users):
    return [u.email for u in users if u.email and u.is_active]


def _team_addresses(owner_id):
    return _addresses(get_user_model().objects.filter(team_memberships__owner_id=owner_id))


def submitted(submission):
    from .models import Submission

    def build():
        sent = Submission.objects.for_list().get(pk=submission.pk)
        reviewers = get_user_model().objects.filter(groups__name=INSPECTORATE)
        link = _site() + reverse("submissions:detail", args=[sent.pk])
        kind = sent.get_kind_display().lower()
        body = f"{sent.team} sent {kind} {sent.reference} on {sent.recommendation}.\n\n{link}"
        return [(f"To review: {sent.reference}, {kind}", body, _addresses(reviewers))]

    _after_commit(build)


def reviewed(pk):
    from .models import Submission

    def build():
        done = Submission.objects.for_list().get(pk=pk)
        link = _site() + reverse("submissions:detail", args=[done.pk])
        what = done.get_state_display().lower()
        reason = f"\n\nWhy: {done.return_reason}" if done.state == Submission.State.RETURNED else ""
        body = f"Submission {done.reference} on {done.recommendation} was {what}.{reason}\n\n{link}"
        to = _addresses([done.submitted_by]) + _team_addresses(done.team_id)
        return [(f"Submission {done.reference} {what}", body, to)]

    _after_commit(build)


def round_opened(pk):
    from recommendations.models import Owner

    from .models import UpdateRound

    def build():
        round_ = UpdateRound.objects.get(pk=pk)
        link = _site() + reverse("submissions:team")
        found = []
        for team in Owner.objects.filter(recommendations__update_rounds=round_).distinct():
            asked = round_.recommendations.filter(owner=team).count()
            body = (
                f"The inspectorate asks {team} for an update on {asked} recommendation"
                f"{'s' if asked != 1 else ''} by {round_.deadline_in_words}: {round_}.\n\n{link}"
            )
            subject = f"{round_}: {asked} for {team}, due {round_.deadline_in_words}"
            found.append((subject, body, _team_addresses(team.pk)))
        return found

    _after_commit(build)
