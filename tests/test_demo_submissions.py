"""generate_demo_submissions: synthetic submissions in every state, for the review pages and the benchmark;
removable, so generate_demo_data --delete still removes the synthetic recommendations."""

from io import StringIO

import pytest
from django.core.management import call_command

from recommendations.models import Recommendation
from submissions.models import Submission, UpdateRound

from .conftest import CACHE_MISS_QUERIES

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


def test_the_review_pages_cost_the_same_queries_with_many_submissions(
    settings, real_data, client, inspectorate_user, django_assert_max_num_queries
):
    settings.DEBUG = True
    call_command("generate_demo_data", "--recommendations", "600", stdout=StringIO())
    call_command("generate_demo_submissions", "--submissions", "120", stdout=StringIO())
    from submissions.models import TeamMembership

    member = TeamMembership.objects.select_related("user").first().user
    round_ = UpdateRound.objects.get(name="Synthetic update round")
    pages = [
        (inspectorate_user, "/submissions/review/"),
        (inspectorate_user, "/submissions/review/?page=2"),
        (inspectorate_user, f"/submissions/rounds/{round_.pk}/"),
        (inspectorate_user, "/submissions/rounds/"),
        (inspectorate_user, "/submissions/closure-claimed/"),
        (member, "/submissions/"),
    ]
    for person, address in pages:
        client.force_login(person)
        # A round's and a team's round figures are worked out once, then kept.
        with django_assert_max_num_queries(16 + CACHE_MISS_QUERIES):
            assert client.get(address).status_code == 200, address
