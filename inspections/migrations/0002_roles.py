from django.contrib.auth.management import create_permissions
from django.db import migrations

from inspections.roles import INSPECTORATE, MANAGERS, POLICY_TEAM, TRACKER_APPS, permissions_for


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; roles need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    tracker = Permission.objects.filter(content_type__app_label__in=TRACKER_APPS).select_related("content_type")
    by_key = {(p.content_type.app_label, p.codename): p for p in tracker}
    for role in (INSPECTORATE, POLICY_TEAM, MANAGERS):
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set([by_key[key] for key in permissions_for(role, by_key)])


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[INSPECTORATE, POLICY_TEAM, MANAGERS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0001_initial"),
        ("recommendations", "0001_initial"),
        ("responses", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
