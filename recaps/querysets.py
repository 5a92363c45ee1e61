"""The read rules for recaps, written once: pages, the episode page and feeds call these."""

from django.db.models import Q

from wiki.querysets import ShieldedQuerySet


class RecapQuerySet(ShieldedQuerySet):
    """``visible_to(progress)`` (the spoiler shield) leaves out recaps of
    episodes past the reader's limit."""

    SHOW, KEY = "episode__show_id", "episode__sort_key"

    def published(self):
        return self.filter(status=self.model.Status.PUBLISHED)

    def readable_by(self, user):
        """Staff see drafts and recaps in review (the preview link); readers only published ones."""
        return self if getattr(user, "is_staff", False) else self.published()

    def with_page_data(self):
        """Select what the page, ``get_absolute_url`` and the byline need."""
        return self.select_related("episode__show", "episode__season", "author")

    def newest(self):
        return self.published().with_page_data().order_by("-published_at", "-pk")

    def for_episode(self, episode):
        return self.newest().filter(episode=episode)

    def neighbours(self, recap):
        """The previous and next published recap of the same show, in episode order."""
        same_show = self.published().with_page_data().filter(episode__show_id=recap.episode.show_id)
        key, at = recap.episode.sort_key, recap.published_at
        before = Q(episode__sort_key__lt=key) | Q(episode__sort_key=key, published_at__lt=at)
        after = Q(episode__sort_key__gt=key) | Q(episode__sort_key=key, published_at__gt=at)
        order = ["episode__sort_key", "published_at", "pk"]
        previous = same_show.filter(before).order_by(*(f"-{f}" for f in order)).first() if at else None
        following = same_show.filter(after).order_by(*order).first() if at else None
        return previous, following
