"""The first page: every inspection with its numbers of recommendations and responses."""

import pytest
from django.urls import reverse

from . import factories

URL = reverse("inspections:list")


def test_anonymous_users_are_sent_to_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={URL}"


@pytest.mark.usefixtures("real_data")
def test_each_role_sees_every_inspection_with_its_counts(client, any_role_user):
    client.force_login(any_role_user)
    response = client.get(URL)
    assert response.status_code == 200
    rows = {i.slug: (i.recommendation_count, i.responded_count) for i in response.context["inspections"]}
    assert rows["clandestine-entrants-2024"] == (7, 7)
    assert rows["border-force-refusals-2026"] == (2, 2)
    assert rows["asylum-casework-2025"] == (3, 0)
    html = response.content.decode()
    assert "An inspection of the Border Force operation to deter and detect clandestine entrants to the UK" in html
    assert "August 2024 – November 2024" in html
    assert "June 2026" in html  # month precision, no made-up day


@pytest.mark.usefixtures("real_data")
def test_newest_inspection_first_and_undated_last(client, policy_user):
    client.force_login(policy_user)
    slugs = [i.slug for i in client.get(URL).context["inspections"]]
    assert slugs[0] == "asylum-casework-2025"
    assert slugs[-2:] == ["border-force-refusals-2026", "illegal-working-enforcement-2023"]


@pytest.mark.usefixtures("real_data")
def test_each_inspection_links_to_its_page(client, policy_user):
    client.force_login(policy_user)
    html = client.get(URL).content.decode()
    assert f'href="{reverse("inspections:detail", args=["clandestine-entrants-2024"])}"' in html


def test_the_page_costs_the_same_queries_with_many_inspections(client, policy_user, django_assert_max_num_queries):
    client.force_login(policy_user)
    for _ in range(3):
        factories.response(factories.recommendation())
    with django_assert_max_num_queries(5) as small:  # session, person, role, count, page
        client.get(URL)
    for _ in range(40):
        factories.response(factories.recommendation())
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert len(client.get(URL).context["inspections"]) == 43


def test_user_text_is_escaped(client, policy_user):
    client.force_login(policy_user)
    factories.inspection(title="<script>alert(1)</script> report")
    html = client.get(URL).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; report" in html


def test_many_inspections_come_fifty_to_a_page(client, policy_user, django_assert_max_num_queries):
    client.force_login(policy_user)
    for _ in range(60):
        factories.inspection()
    first = client.get(URL)
    assert len(first.context["page"]) == 50
    assert "60 inspections" in first.content.decode()
    assert 'aria-label="Page 2"' in first.content.decode()
    with django_assert_max_num_queries(6):
        second = client.get(URL, {"page": 2})
    assert len(second.context["page"]) == 10
