"""The rows kept for wiki links: one ``WikiLink`` per link of a text to its target, and a
target's ``FormerName``s (names and addresses it had before a rename). ``wiki.text.linked``
writes them when texts and targets are saved."""

from django.apps import apps
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Case, OuterRef, When

from wiki.text.refs import Kind, name_key


def _source_episode_key():
    """An expression for a ``WikiLink`` row: the sort_key of the episode its
    source text belongs to now (None: no episode), whichever model wrote it."""
    sources = [model for model in apps.get_models() if hasattr(model, "link_episode_key_at")]
    types = ContentType.objects.get_for_models(*sources)
    source_id = OuterRef("source_id")
    return Case(
        *(When(source_type=types[model], then=model.link_episode_key_at(source_id)) for model in sources),
        output_field=models.PositiveIntegerField(),
    )


class WikiLinkQuerySet(models.QuerySet):
    def for_source(self, source):
        return self.filter(source_type=ContentType.objects.get_for_model(source), source_id=source.pk)

    def mentions_of(self, target, progress=None):
        """The texts readers may see that link to ``target``, less those from
        past the reader's spoiler limit: one query. Where each text lies is
        worked out from the data as it is now (``source_episode_key``), so a
        character's bio moves with its first appearance, a synopsis with its
        episode's number."""
        kind = target._meta.model_name
        mentions = self.filter(**{kind: target}, source_is_public=True)
        if progress:
            mentions = mentions.annotate(source_episode_key=_source_episode_key()).exclude(
                progress.hides_q("show_id", "source_episode_key")
            )
        return mentions.values("source_title", "source_url").distinct().order_by("source_title")

    def replace_for(self, source, links):
        """Rewrite the rows of one text: one row per distinct target."""
        self.for_source(source).delete()
        rows, seen = [], set()
        for link in links:
            key = (link.kind, link.target.pk if link.target else name_key(link.name))
            if key in seen:
                continue
            seen.add(key)
            rows.append(
                WikiLink(
                    source_type=ContentType.objects.get_for_model(source),
                    source_id=source.pk,
                    source_title=str(source.link_title())[:300],
                    source_url=source.get_absolute_url(),
                    source_is_public=source.link_is_public(),
                    show_id=source.link_show_id(),
                    kind=link.kind,
                    name=link.name[:200],
                    name_key=name_key(link.name)[:200],
                    **({link.kind: link.target} if link.target else {}),
                )
            )
        self.bulk_create(rows)


class WikiLink(models.Model):
    """A ``[[link]]`` from a text (a recap, a synopsis, a bio: the *source*) to
    a character, song or episode. The source's title, address and visibility
    are copied here when the source is saved, so a "Mentioned in" list needs
    no query per row. A link to nothing yet has no target, only its ``name``."""

    source_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    source_id = models.PositiveBigIntegerField()
    source = GenericForeignKey("source_type", "source_id")
    source_title = models.CharField(max_length=300)
    source_url = models.CharField(max_length=500)
    source_is_public = models.BooleanField(default=True)
    show = models.ForeignKey("wiki.Show", on_delete=models.CASCADE, null=True, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(max_length=200, help_text="The target as written.")
    name_key = models.CharField(max_length=200)
    character = models.ForeignKey(
        "wiki.Character", on_delete=models.SET_NULL, null=True, blank=True, related_name="mentions"
    )
    song = models.ForeignKey(
        "wiki.Song", on_delete=models.SET_NULL, null=True, blank=True, related_name="mentions"
    )
    episode = models.ForeignKey(
        "wiki.Episode", on_delete=models.SET_NULL, null=True, blank=True, related_name="mentions"
    )

    objects = WikiLinkQuerySet.as_manager()

    class Meta:
        ordering = ["source_title"]
        indexes = [
            models.Index(fields=["source_type", "source_id"], name="wikilink_source_idx"),
            models.Index(fields=["name_key", "show"], name="wikilink_name_idx"),
        ]

    def __str__(self):
        return f"{self.source_title} → {self.name}"


class FormerName(models.Model):
    """A name or address a character, song or recap had before a rename.

    ``name_key`` lets an old ``[[name]]`` resolve; ``path`` lets the old URL
    redirect (``wiki.middleware.FormerPathRedirectMiddleware``)."""

    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    show = models.ForeignKey("wiki.Show", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    name = models.CharField(max_length=200, blank=True)
    name_key = models.CharField(max_length=200, blank=True)
    path = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["path"], name="formername_path_idx"),
            models.Index(fields=["name_key", "show"], name="formername_name_idx"),
        ]

    def __str__(self):
        return self.name or self.path
