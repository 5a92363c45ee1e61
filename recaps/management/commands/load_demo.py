from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction

from recaps import demo_data as demo
from recaps.models import Comment, Recap
from wiki.management.commands.load_demo import Command as CatalogueCommand
from wiki.management.commands.load_demo import _upsert
from wiki.models import Episode


class Command(CatalogueCommand):
    help = (
        "Load the demo catalogue (Soundtrack, season 1), its published recap of S1E2 with two "
        "readers' comments, and start their history. Running it again changes nothing."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        super().handle(*args, **options)
        author, created = get_user_model().objects.get_or_create(
            username=demo.AUTHOR["username"], defaults={**demo.AUTHOR, "is_staff": True}
        )
        if created:
            author.set_unusable_password()
            author.save()
        episode = Episode.objects.get(show__slug="soundtrack", season__number=1, number=2)
        recap = _upsert(
            Recap, {"slug": demo.RECAP["slug"]}, {**demo.RECAP, "episode": episode, "author": author}
        )
        for comment in demo.COMMENTS:
            fields = {**comment, "status": Comment.Status.APPROVED, "spoils": None}
            if "spoils" in comment:
                fields["spoils"] = Episode.objects.get(
                    show=episode.show, season__number=1, number=comment["spoils"]
                )
            _upsert(Comment, {"recap": recap, "name": comment["name"]}, fields)
        call_command("createinitialrevisions", "wiki", "recaps", comment="Demo data loaded.", verbosity=0)
        self.stdout.write(self.style.SUCCESS(f"Demo recap ready: {recap.get_absolute_url()}"))
