"""sitemap.xml sections: every public catalogue page, with lastmod where known.

Crawlers carry no shield and get every page. A reader's browser that fetches
the sitemap with a spoiler shield on gets only what the shield lets through
(``visible_to``), since the addresses name characters and songs.
"""

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Max

from wiki.models import Artist, Character, Episode, Person, Season, Show, Song
from wiki.spoilers import NO_PROGRESS


class _CatalogueSitemap(Sitemap):
    model = None
    related = ()
    ordering = "pk"

    def __init__(self, progress=NO_PROGRESS):
        self.progress = progress

    def items(self):
        rows = self.model.objects.order_by(self.ordering)
        if self.related:  # select_related() with no fields would follow every foreign key
            rows = rows.select_related(*self.related)
        return rows.visible_to(self.progress) if hasattr(rows, "visible_to") else rows

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


def _sitemaps(request):
    return {name: sitemap(request.progress) for name, sitemap in SITEMAPS.items()}


def index(request):
    return sitemap_views.index(request, _sitemaps(request))


def section(request, section):
    return sitemap_views.sitemap(request, _sitemaps(request), section)
