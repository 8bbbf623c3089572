"""The commands `make run` uses: load the real data once, and local demo accounts."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from icibi_tracker.roles import HOME_OFFICE_TEAM, INSPECTORATE, MANAGERS, POLICY_TEAM
from inspections.models import Inspection
from submissions.models import TeamMembership

from .conftest import signs_in


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_the_real_data_loads_into_an_empty_database_and_never_over_entered_data(db):
    assert "Loaded the real data: 6 inspections" in run("load_real_data")
    Inspection.objects.filter(slug="asylum-casework-2025").update(title="Edited by staff")
    assert "was not loaded again" in run("load_real_data")
    assert Inspection.objects.get(slug="asylum-casework-2025").title == "Edited by staff"


def test_demo_accounts_are_one_per_role_and_their_passwords_work(real_data, settings, client):
    settings.DEBUG = True
    settings.EMBEDDED_DATABASE = True
    output = run("create_demo_accounts")
    accounts = dict(re.findall(r"username: (\w+)\s+password: (\S+)", output))
    assert set(accounts) == {"inspector", "policy", "manager", "transformation", "bordersecurity"}
    User = get_user_model()
    roles = {u.username: [g.name for g in u.groups.all()] for u in User.objects.all()}
    assert roles == {
        "inspector": [INSPECTORATE],
        "policy": [POLICY_TEAM],
        "manager": [MANAGERS],
        "transformation": [HOME_OFFICE_TEAM],
        "bordersecurity": [HOME_OFFICE_TEAM],
    }
    teams = {m.user.username: m.owner.name for m in TeamMembership.objects.select_related("user", "owner")}
    assert teams == {"transformation": "Transformation team", "bordersecurity": "Border Security Command"}
    assert "Home Office team member (Transformation team)" in output
    assert User.objects.get(username="inspector").is_staff
    assert not User.objects.get(username="policy").is_staff
    for username, password in accounts.items():
        assert signs_in(client, username, password)


@pytest.mark.parametrize("debug, embedded", [(False, True), (True, False)])
def test_demo_accounts_are_refused_outside_local_use(db, settings, debug, embedded):
    settings.DEBUG = debug
    settings.EMBEDDED_DATABASE = embedded
    with pytest.raises(CommandError, match="only for local use"):
        call_command("create_demo_accounts")
    assert not get_user_model().objects.exists()
