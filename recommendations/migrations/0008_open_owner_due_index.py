# An index for a team's page (issue 17).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0005_indexes_for_the_lists"),
        ("recommendations", "0007_calendar_feeds"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="recommendation",
            index=models.Index(
                condition=models.Q(("status__in", ("open", "blocked"))),
                fields=["owner", "next_due_date", "id"],
                name="rec_open_owner_due_idx",
            ),
        ),
    ]
