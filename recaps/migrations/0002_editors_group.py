"""The "Editors" group (made by wiki's 0002) gets what an editor needs for recaps:
add, change, view and delete recaps (deleted ones can be recovered from the
history), and view the history kept by django-reversion."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = {
    "recaps": ["add_recap", "change_recap", "view_recap", "delete_recap"],
    "reversion": ["view_revision", "view_version"],
}


def grant(apps, schema_editor, codenames=CODENAMES):
    for label in codenames:
        app_config = apps.get_app_config(label)
        app_config.models_module = True  # permissions are made after migrations; make them now
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Editors")
    for label, names in codenames.items():
        group.permissions.add(*Permission.objects.filter(content_type__app_label=label, codename__in=names))


def revoke(apps, schema_editor, codenames=CODENAMES):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Editors"):
        for label, names in codenames.items():
            group.permissions.remove(*Permission.objects.filter(content_type__app_label=label, codename__in=names))


class Migration(migrations.Migration):
    dependencies = [
        ("recaps", "0001_initial"),
        ("wiki", "0002_editors_group"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
