import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from icibi_tracker.roles import INSPECTORATE, MANAGERS, POLICY_TEAM

DEMO_ACCOUNTS = [
    # username, role, may use the admin
    ("inspector", INSPECTORATE, True),
    ("policy", POLICY_TEAM, False),
    ("manager", MANAGERS, False),
]


class Command(BaseCommand):
    help = "Create one demo account per role with a fresh password, and print them. Local use only."

    def handle(self, *args, **options):
        if not (settings.DEBUG and settings.EMBEDDED_DATABASE):
            raise CommandError(
                "Demo accounts are only for local use: they need DEBUG on and the embedded SQLite database."
            )
        User = get_user_model()
        self.stdout.write("Demo accounts (new passwords each time this runs):")
        for username, role, staff in DEMO_ACCOUNTS:
            password = secrets.token_urlsafe(12)
            user, _ = User.objects.get_or_create(username=username)
            user.is_staff = staff
            user.email = f"{username}@example.gov.uk"
            user.set_password(password)
            user.save()
            user.groups.set([Group.objects.get(name=role)])
            self.stdout.write(f"  {role:<20} username: {username:<10} password: {password}")
