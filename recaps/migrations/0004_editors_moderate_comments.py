"""Editors moderate readers' comments: view, approve or mark as spam
(change) and delete them, and see and remove trusted commenters."""

import importlib

from django.db import migrations

editors_group = importlib.import_module("recaps.migrations.0002_editors_group")

CODENAMES = {
    "recaps": [
        "view_comment",
        "change_comment",
        "delete_comment",
        "view_trustedcommenter",
        "delete_trustedcommenter",
    ],
}


def grant(apps, schema_editor):
    editors_group.grant(apps, schema_editor, CODENAMES)


def revoke(apps, schema_editor):
    editors_group.revoke(apps, schema_editor, CODENAMES)


class Migration(migrations.Migration):
    dependencies = [("recaps", "0003_comments")]

    operations = [migrations.RunPython(grant, revoke)]
