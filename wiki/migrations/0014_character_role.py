"""Characters get a role (main cast, recurring, guest) in place of "main cast" yes or no:
the main cast stay main, everyone else becomes a guest until an editor says otherwise."""

from django.db import migrations, models

MAIN, GUEST = 1, 3


def roles_from_main(apps, schema_editor):
    Character = apps.get_model("wiki", "Character")
    Character.objects.filter(is_main=True).update(role=MAIN)


def main_from_roles(apps, schema_editor):
    Character = apps.get_model("wiki", "Character")
    Character.objects.filter(role=MAIN).update(is_main=True)


class Migration(migrations.Migration):
    dependencies = [
        ("wiki", "0013_contributions"),
    ]

    operations = [
        migrations.AddField(
            model_name="character",
            name="role",
            field=models.PositiveSmallIntegerField(
                choices=[(1, "Main cast"), (2, "Recurring"), (3, "Guest")],
                db_default=GUEST,
                default=GUEST,
                help_text="Main cast first, then recurring characters, then guests.",
            ),
        ),
        migrations.RunPython(roles_from_main, main_from_roles),
        migrations.RemoveField(model_name="character", name="is_main"),
        migrations.AddIndex(
            model_name="character",
            index=models.Index(fields=["show", "role"], name="character_show_role_idx"),
        ),
    ]
