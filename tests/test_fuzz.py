"""Hostile values in every parameter of every address and in every field of every admin form:
an answer (a page, an error, a refusal), never a server error."""

import pytest
from django.test import Client

from responses.filters import DueFilter

from .admin_forms import filled
from .submission_helpers import team_member_with_a_submission
from .test_role_matrix import concrete, expected_table

HOSTILE = ["\x00", "abc", "9" * 25, "-1", "31/12/9999", "<script>x</script>", "' OR 1=1 --", "ž" * 3000]
PARAMETERS = [*DueFilter.base_filters, "page", "as_of", "confirm", "object_id", "_changelist_filters", "o", "p"]


@pytest.fixture
def superuser_client(real_data, django_user_model, policy_user, evidence_storage):
    team_member_with_a_submission(django_user_model)  # the submission addresses point at it
    client = Client(raise_request_exception=False)
    client.force_login(django_user_model.objects.create_superuser("root", password="a-long-test-password"))
    return client


SHARDS = 4  # the addresses in four parts, so parallel workers share them


@pytest.mark.parametrize("shard", range(SHARDS))
def test_no_address_fails_on_hostile_parameters(superuser_client, shard):
    failures = []
    for route in sorted(expected_table())[shard::SHARDS]:
        if route.endswith("logout/"):
            continue
        address = concrete(route)
        for value in HOSTILE:
            response = superuser_client.get(address, dict.fromkeys(PARAMETERS, value))
            if response.status_code >= 500:
                failures.append(f"GET {address} with {value[:20]!r}: {response.status_code}")
    assert failures == [], "\n".join(failures)


FORMS = [
    "/admin/inspections/inspection/{inspection}/change/",
    "/admin/inspections/inspection/add/",
    "/admin/recommendations/recommendation/{recommendation}/change/",
    "/admin/recommendations/recommendation/add/",
    "/admin/responses/homeofficeresponse/{response}/change/",
    "/admin/responses/homeofficeresponse/add/",
]


@pytest.mark.parametrize("form", FORMS)
def test_no_admin_form_fails_on_a_hostile_value_in_any_field(superuser_client, form):
    from inspections.models import Inspection
    from recommendations.models import Recommendation
    from responses.models import HomeOfficeResponse

    ids = {
        "inspection": Inspection.objects.first().pk,
        "recommendation": Recommendation.objects.first().pk,
        "response": HomeOfficeResponse.objects.first().pk,
    }
    address = form.format(**ids)
    failures = []
    for field in filled(superuser_client, address, {}):
        if field.endswith(("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS")):
            continue
        data = filled(superuser_client, address, {})  # as it is now: a post that saved moved its version on
        for value in HOSTILE[:4]:
            response = superuser_client.post(address, {**data, field: value})
            if response.status_code >= 500:
                failures.append(f"POST {address} {field}={value[:20]!r}: {response.status_code}")
    assert failures == [], "\n".join(failures)
