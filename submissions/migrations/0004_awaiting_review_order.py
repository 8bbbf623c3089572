"""The review queue's page read in its order, oldest first, through an index of the submissions awaiting review
(issue 17)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("submissions", "0003_one_unfinished_submission_per_element"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="submission",
            index=models.Index(
                condition=models.Q(("state__in", ["submitted", "resubmitted"])),
                fields=["submitted_at", "id"],
                name="submission_awaiting_idx",
            ),
        ),
    ]
