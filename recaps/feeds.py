"""Feeds of the latest published recaps, sitewide and per show, in RSS 2.0
and Atom. Items come from ``Recap.objects.newest()`` through the reader's
spoiler shield, as on the recap lists; a recap of an episode still inside
its show's embargo window (``Episode.is_fresh``) keeps its title but not its
text for readers without a shield, as the lists do."""

from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape, strip_tags
from django.utils.text import Truncator

from wiki.models import Show
from wiki.text.markdown import shield_html

from .models import Recap

ITEMS = 20
SUMMARY_WORDS = 60
WITHHELD = "A fresh episode: open the recap when you have watched it."


@dataclass(frozen=True)
class Scope:
    """What one request's feed covers: one show or all, as the reader may see it."""

    show: Show | None
    progress: object


class LatestRecapsFeed(Feed):
    feed_type = Rss201rev2Feed

    def get_object(self, request, show=None):
        return Scope(get_object_or_404(Show, slug=show) if show else None, request.progress)

    def title(self, scope):
        return f"{scope.show.title} recaps · Cuesheet" if scope.show else "Latest recaps · Cuesheet"

    def link(self, scope):
        return reverse("recaps:show", args=[scope.show.slug]) if scope.show else reverse("recaps:list")

    def description(self, scope):
        about = scope.show.title if scope.show else "TV series"
        return f"The latest episode recaps of {about} on Cuesheet, newest first."

    def items(self, scope):
        recaps = Recap.objects.newest().visible_to(scope.progress)
        if scope.show:
            recaps = recaps.filter(episode__show=scope.show)
        recaps = list(recaps[:ITEMS])
        for recap in recaps:
            recap.feed_withheld = scope.progress.embargoes(recap.episode)
            recap.feed_limit = scope.progress.limit_for(recap.episode.show_id)
        return recaps

    def item_title(self, recap):
        return f"{recap.episode.show.title} {recap.episode.code}: {recap.title}"

    def item_description(self, recap):
        if recap.feed_withheld:
            return WITHHELD
        if recap.dek:
            return escape(recap.dek)  # descriptions are HTML; the stripped body is already escaped
        text = strip_tags(shield_html(recap.body_html, recap.feed_limit)).strip()
        return Truncator(text).words(SUMMARY_WORDS)

    def item_author_name(self, recap):
        return recap.byline

    def item_pubdate(self, recap):
        return recap.published_at

    def item_updateddate(self, recap):
        return recap.updated_at

    def item_categories(self, recap):
        return [recap.episode.show.title]


class LatestRecapsAtomFeed(LatestRecapsFeed):
    feed_type = Atom1Feed

    def subtitle(self, scope):
        return self.description(scope)
