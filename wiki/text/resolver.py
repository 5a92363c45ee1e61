"""What a text's ``[[links]]`` point at: ``LinkResolver`` answers for all the links of one
text at once (a fixed number of queries for one show); ``visible_link_urls`` keeps the
addresses a shielded reader may see."""

import functools
import operator
from dataclasses import dataclass
from urllib.parse import urlencode

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Lower
from django.urls import Resolver404, resolve, reverse

from wiki.episode_keys import episode_key
from wiki.models.links import FormerName
from wiki.text.markdown import wikilink_key
from wiki.text.refs import Kind, episode_code, name_key, parse_ref


def _model(name):
    return apps.get_model("wiki", name)


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
