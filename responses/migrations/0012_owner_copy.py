"""Each response keeps a copy of its recommendation's owner, so one owner's open items are read from an index
of their own, by due date, without a join (issue 17)."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    # As HomeOfficeResponse.objects.refresh_listing() does, which historical models lack.
    response = apps.get_model("responses", "HomeOfficeResponse")
    recommendation = apps.get_model("recommendations", "Recommendation").objects.filter(
        pk=OuterRef("recommendation_id")
    )
    response.objects.update(recommendation_owner=Subquery(recommendation.values("owner")[:1]))


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0008_open_owner_due_index"),
        ("responses", "0011_element_closure"),
    ]

    operations = [
        migrations.AddField(
            model_name="homeofficeresponse",
            name="recommendation_owner",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="recommendations.owner",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="homeofficeresponse",
            index=models.Index(
                condition=models.Q(("tracked", True), ("recommendation_status__in", ("open", "blocked"))),
                fields=["recommendation_owner", "current_due_date", "id"],
                name="response_open_owner_due_idx",
            ),
        ),
    ]
