"""The "Editors" group: what an editor needs to keep the catalogue, no more.

Editors add, change and view everything in the catalogue; they may delete
the parts of an episode they manage (scenes, appearances, cues) but not
shows, seasons, episodes, characters, people, artists or songs.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = ["show", "season", "episode", "scene", "appearance", "character", "person", "artist", "song", "cue"]
DELETABLE = {"scene", "appearance", "cue"}


def editor_codenames():
    for model in MODELS:
        yield from (f"{action}_{model}" for action in ("add", "change", "view"))
        if model in DELETABLE:
            yield f"delete_{model}"


def create_editors(apps, schema_editor):
    app_config = apps.get_app_config("wiki")
    app_config.models_module = True  # permissions are made after migrations; make them now
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Editors")
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="wiki", codename__in=list(editor_codenames()))
    )


def remove_editors(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Editors").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("wiki", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editors, remove_editors)]
