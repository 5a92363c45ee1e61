"""People (the cast) and the characters they play."""

from django.db import models
from django.db.models import Subquery

from wiki.images import require_alt_text, store_upload
from wiki.links import HasPage, url_for
from wiki.models.fields import image_fields, links_from
from wiki.models.shows import Show
from wiki.querysets import CharacterQuerySet, PersonQuerySet
from wiki.text.linked import KeepsFormerNames, LinkedText
from wiki.text.markdown import render_markdown
from wiki.text.resolver import LinkResolver


class Person(HasPage, models.Model):
    """A real person: an actor who plays characters (``roles``)."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    bio = models.TextField(blank=True, help_text="Markdown.")
    bio_html = models.TextField(blank=True, editable=False)
    photo, photo_alt, photo_width, photo_height = image_fields("people/")

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        indexes = [models.Index(fields=["name"], name="person_name_idx")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.bio_html = render_markdown(self.bio, LinkResolver(show_id=None))
        store_upload(self, "photo")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return url_for("wiki:person", slug=self.slug)

    def clean(self):
        require_alt_text(self, "photo")


class CastRole(models.IntegerChoices):
    """A character's place in the cast; the numbers are the order pages list them in."""

    MAIN = 1, "Main cast"
    RECURRING = 2, "Recurring"
    GUEST = 3, "Guest"


class Character(HasPage, LinkedText, KeepsFormerNames, models.Model):
    """A character of one show, played by a person, seen in scenes
    (``appearances``) and performing songs (``performed_cues``). Texts link
    to it by name or alias (``[[Nellie]]``); its bio may hold links too."""

    markdown_field, html_field = "bio", "bio_html"

    show = models.ForeignKey(Show, on_delete=models.CASCADE, related_name="characters")
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200)
    aliases = models.CharField(
        max_length=300, blank=True, help_text="Other names fans use, separated by commas."
    )
    role = models.PositiveSmallIntegerField(
        choices=CastRole.choices,
        default=CastRole.GUEST,
        db_default=CastRole.GUEST,
        help_text="Main cast first, then recurring characters, then guests.",
    )
    played_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="roles"
    )
    bio = models.TextField(blank=True, help_text="Markdown.")
    bio_html = models.TextField(blank=True, editable=False)
    portrait, portrait_alt, portrait_width, portrait_height = image_fields("portraits/")
    updated_at = models.DateTimeField(auto_now=True)
    links_from = links_from()

    objects = CharacterQuerySet.as_manager()

    class Meta:
        ordering = ["show", "name"]
        indexes = [
            models.Index(fields=["show", "name"], name="character_show_name_idx"),
            models.Index(fields=["show", "role"], name="character_show_role_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["show", "slug"],
                name="character_slug_unique_per_show",
                violation_error_message="This show already has a character with this slug.",
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        store_upload(self, "portrait")
        links, change = self.render_text(), self.name_change()
        super().save(*args, **kwargs)
        self.keep_former_name(change)
        self.save_links(links)

    def get_absolute_url(self):
        return url_for("wiki:character", show=self.show.slug, slug=self.slug)

    def clean(self):
        require_alt_text(self, "portrait")

    def link_names(self):
        return [self.name, *self.alias_list]

    def link_episode_key(self):
        """A bio belongs to the episode its character is first seen in."""
        if self.pk is None:
            return None
        first = self.appearances.order_by("scene__episode__sort_key")
        return first.values_list("scene__episode__sort_key", flat=True).first()

    @classmethod
    def link_episode_key_at(cls, pk):
        return Subquery(cls.objects.with_first_seen().filter(pk=pk).values("first_seen")[:1])

    @property
    def alias_list(self):
        return [alias.strip() for alias in self.aliases.split(",") if alias.strip()]

    @property
    def is_main(self):
        return self.role == CastRole.MAIN


def strangers_message(characters, show):
    """The refusal of characters of another show in a scene or cue of ``show``,
    naming each one's show and the one to choose from: with two "Sam"s in two
    shows, "This character belongs to another show" alone does not say which."""
    names = [f"{c.name} ({c.show.title})" for c in characters]
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    if len(names) == 1:
        return f"{listed} belongs to another show: choose a character of {show.title}."
    return f"{listed} belong to another show: choose characters of {show.title}."
