"""Editors review fans' contributions (the "review_contribution" permission,
given to the Editors group as 0002 and 0004 give theirs), and an accepted
dispute keeps its removed cue's scene as its place."""

import importlib

from django.conf import settings
from django.db import migrations, models

editors_group = importlib.import_module("recaps.migrations.0002_editors_group")

CODENAMES = {"recaps": ["review_contribution"]}


def grant(apps, schema_editor):
    editors_group.grant(apps, schema_editor, CODENAMES)


def revoke(apps, schema_editor):
    editors_group.revoke(apps, schema_editor, CODENAMES)


class Migration(migrations.Migration):
    dependencies = [
        ("recaps", "0009_recap_lead_image_alt_text"),
        ("wiki", "0013_contributions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="contribution",
            options={
                "ordering": ["created_at", "pk"],
                "permissions": [("review_contribution", "Can review fans' contributions")],
            },
        ),
        migrations.RemoveConstraint(model_name="contribution", name="contribution_has_target"),
        migrations.AddConstraint(
            model_name="contribution",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("kind__in", ["song", "unknown"]), ("scene__isnull", False)),
                    models.Q(("cue__isnull", False), ("kind", "dispute")),
                    models.Q(("kind", "dispute"), ("scene__isnull", False)),
                    ("kind", "correction"),
                    _connector="OR",
                ),
                name="contribution_has_target",
            ),
        ),
        migrations.RunPython(grant, revoke),
    ]
