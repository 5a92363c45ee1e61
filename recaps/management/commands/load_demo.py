import reversion
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from reversion.models import Version

from recaps import demo_data as demo
from recaps.models import Comment, Recap
from wiki.demo.art import draw_demo_art
from wiki.demo.loading import load_catalogue, upsert
from wiki.models import Character, Episode, Scene, Song


class Command(BaseCommand):
    help = (
        "Load the demo catalogue (Soundtrack, season 1), its published recap of S1E2 with two "
        "readers' comments, and start their history. Running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-art",
            action="store_true",
            help="Leave out the drawn posters, stills and portraits (faster).",
        )

    @transaction.atomic
    def handle(self, *args, **options):
        show = load_catalogue()
        if not options["no_art"]:
            draw_demo_art(show)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {show.title}, {Episode.objects.filter(show=show).count()} episodes, "
                f"{Scene.objects.filter(episode__show=show).count()} scenes, "
                f"{Song.objects.filter(cues__scene__episode__show=show).distinct().count()} songs."
            )
        )
        author, created = get_user_model().objects.get_or_create(
            username=demo.AUTHOR["username"], defaults={**demo.AUTHOR, "is_staff": True}
        )
        if created:
            author.set_unusable_password()
            author.save()
        episode = Episode.objects.get(show__slug="soundtrack", season__number=1, number=2)
        recap = upsert(
            Recap, {"slug": demo.RECAP["slug"]}, {**demo.RECAP, "episode": episode, "author": author}
        )
        for comment in demo.COMMENTS:
            fields = {**comment, "status": Comment.Status.APPROVED, "spoils": None}
            if "spoils" in comment:
                fields["spoils"] = Episode.objects.get(
                    show=episode.show, season__number=1, number=comment["spoils"]
                )
            upsert(Comment, {"recap": recap, "name": comment["name"]}, fields)
        _start_history(episode.show)
        self.stdout.write(self.style.SUCCESS(f"Demo recap ready: {recap.get_absolute_url()}"))


def _start_history(show):
    """A first version of each demo object that has none (its history starts
    here), leaving every other show's rows alone: a generated catalogue of a
    million scenes must not get a million versions."""
    for objects in (
        Recap.objects.filter(episode__show=show),
        Episode.objects.filter(show=show),
        Scene.objects.filter(episode__show=show),
        Character.objects.filter(show=show),
        Song.objects.filter(cues__scene__episode__show=show).distinct(),
    ):
        for obj in objects:
            if not Version.objects.get_for_object(obj).exists():
                with reversion.create_revision():
                    reversion.add_to_revision(obj)
                    reversion.set_comment("Demo data loaded.")
