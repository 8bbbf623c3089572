"""Two inspectors edit the same record: the second save is refused with what
changed meanwhile, never silently written over the first."""

import pytest
from django.test import Client
from django.urls import reverse

from icibi_tracker.audit import StaleEdit
from recommendations.models import Recommendation
from responses.models import HomeOfficeResponse

from .admin_forms import filled


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


@pytest.fixture
def two_inspectors(inspectorate_user, django_user_model):
    second = django_user_model.objects.create_user(
        "second", password="a-long-test-password", is_staff=True, first_name="Bea", last_name="Second"
    )
    second.groups.set(inspectorate_user.groups.all())
    first_client, second_client = Client(), Client()
    first_client.force_login(inspectorate_user)
    second_client.force_login(second)
    return first_client, second_client


@pytest.fixture
def recommendation(real_data):
    return Recommendation.objects.filter(status=Recommendation.Status.OPEN, ho_status="").first()


def test_the_second_save_of_a_recommendation_is_refused_with_what_changed(two_inspectors, recommendation):
    first, second = two_inspectors
    url = change_url(recommendation)
    first_form = filled(first, url, {"blocked_by": "", "priority": "on"})
    second_form = filled(second, url, {"ho_status": "blocked", "blocked_by": "HM Treasury"})

    assert first.post(url, first_form).status_code == 302
    refused = second.post(url, second_form)

    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Someone else saved" in page and "your changes have not been saved" in page
    assert "inspector" in page and "Priority from no to yes" in page
    recommendation.refresh_from_db()
    assert recommendation.priority is True and recommendation.ho_status == ""
    # Nothing typed is lost: the refused page still holds the second inspector's values.
    assert 'value="HM Treasury"' in page


def test_after_seeing_the_change_saving_again_is_a_deliberate_choice(two_inspectors, recommendation):
    first, second = two_inspectors
    url = change_url(recommendation)
    first_form = filled(first, url, {"priority": "on"})
    second_form = filled(second, url, {"review_note": "Check the owner."})
    first.post(url, first_form)
    refused = second.post(url, second_form)
    again = dict(second_form, version=refused.context["adminform"].form["version"].value())
    # The refused page now carries the current version; the second inspector keeps the priority they saw set.
    again["priority"] = "on"
    assert second.post(url, again).status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.review_note == "Check the owner." and recommendation.priority is True


def test_a_response_edited_by_two_people_in_the_recommendation_page_is_refused(two_inspectors, real_data):
    first, second = two_inspectors
    response = HomeOfficeResponse.objects.filter(sub_element__isnull=True, recommendation__status="open").first()
    rec = response.recommendation
    url = change_url(rec)
    prefix = f"responses-{list(rec.responses.all()).index(response)}"
    first_form = filled(first, url, {f"{prefix}-target_text": "by the end of March 2027", f"{prefix}-due_date": ""})
    second_form = filled(second, url, {f"{prefix}-narrative": "Work continues into 2027."})

    assert first.post(url, first_form).status_code == 302
    refused = second.post(url, second_form)

    assert refused.status_code == 200
    assert "Someone else saved" in refused.content.decode()
    assert "Target as written from" in refused.content.decode()
    response.refresh_from_db()
    assert response.target_text == "by the end of March 2027"
    assert response.narrative != "Work continues into 2027."


def test_an_addition_the_other_form_does_not_hold_does_not_block_a_save(two_inspectors, real_data):
    first, second = two_inspectors
    rec = Recommendation.objects.filter(responses__isnull=False, status="open").first()
    url = change_url(rec)
    count = rec.progress_updates.count()
    first_form = filled(
        first,
        url,
        {
            "progress_updates-TOTAL_FORMS": str(count + 1),
            f"progress_updates-{count}-source": "Home Office update",
            f"progress_updates-{count}-text": "Training has started.",
        },
    )
    second_form = filled(second, url, {"responses-0-narrative": "Second inspector's note."})
    assert first.post(url, first_form).status_code == 302
    assert second.post(url, second_form).status_code == 302
    assert rec.progress_updates.filter(text="Training has started.").exists()
    assert rec.responses.filter(narrative="Second inspector's note.").exists()


def test_an_inspection_edited_twice_from_the_same_page_is_refused(two_inspectors, real_data):
    first, second = two_inspectors
    inspection = Recommendation.objects.first().inspection
    url = change_url(inspection)
    first_form = filled(first, url, {"notes": "First."})
    second_form = filled(second, url, {"notes": "Second."})
    assert first.post(url, first_form).status_code == 302
    assert second.post(url, second_form).status_code == 200
    inspection.refresh_from_db()
    assert inspection.notes == "First."


def test_a_stale_copy_can_never_be_saved_over_a_newer_one(real_data):
    stale = Recommendation.objects.first()
    fresh = Recommendation.objects.get(pk=stale.pk)
    fresh.priority = True
    fresh.save()
    stale.review_note = "Written from an old copy"
    with pytest.raises(StaleEdit):
        stale.save()
    stale.refresh_from_db()
    assert stale.priority is True and stale.review_note != "Written from an old copy"


def test_the_tracker_s_own_status_updates_do_not_make_an_open_form_stale(two_inspectors, recommendation):
    first, second = two_inspectors
    url = change_url(recommendation)
    form = filled(first, url, {"review_note": "Checked."})
    # Meanwhile a response is added elsewhere: the derived status changes, nobody's edit does.
    recommendation.refresh_status()
    HomeOfficeResponse.objects.filter(recommendation=recommendation).update(narrative="Changed in bulk")
    assert first.post(url, form).status_code == 302


def test_saving_untouched_text_from_a_browser_changes_nothing(client, inspectorate_user, real_data):
    """Browsers send line breaks as \r\n; text nobody touched must not count as changed."""
    response = HomeOfficeResponse.objects.filter(narrative__contains="\n", sub_element__isnull=True).first()
    rec = response.recommendation
    url = change_url(rec)
    client.force_login(inspectorate_user)
    form = filled(client, url, {})
    form = {k: v.replace("\n", "\r\n") if isinstance(v, str) else v for k, v in form.items()}
    versions = response.version, rec.version
    history = HomeOfficeResponse.history.filter(id=response.pk).count()
    assert client.post(url, form).status_code == 302
    response.refresh_from_db()
    assert "\r" not in response.narrative and response.version == versions[0]
    assert HomeOfficeResponse.history.filter(id=response.pk).count() == history
