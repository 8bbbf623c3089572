"""Issue 10, item 8: inspectorate staff give many recommendations an owner at once, from the admin's list,
after choosing the owner on a confirmation page; each change is versioned and in the audit history."""

import pytest
from django.contrib.admin import helpers
from django.urls import reverse

from icibi_tracker.roles import MANAGERS
from recommendations.models import Recommendation

from . import factories
from .conftest import view_only_staff

CHANGELIST = reverse("admin:recommendations_recommendation_changelist")
pytestmark = pytest.mark.usefixtures("real_data")


def unowned():
    return list(Recommendation.objects.open().filter(owner=None).order_by("pk"))


def choose(client, recommendations, **extra):
    data = {"action": "assign_owner", helpers.ACTION_CHECKBOX_NAME: [r.pk for r in recommendations], **extra}
    return client.post(CHANGELIST, data)


def test_the_action_asks_for_the_owner_on_a_confirmation_page_first(staff_client):
    chosen = unowned()[:3]
    page = choose(staff_client, chosen)
    assert page.status_code == 200
    assert page.templates[0].name == "admin/recommendations/recommendation/assign_owner.html"
    html = page.content.decode()
    assert "Choose the owner for 3 recommendations" in html
    assert all(str(r) in html for r in chosen)
    assert html.count(f'name="{helpers.ACTION_CHECKBOX_NAME}"') == 3
    assert all(r.owner is None for r in Recommendation.objects.filter(pk__in=[r.pk for r in chosen]))


def test_choosing_no_owner_says_so_and_changes_nothing(staff_client):
    page = choose(staff_client, unowned()[:2], apply="Assign this owner", owner="")
    assert page.status_code == 200
    assert "Choose the owner to assign" in page.content.decode()
    assert len(unowned()) == 13


def test_assigning_saves_each_recommendation_with_its_version_and_history(staff_client, inspectorate_user):
    team = factories.owner("Immigration Enforcement")
    chosen = unowned()[:4]
    versions = {r.pk: r.version for r in chosen}
    done = choose(staff_client, chosen, apply="Assign this owner", owner=team.pk)
    assert done.status_code == 302 and done["Location"] == CHANGELIST
    for rec in Recommendation.objects.filter(pk__in=versions):
        assert rec.owner == team
        assert rec.version == versions[rec.pk] + 1
        latest = rec.history.latest("history_date")
        assert (latest.owner_id, latest.history_user, latest.history_change_reason) == (
            team.pk,
            inspectorate_user,
            "Owner assigned to several recommendations at once",
        )
    messages = [str(m) for m in staff_client.get(CHANGELIST).context["messages"]]
    assert "Immigration Enforcement is now the owner of 4 more recommendations." in messages
    # The recommendation's page tells the story.
    page = staff_client.get(reverse("recommendations:detail", args=[chosen[0].pk])).content.decode()
    assert "Owner set to Immigration Enforcement." in page


def test_those_that_already_have_the_owner_are_left_as_they_are(staff_client):
    owned = Recommendation.objects.get(owner__name="Transformation team")
    version, rows = owned.version, owned.history.count()
    choose(staff_client, [owned, *unowned()[:1]], apply="Assign this owner", owner=owned.owner_id)
    owned.refresh_from_db()
    assert (owned.version, owned.history.count()) == (version, rows)
    assert len(unowned()) == 12


def test_one_stale_copy_and_nothing_is_assigned(staff_client, monkeypatch):
    from icibi_tracker.audit import StaleEdit

    team = factories.owner("Immigration Enforcement")
    chosen = unowned()[:3]
    saves = []
    original = Recommendation.save

    def third_is_stale(self, *args, **kwargs):
        saves.append(self.pk)
        if len(saves) == 3:
            raise StaleEdit("changed by someone else")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Recommendation, "save", third_is_stale)
    choose(staff_client, chosen, apply="Assign this owner", owner=team.pk)
    monkeypatch.undo()
    assert not Recommendation.objects.filter(owner=team).exists()  # the first two were rolled back
    messages = [str(m) for m in staff_client.get(CHANGELIST).context["messages"]]
    assert any("nothing was changed" in m for m in messages)


def test_the_list_offers_the_action_only_to_people_who_may_change(staff_client, client, django_user_model):
    assert "assign_owner" in staff_client.get(CHANGELIST).content.decode()
    client.force_login(view_only_staff(django_user_model, MANAGERS))
    page = client.get(CHANGELIST)
    assert page.status_code == 200 and "assign_owner" not in page.content.decode()
    team = factories.owner("Immigration Enforcement")
    refused = choose(client, unowned()[:2], apply="Assign this owner", owner=team.pk)
    assert refused.status_code == 200  # the list again, with no action offered
    assert not Recommendation.objects.filter(owner=team).exists()
