import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from icibi_tracker.roles import HOME_OFFICE_TEAM, INSPECTORATE, MANAGERS, POLICY_TEAM
from recommendations.models import Owner
from submissions.models import TeamMembership

DEMO_ACCOUNTS = [
    # username, role, may use the admin, team (an owner in the real data)
    ("inspector", INSPECTORATE, True, None),
    ("policy", POLICY_TEAM, False, None),
    ("manager", MANAGERS, False, None),
    ("transformation", HOME_OFFICE_TEAM, False, "Transformation team"),
    ("bordersecurity", HOME_OFFICE_TEAM, False, "Border Security Command"),
]


class Command(BaseCommand):
    """Here, not in the project package: the team members' accounts need the teams (submissions)."""

    help = "Create one demo account per role with a fresh password, and print them. Local use only."

    def handle(self, *args, **options):
        if not (settings.DEBUG and settings.EMBEDDED_DATABASE):
            raise CommandError(
                "Demo accounts are only for local use: they need DEBUG on and the embedded SQLite database."
            )
        User = get_user_model()
        self.stdout.write("Demo accounts (new passwords each time this runs):")
        for username, role, staff, team in DEMO_ACCOUNTS:
            password = secrets.token_urlsafe(12)
            user, _ = User.objects.get_or_create(username=username)
            user.is_staff = staff
            user.email = f"{username}@example.gov.uk"
            user.set_password(password)
            user.save()
            user.groups.set([Group.objects.get(name=role)])
            if team:
                owner = Owner.objects.filter(name=team).first()
                if owner is None:
                    raise CommandError(f"No team called “{team}”: load the real data first (manage.py load_real_data).")
                TeamMembership.objects.get_or_create(owner=owner, user=user)
            role_shown = f"{role} ({team})" if team else role
            self.stdout.write(f"  {role_shown:<50} username: {username:<14} password: {password}")
