import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# Addresses made before feeds were saved carry their filter in the address itself.
EARLIER_ADDRESS = "open, or the filter in its address"


def name_earlier_addresses(apps, schema_editor):
    apps.get_model("recommendations", "CalendarFeed").objects.filter(description="").update(description=EARLIER_ADDRESS)


def rename_permissions(apps, schema_editor):
    """The model's permissions take its new name (RenameModel leaves them), so roles and backups name
    permissions that a fresh database also has."""
    permission = apps.get_model("auth", "Permission")
    for action in ("add", "change", "delete", "view"):
        old = permission.objects.filter(codename=f"{action}_calendartoken")
        if permission.objects.filter(codename=f"{action}_calendarfeed").exists():
            old.delete()
        else:
            old.update(codename=f"{action}_calendarfeed", name=f"Can {action} calendar feed")


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0006_response_published_category_missing"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # A person's one token becomes the first of their feeds, with an empty filter: its address keeps working.
        migrations.RenameModel("CalendarToken", "CalendarFeed"),
        migrations.AlterField(
            model_name="calendarfeed",
            name="user",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="calendar_feeds",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(model_name="calendarfeed", name="name", field=models.CharField(blank=True, max_length=100)),
        migrations.AddField(
            model_name="calendarfeed", name="query", field=models.CharField(blank=True, max_length=2000)
        ),
        migrations.AddField(
            model_name="calendarfeed", name="description", field=models.CharField(blank=True, max_length=500)
        ),
        migrations.RunPython(name_earlier_addresses, migrations.RunPython.noop),
        migrations.RunPython(rename_permissions, migrations.RunPython.noop),
    ]
