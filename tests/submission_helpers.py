"""Personas and builders for the Home Office submission tests."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission

from icibi_tracker.roles import HOME_OFFICE_TEAM, sync_roles
from recommendations.models import Owner, Recommendation
from submissions.models import Submission, TeamMembership

TRANSFORMATION = "Transformation team"
BORDER_SECURITY = "Border Security Command"
MINIMAL_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def member(django_user_model, username, team):
    sync_roles(Group, Permission)
    user = django_user_model.objects.create_user(
        username=username, password="a-long-test-password", email=f"{username}@example.gov.uk"
    )
    user.groups.add(Group.objects.get(name=HOME_OFFICE_TEAM))
    TeamMembership.objects.create(user=user, owner=Owner.objects.get(name=team))
    return user


@pytest.fixture
def transformation_member(real_data, django_user_model):
    return member(django_user_model, "transform", TRANSFORMATION)


@pytest.fixture
def border_member(real_data, django_user_model):
    return member(django_user_model, "border", BORDER_SECURITY)


@pytest.fixture
def evidence_storage(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def asylum_data():
    """The asylum casework recommendation on data the Transformation team owns."""
    return Recommendation.objects.get(owner__name=TRANSFORMATION)


def clandestine_owner():
    return Recommendation.objects.get(owner__name=BORDER_SECURITY)


def sent(recommendation, by, kind=Submission.Kind.CLOSURE, **fields):
    """A submission sent to the inspectorate."""
    defaults = {
        Submission.Kind.CLOSURE: {"implemented_on": datetime.date(2026, 10, 1), "text": "Data collection runs."},
        Submission.Kind.PROGRESS: {"as_of": datetime.date(2026, 11, 1), "text": "Half the work is done."},
        Submission.Kind.EXTENSION: {
            "new_target_text": "June 2027",
            "text": "Supplier delay.",
            "agreed_by": "Director, Transformation",
            "agreed_on": datetime.date(2026, 11, 2),
        },
        Submission.Kind.BLOCKED: {
            "blocked_by": "HM Treasury",
            "blocked_since": datetime.date(2026, 9, 1),
            "text": "Funding decision.",
        },
    }[kind]
    draft = Submission.start(recommendation, kind, by, {**defaults, **fields})
    return draft.submit(by, draft.version)
