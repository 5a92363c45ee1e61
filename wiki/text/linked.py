"""Texts that hold links and the targets they point at, as model mixins.

- A model whose Markdown may hold links (``LinkedText``: episodes, characters,
  recaps) derives its HTML and writes one ``WikiLink`` row per link target in
  ``save_links()``, which its ``save()`` calls. A row points at the character,
  song or episode itself, not at its name, so renames keep the "Mentioned in"
  lists whole, and each list is one indexed query.
- A model that links point at (``KeepsFormerNames``: characters, songs, recaps)
  keeps the names and addresses it had before a rename in ``FormerName``: an
  old ``[[name]]`` still resolves and an old URL answers with a permanent
  redirect (``wiki.middleware``). Creating or renaming a target re-renders
  the texts that link to it, so a "missing" link turns into a real one.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q, Value

from wiki.models.links import FormerName, WikiLink
from wiki.text.markdown import render_markdown
from wiki.text.refs import Kind, name_key
from wiki.text.resolver import LinkResolver


class LinkedText:
    """For a model with a Markdown field that may hold ``[[links]]``.

    The model's own ``save()`` calls ``render_text()`` before saving (it renders
    ``markdown_field`` into ``html_field``, a derived field like every ``*_html``,
    and returns the links found) and ``save_links(links)`` after (the text's
    ``WikiLink`` rows, derived from the same text). The model declares a
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

    def render_text(self):
        """Derive ``html_field`` from ``markdown_field``; the links found, for ``save_links``."""
        found = []
        text = getattr(self, self.markdown_field)
        setattr(self, self.html_field, render_markdown(text, LinkResolver(self.link_show_id()), found))
        return found

    def save_links(self, links):
        """After the row is saved: its ``WikiLink`` rows, one per distinct target."""
        WikiLink.objects.replace_for(self, links)

    def refresh_links(self):
        """Re-render after a target changed, without touching ``updated_at``."""
        found = self.render_text()
        type(self)._default_manager.filter(pk=self.pk).update(
            **{self.html_field: getattr(self, self.html_field)}
        )
        WikiLink.objects.replace_for(self, found)

    @classmethod
    def link_source_queryset(cls):
        return cls._default_manager.all()


class KeepsFormerNames:
    """For a model that links and URLs point at (characters, songs, recaps).

    The model's own ``save()`` calls ``name_change()`` before saving and
    ``keep_former_name(change)`` after: a changed name or slug is kept in
    ``FormerName``, and a new or renamed target re-renders the texts that link
    to it or to its name.
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

    def name_change(self):
        """Before the row is saved: what changed since it was loaded (for ``keep_former_name``)."""
        stored = getattr(self, "_stored_names", {})
        old_name, old_slug = stored.get(self.name_field), stored.get("slug")
        renamed = old_name is not None and old_name != getattr(self, self.name_field, old_name)
        old_path = ""
        if old_slug is not None and old_slug != self.slug:
            new_slug, self.slug = self.slug, old_slug
            old_path, self.slug = self.get_absolute_url(), new_slug
        return NameChange(self._state.adding, old_name if renamed else None, old_path)

    def keep_former_name(self, change):
        """After the row is saved: keep its former name and address, relink the texts."""
        if change.old_name is not None or change.old_path:
            FormerName.objects.create(
                target=self,
                show_id=self.former_show_id(),
                name=change.old_name or "",
                name_key=name_key(change.old_name) if change.old_name is not None else "",
                path=change.old_path,
            )
        self._stored_names = {f: getattr(self, f, None) for f in (self.name_field, "slug") if f}
        if change and self._meta.model_name in Kind.values:
            relink_sources(self)


@dataclass(frozen=True)
class NameChange:
    """What ``KeepsFormerNames.name_change`` saw before a save."""

    created: bool
    old_name: str | None  # None: not renamed
    old_path: str  # "": same address

    def __bool__(self):
        return self.created or self.old_name is not None or bool(self.old_path)


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
