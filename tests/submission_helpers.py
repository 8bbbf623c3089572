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


# Who may open each submissions address (tests/test_role_matrix.py holds the rest of the table).
# Team member: a member of the Transformation team, whose recommendation and submission the
# addresses point at. Everyone else is in no team: the team's pages are not found for them.
_PEOPLE = ("anonymous", "policy team", "manager", "inspectorate", "superuser", "team member")
_SIGNED_IN = {**dict.fromkeys(_PEOPLE, 200), "anonymous": "sign-in page"}
_TEAM_ONLY = {**dict.fromkeys(_PEOPLE, 404), "anonymous": "sign-in page", "team member": 200}
_TEAM_AND_INSPECTORATE = {**_TEAM_ONLY, "inspectorate": 200, "superuser": 200}
_INSPECTORATE = {**dict.fromkeys(_PEOPLE, 403), "anonymous": "sign-in page", "inspectorate": 200, "superuser": 200}
_READ_ONLY_POST = {**dict.fromkeys(_PEOPLE, 405), "anonymous": "sign-in page"}

SUBMISSION_PAGES = {
    "submissions/": _SIGNED_IN,
    "submissions/recommendations/<int:pk>/new/": _TEAM_ONLY,
    "submissions/recommendations/<int:pk>/new/<str:kind>/": _TEAM_ONLY,
    "submissions/<int:pk>/": _TEAM_AND_INSPECTORATE,
    # Sent and awaiting review: no longer the team's to change, so these go back to its page.
    "submissions/<int:pk>/change/": {**_TEAM_ONLY, "team member": "redirect"},
    "submissions/<int:pk>/check/": {**_TEAM_ONLY, "team member": "redirect"},
    "submissions/<int:pk>/sent/": _TEAM_ONLY,
    "submissions/<int:pk>/withdraw/": _TEAM_ONLY,
    "submissions/<int:pk>/evidence/<int:evidence_pk>/": _TEAM_AND_INSPECTORATE,
    "submissions/<int:pk>/record/": _INSPECTORATE,
    "submissions/<int:pk>/return/": _INSPECTORATE,
    "submissions/review/": _INSPECTORATE,
    "submissions/closure-claimed/": _SIGNED_IN,
    "submissions/rounds/": _SIGNED_IN,
    "submissions/rounds/new/": _INSPECTORATE,
    "submissions/rounds/<int:pk>/": _SIGNED_IN,
    "submissions/rounds/<int:pk>/close/": _READ_ONLY_POST,  # a form's POST
}

# A POST with no fields (each to a fresh submission, as a POST may withdraw or record it).
SUBMISSION_POSTS = {
    "submissions/": _READ_ONLY_POST,
    "submissions/recommendations/<int:pk>/new/": _TEAM_ONLY,  # the question again, with its error
    "submissions/recommendations/<int:pk>/new/<str:kind>/": _TEAM_ONLY,
    "submissions/<int:pk>/": _READ_ONLY_POST,
    "submissions/<int:pk>/change/": {**_TEAM_ONLY, "team member": "redirect"},
    "submissions/<int:pk>/check/": {**_TEAM_ONLY, "team member": "redirect"},
    "submissions/<int:pk>/sent/": _READ_ONLY_POST,
    # Withdrawing with a stale version is refused with a message, on the submission's page.
    "submissions/<int:pk>/withdraw/": {**_TEAM_ONLY, "team member": "redirect"},
    "submissions/<int:pk>/evidence/<int:evidence_pk>/": _READ_ONLY_POST,
    "submissions/<int:pk>/record/": {**_INSPECTORATE, "inspectorate": "redirect", "superuser": "redirect"},
    "submissions/<int:pk>/return/": _INSPECTORATE,  # the form again: a reason is needed
    "submissions/review/": _READ_ONLY_POST,
    "submissions/closure-claimed/": _READ_ONLY_POST,
    "submissions/rounds/": _READ_ONLY_POST,
    "submissions/rounds/new/": _INSPECTORATE,
    "submissions/rounds/<int:pk>/": _READ_ONLY_POST,
    "submissions/rounds/<int:pk>/close/": {**_INSPECTORATE, "inspectorate": "redirect", "superuser": "redirect"},
}


def team_member_with_a_submission(django_user_model):
    """The Transformation team's member, with a closure claim sent (a PDF attached) and a round open."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from submissions import evidence
    from submissions.models import UpdateRound

    user = member(django_user_model, "team", TRANSFORMATION)
    upload = SimpleUploadedFile("evidence.pdf", MINIMAL_PDF)
    draft = Submission.start(
        asylum_data(),
        Submission.Kind.PROGRESS,
        user,
        {"as_of": datetime.date(2026, 11, 1), "text": "Half done."},
        files=[(upload, evidence.recognise(upload))],
    )
    draft.submit(user, draft.version)
    UpdateRound.open_round("Recommendation update, spring 2027", datetime.date(2027, 4, 14), user)
    return user


def submission_addresses(route):
    """A real address for a submissions route: the team's recommendation, its latest submission, a round."""
    from submissions.models import Evidence, UpdateRound

    latest = Submission.objects.latest("pk")
    values = {
        "<str:kind>": "progress",
        "<int:evidence_pk>": Evidence.objects.filter(submission=latest).exclude(file="").first().pk
        if "evidence" in route
        else "",
    }
    if route.startswith("submissions/recommendations/"):
        values["<int:pk>"] = asylum_data().pk
    elif route.startswith("submissions/rounds/"):
        values["<int:pk>"] = UpdateRound.objects.latest("pk").pk
    else:
        values["<int:pk>"] = latest.pk
    address = "/" + route
    for placeholder, value in values.items():
        address = address.replace(placeholder, str(value))
    return address


def fresh_submission():
    """A new sent submission with a file, the others of its kind withdrawn, for a POST that may change it."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from submissions import evidence

    latest = Submission.objects.latest("pk")
    Submission.objects.filter(state__in=Submission.UNFINISHED).update(state=Submission.State.WITHDRAWN)
    upload = SimpleUploadedFile("evidence.pdf", MINIMAL_PDF)
    draft = Submission.start(
        latest.recommendation,
        latest.kind,
        latest.submitted_by,
        {"as_of": latest.as_of, "text": latest.text},
        files=[(upload, evidence.recognise(upload))],
    )
    return draft.submit(latest.submitted_by, draft.version)
