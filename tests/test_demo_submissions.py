"""generate_demo_submissions: synthetic submissions in every state, for the review pages and the benchmark;
removable, so generate_demo_data --delete still removes the synthetic recommendations."""

from io import StringIO

import pytest
from django.core.management import call_command

from recommendations.models import Recommendation
from submissions.models import Submission, UpdateRound

pytestmark = pytest.mark.usefixtures("today")


def test_synthetic_submissions_reach_every_state_and_are_removed_before_their_recommendations(settings, real_data):
    settings.DEBUG = True
    call_command("generate_demo_data", "--recommendations", "300", stdout=StringIO())
    call_command("generate_demo_submissions", "--submissions", "40", stdout=StringIO())
    states = set(Submission.objects.values_list("state", flat=True))
    assert states == set(Submission.State.values)
    assert UpdateRound.objects.filter(name="Synthetic update round").exists()
    recorded = Submission.objects.filter(state=Submission.State.RECORDED, kind=Submission.Kind.CLOSURE).first()
    assert recorded.recommendation.ho_status == Recommendation.HomeOfficeStatus.CLOSED
    call_command("generate_demo_submissions", "--delete", stdout=StringIO())
    call_command("generate_demo_data", "--delete", stdout=StringIO())
    assert not Submission.objects.exists()
    assert not Recommendation.objects.filter(inspection__slug__startswith="synthetic-").exists()
