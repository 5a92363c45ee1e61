"""sitemap.xml sections: every public catalogue page, with lastmod where known."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max

from .models import Artist, Character, Episode, Person, Season, Show, Song


class _CatalogueSitemap(Sitemap):
    model = None
    related = ()
    ordering = "pk"

    def items(self):
        return self.model.objects.select_related(*self.related).order_by(self.ordering)

    def lastmod(self, obj):
        return getattr(obj, "updated_at", None)

    def get_latest_lastmod(self):
        """One aggregate, not a walk over every item (the index lists each section)."""
        if not any(f.name == "updated_at" for f in self.model._meta.fields):
            return None
        return self.model.objects.aggregate(latest=Max("updated_at"))["latest"]


class ShowSitemap(_CatalogueSitemap):
    model = Show
    priority = 0.8


class SeasonSitemap(_CatalogueSitemap):
    model, related = Season, ("show",)


class EpisodeSitemap(_CatalogueSitemap):
    model, related = Episode, ("show",)
    priority = 0.9


class CharacterSitemap(_CatalogueSitemap):
    model, related = Character, ("show",)
    priority = 0.7


class SongSitemap(_CatalogueSitemap):
    model = Song


class ArtistSitemap(_CatalogueSitemap):
    model = Artist


class PersonSitemap(_CatalogueSitemap):
    model = Person


SITEMAPS = {
    "shows": ShowSitemap,
    "seasons": SeasonSitemap,
    "episodes": EpisodeSitemap,
    "characters": CharacterSitemap,
    "songs": SongSitemap,
    "artists": ArtistSitemap,
    "people": PersonSitemap,
}
