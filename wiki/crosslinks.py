"""Cross-links between texts and the catalogue: ``[[Nellie]]`` in a recap, a synopsis or a bio.

How the pieces fit:

- ``wiki.markdown.render_markdown`` finds the ``[[...]]`` of a text and asks a
  ``LinkResolver`` about all of them at once: a fixed number of queries for one
  show, however many links the text has.
- A model whose Markdown may hold links (``LinkedText``: episodes, characters,
  recaps) writes one ``WikiLink`` row per link target when it is saved. A row
  points at the character, song or episode itself, not at its name, so renames
  keep the "Mentioned in" lists whole, and each list is one indexed query.
- A model that links point at (``KeepsFormerNames``: characters, songs, recaps)
  keeps the names and addresses it had before a rename in ``FormerName``: an
  old ``[[name]]`` still resolves and an old URL answers with a permanent
  redirect (``wiki.middleware``). Creating or renaming a target re-renders
  the texts that link to it, so a "missing" link turns into a real one.
"""

import functools
import operator
import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.apps import apps
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.db.models.functions import Lower
from django.urls import Resolver404, resolve, reverse

from .episode_keys import episode_key
from .markdown import render_markdown, wikilink_key

CODE_RE = re.compile(r"^(?:s(\d{1,3})\s*e(\d{1,3})|(\d{1,3})x(\d{1,3}))$", re.IGNORECASE)


class Kind(models.TextChoices):
    CHARACTER = "character", "Character"
    SONG = "song", "Song"
    EPISODE = "episode", "Episode"


PREFIXES = {"character": Kind.CHARACTER, "char": Kind.CHARACTER, "song": Kind.SONG}
PREFIXES |= {"episode": Kind.EPISODE, "ep": Kind.EPISODE}


def _model(name):
    return apps.get_model("wiki", name)


def episode_code(name):
    """(season, number) for "S1E3", "s01e03" or "1x03"; None otherwise."""
    match = CODE_RE.match(name.strip())
    if not match:
        return None
    season, number = (int(g) for g in match.groups() if g is not None)
    return season, number


def name_key(name):
    """The key a written name is stored and looked up by: episode codes in one form."""
    code = episode_code(name)
    return f"s{code[0]}e{code[1]}" if code else wikilink_key(name)


def parse_ref(written):
    """``song:Heat`` → ("song", "Heat"); ``Nellie`` → (None, "Nellie")."""
    prefix, sep, rest = written.partition(":")
    kind = PREFIXES.get(prefix.strip().casefold()) if sep else None
    return (kind, rest.strip()) if kind and rest.strip() else (None, written.strip())


@dataclass(frozen=True)
class Link:
    """One resolved ``[[...]]``: where it points, or that nothing is there yet."""

    kind: str
    name: str
    url: str
    target: models.Model | None = None

    @property
    def missing(self):
        return self.target is None

    @property
    def css_class(self):
        return "wikilink missing" if self.missing else "wikilink"


class LinkResolver:
    """Resolves a text's links within one show (``show_id=None``: any show).

    A bare name is an episode code, then a character (name, alias), then a
    song title, then an episode title, then a former name. Missing links
    point at the admin "add" form with the name filled in.
    """

    def __init__(self, show_id):
        self.show_id = show_id

    def __call__(self, refs):
        wanted = {key: parse_ref(written) for key, written in refs.items()}
        keys = {name_key(name) for _, name in wanted.values()}
        found = {
            Kind.CHARACTER: self._characters(keys),
            Kind.SONG: self._songs(keys),
            Kind.EPISODE: self._episodes(keys),
        }
        unresolved = {k for k in keys if not any(k in targets for targets in found.values())}
        for kind, targets in self._former_names(unresolved).items():
            found[kind] |= targets
        return {key: self._link(kind, name, found) for key, (kind, name) in wanted.items()}

    def _link(self, kind, name, found):
        key = name_key(name)
        order = [kind] if kind else [Kind.EPISODE, Kind.CHARACTER, Kind.SONG]
        for candidate in order:
            target = found[candidate].get(key)
            if target is not None:
                return Link(candidate, name, target.get_absolute_url(), target)
        return self._missing(kind or (Kind.EPISODE if episode_code(name) else Kind.CHARACTER), name)

    def _missing(self, kind, name):
        fields = {"title": name} if kind != Kind.CHARACTER else {"name": name}
        if kind == Kind.EPISODE and episode_code(name):
            fields = {"number": episode_code(name)[1]}
        if kind == Kind.CHARACTER and self.show_id:
            fields["show"] = self.show_id
        return Link(kind, name, f"{reverse(f'admin:wiki_{kind}_add')}?{urlencode(fields)}")

    def _characters(self, keys):
        characters = _model("Character").objects.with_show()
        if self.show_id is None:
            characters = characters.annotate(key=Lower("name")).filter(key__in=keys)
        else:
            characters = characters.filter(show_id=self.show_id)
        found = {}
        for character in characters.order_by("role", "pk"):
            for name in [character.name, *character.alias_list]:
                found.setdefault(name_key(name), character)
        return found

    def _songs(self, keys):
        songs = _model("Song").objects.annotate(key=Lower("title")).filter(key__in=keys)
        if self.show_id is not None:
            in_show = _model("Cue").objects.filter(song=OuterRef("pk"), scene__episode__show_id=self.show_id)
            songs = songs.annotate(in_show=Exists(in_show)).order_by("-in_show", "pk")
        found = {}
        for song in songs:
            found.setdefault(name_key(song.title), song)
        return found

    def _episodes(self, keys):
        if self.show_id is None:
            return {}
        Episode = _model("Episode")
        codes = [episode_code(k) for k in keys if episode_code(k)]
        sort_keys = [episode_key(season, number) for season, number in codes]
        episodes = (
            Episode.objects.with_show()
            .filter(show_id=self.show_id)
            .annotate(key=Lower("title"))
            .filter(Q(sort_key__in=sort_keys) | Q(key__in=keys))
        )
        found = {}
        for episode in episodes:
            found[name_key(episode.code)] = episode
            found.setdefault(wikilink_key(episode.title), episode)
        return found

    def _former_names(self, keys):
        found = {kind: {} for kind in Kind.values}
        if not keys:
            return found
        scope = Q(show__isnull=True) if self.show_id is None else Q(show_id=self.show_id) | Q(show=None)
        rows = list(FormerName.objects.filter(scope, name_key__in=keys).exclude(name_key=""))
        for kind in Kind.values:
            model = _model(kind.capitalize())
            type_id = ContentType.objects.get_for_model(model).pk
            ids = {row.target_id: row.name_key for row in rows if row.target_type_id == type_id}
            if ids:
                targets = model.objects.all()
                if hasattr(targets, "with_show"):
                    targets = targets.with_show()
                for target in targets.filter(pk__in=ids):
                    found[kind][ids[target.pk]] = target
        return found


def _source_episode_key():
    """An expression for a ``WikiLink`` row: the sort_key of the episode its
    source text belongs to now (None: no episode), whichever model wrote it."""
    sources = [model for model in apps.get_models() if issubclass(model, LinkedText)]
    types = ContentType.objects.get_for_models(*sources)
    source_id = OuterRef("source_id")
    return Case(
        *(When(source_type=types[model], then=model.link_episode_key_at(source_id)) for model in sources),
        output_field=models.PositiveIntegerField(),
    )


def visible_link_urls(urls, progress):
    """Of the addresses of ``[[links]]`` in a text, those whose character, song
    or episode the reader may see: a fixed number of queries (one per kind of
    target the text links to). An address that names nothing visible is left out."""
    wanted = {kind: {} for kind in Kind.values}
    for url in urls:
        try:
            match = resolve(url)
        except Resolver404:
            continue
        kind = match.url_name if match.namespace == "wiki" else None
        if kind in wanted:
            wanted[kind][tuple(match.kwargs.values())] = url
    lookups = {
        Kind.CHARACTER: lambda show, slug: Q(show__slug=show, slug=slug),
        Kind.SONG: lambda slug: Q(slug=slug),
        Kind.EPISODE: lambda show, season, number: Q(show__slug=show, season__number=season, number=number),
    }
    fields = {
        Kind.CHARACTER: ("show__slug", "slug"),
        Kind.SONG: ("slug",),
        Kind.EPISODE: ("show__slug", "season__number", "number"),
    }
    visible = set()
    for kind, found in wanted.items():
        if found:
            rows = _model(kind.capitalize()).objects.filter(
                functools.reduce(operator.or_, (lookups[kind](*key) for key in found))
            )
            visible |= {found[key] for key in rows.visible_to(progress).values_list(*fields[kind])}
    return visible


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
                progress.hidden("show_id", "source_episode_key")
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


class LinkedText:
    """For a model with a Markdown field that may hold ``[[links]]``.

    ``save()`` renders ``markdown_field`` into ``html_field`` (a derived field,
    like every ``*_html``) and then rewrites the text's ``WikiLink`` rows,
    which are derived from the same text. The model declares a
    ``GenericRelation`` to ``WikiLink`` so deleting it deletes its rows.
    """

    markdown_field = "body"
    html_field = "body_html"

    def link_show_id(self):
        return self.show_id

    def link_title(self):
        return str(self)

    def link_is_public(self):
        return True

    def link_episode_key(self):
        """The sort_key of the episode this text belongs to (None: no episode)."""
        return None

    @classmethod
    def link_episode_key_at(cls, pk):
        """``link_episode_key`` as an expression for the row ``pk`` (an
        ``OuterRef``), so "Mentioned in" lists work it out when they are read."""
        return Value(None, output_field=models.PositiveIntegerField())

    def _render_links(self):
        found = []
        text = getattr(self, self.markdown_field)
        setattr(self, self.html_field, render_markdown(text, LinkResolver(self.link_show_id()), found))
        return found

    def save(self, *args, **kwargs):
        found = self._render_links()
        super().save(*args, **kwargs)
        WikiLink.objects.replace_for(self, found)

    def refresh_links(self):
        """Re-render after a target changed, without touching ``updated_at``."""
        found = self._render_links()
        type(self)._default_manager.filter(pk=self.pk).update(
            **{self.html_field: getattr(self, self.html_field)}
        )
        WikiLink.objects.replace_for(self, found)

    @classmethod
    def link_source_queryset(cls):
        return cls._default_manager.all()


class KeepsFormerNames:
    """For a model that links and URLs point at (characters, songs, recaps).

    On save, a changed name or slug is kept in ``FormerName``; a new or
    renamed target re-renders the texts that link to it or to its name.
    """

    name_field = "name"  # None: only the slug is tracked

    @classmethod
    def from_db(cls, db, field_names, values, *args, **kwargs):
        # Passes on what else Django gives (``fetch_mode`` since 6.1), whichever version runs.
        instance = super().from_db(db, field_names, values, *args, **kwargs)
        stored = instance._stored_names = {}
        for name in (cls.name_field, "slug"):  # pages load thousands of rows: no loop over every field
            if name in field_names and (value := values[field_names.index(name)]) is not models.DEFERRED:
                stored[name] = value
        return instance

    def link_names(self):
        return [getattr(self, self.name_field)] if self.name_field else []

    def former_show_id(self):
        return getattr(self, "show_id", None)

    def save(self, *args, **kwargs):
        stored = getattr(self, "_stored_names", {})
        created = self._state.adding
        old_name, old_slug = stored.get(self.name_field), stored.get("slug")
        renamed = old_name is not None and old_name != getattr(self, self.name_field, old_name)
        old_path = ""
        if old_slug is not None and old_slug != self.slug:
            new_slug, self.slug = self.slug, old_slug
            old_path, self.slug = self.get_absolute_url(), new_slug
        super().save(*args, **kwargs)
        if renamed or old_path:
            FormerName.objects.create(
                target=self,
                show_id=self.former_show_id(),
                name=old_name if renamed else "",
                name_key=name_key(old_name) if renamed else "",
                path=old_path,
            )
        self._stored_names = {f: getattr(self, f, None) for f in (self.name_field, "slug") if f}
        if (created or renamed or old_path) and self._meta.model_name in Kind.values:
            relink_sources(self)


def relink_sources(target):
    """Re-render every text that links to ``target`` or to one of its names."""
    keys = [name_key(n) for n in target.link_names() if n]
    show_id = target.former_show_id()
    scope = Q(show_id=show_id) if show_id else Q()
    links = WikiLink.objects.filter(
        Q(**{target._meta.model_name: target})
        | (scope & Q(name_key__in=keys, character=None, song=None, episode=None))
    )
    sources = {}
    for type_id, source_id in links.values_list("source_type", "source_id").distinct():
        sources.setdefault(type_id, set()).add(source_id)
    for type_id, ids in sources.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        for source in model.link_source_queryset().filter(pk__in=ids):
            source.refresh_links()
