"""An element with its own target can be closed on its own (issue 13)."""

from importlib import import_module

from django.db import migrations, models

history_and_version = import_module("responses.migrations.0003_history_and_version")


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0007_calendar_feeds"),
        ("responses", "0010_sort_keys"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalhomeofficeresponse",
            name="closed_on",
            field=models.DateField(
                blank=True,
                help_text="Only for an element with its own target that the Home Office closed.",
                null=True,
                verbose_name="date the element was closed",
            ),
        ),
        migrations.AddField(
            model_name="historicalhomeofficeresponse",
            name="closed_precision",
            field=models.CharField(
                choices=[("day", "Day"), ("month", "Month only"), ("year", "Year only")],
                default="day",
                help_text="Month only: enter any day of the month; the tracker keeps the month, never a made-up day.",
                max_length=8,
                verbose_name="element closed precision",
            ),
        ),
        migrations.AddField(
            model_name="historicalhomeofficeresponse",
            name="closure_evidence",
            field=models.TextField(blank=True, verbose_name="evidence the element was closed"),
        ),
        migrations.AddField(
            model_name="homeofficeresponse",
            name="closed_on",
            field=models.DateField(
                blank=True,
                help_text="Only for an element with its own target that the Home Office closed.",
                null=True,
                verbose_name="date the element was closed",
            ),
        ),
        migrations.AddField(
            model_name="homeofficeresponse",
            name="closed_precision",
            field=models.CharField(
                choices=[("day", "Day"), ("month", "Month only"), ("year", "Year only")],
                default="day",
                help_text="Month only: enter any day of the month; the tracker keeps the month, never a made-up day.",
                max_length=8,
                verbose_name="element closed precision",
            ),
        ),
        migrations.AddField(
            model_name="homeofficeresponse",
            name="closure_evidence",
            field=models.TextField(blank=True, verbose_name="evidence the element was closed"),
        ),
        migrations.AddConstraint(
            model_name="homeofficeresponse",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("closed_on__isnull", True), models.Q(("closure_evidence", ""), _negated=True), _connector="OR"
                ),
                name="response_closed_has_evidence",
                violation_error_message="Say what shows the element was closed: the evidence, or where the Home Office reported it.",
            ),
        ),
        # SQLite rebuilt the responses table to add them, which drops its trigger.
        migrations.RunPython(history_and_version.restore_sqlite_trigger, migrations.RunPython.noop),
    ]
