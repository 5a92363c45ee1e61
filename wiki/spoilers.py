"""The spoiler shield: what a reader has watched, per show.

A reader's ``Progress`` maps show ids to the ``sort_key`` of the last episode
they watched. Anonymous readers keep it in a signed cookie (``wiki.shield_cookie``:
the page cache keys their pages by it); signed-in readers in ``ReaderProgress``
rows (on every device).

The rule has one name, *hides*: ``Progress.hides(show_id, sort_key)`` for one row,
``Progress.hides_q(show, key)`` as a database condition. Everything else is built on
it in ``wiki.querysets``: ``visible_to(progress)`` (the rows it does not hide),
``visible_q`` (the same, for aggregates) and ``hides_flag``/``with_hides_flag``
(rows that stay in lists, flagged). This module only loads, stores and describes
the setting.

``?reveal=1`` on a page shows it whole for that one request.

Readers with no limit for a show get the fresh-episode embargo instead
(``Progress.embargoes``): an episode that aired in the last few days shows in
lists without spoilers until they open it.
"""

import functools
import operator
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.functional import SimpleLazyObject

from wiki import shield_cookie
from wiki.episode_keys import key_parts
from wiki.models import ReaderProgress

SESSION_KEY = "spoiler_shield"  # where anonymous shields were kept before the cookie: still read


@dataclass(frozen=True)
class Progress:
    limits: dict = field(default_factory=dict)  # show id -> last watched sort_key

    def __bool__(self):
        return bool(self.limits)

    def limit_for(self, show_id):
        return self.limits.get(show_id)

    def hides(self, show_id, sort_key):
        """The shield's rule: an episode (by ``sort_key``) past the reader's limit for its show."""
        limit = self.limits.get(show_id)
        return limit is not None and sort_key > limit

    def hides_q(self, show="show_id", key="sort_key"):
        """``hides`` as a Q: rows from after each shielded show's limit (None
        without a shield). ``show`` and ``key`` are the lookups that reach the
        show id and the episode ``sort_key`` from the queryset's model."""
        conditions = [Q(**{show: show_id, f"{key}__gt": limit}) for show_id, limit in self.limits.items()]
        return functools.reduce(operator.or_, conditions) if conditions else None

    def embargoes(self, episode):
        """The fresh-episode embargo: lists show ``episode`` with its title, air
        date and still but nothing of what happens in it, because it aired within
        its show's embargo window (``Episode.is_fresh``) and the reader has set no
        limit for that show (a limit brings the shield's rules instead). The
        episode's own page shows everything: opening it is the reader's choice."""
        return episode.show_id not in self.limits and episode.is_fresh

    def for_show(self, show):
        return ShowShield(show, self.limits.get(show.pk))


NO_PROGRESS = Progress()


@dataclass(frozen=True)
class ShowShield:
    """The shield of one show, for its pages' banner and picker."""

    show: object
    limit: int | None

    def __bool__(self):
        return self.limit is not None

    @property
    def code(self):
        if self.limit is None:
            return ""
        season, episode = key_parts(self.limit)
        return f"S{season}E{episode}"


def load_progress(request):
    if request.GET.get("reveal") == "1":
        return NO_PROGRESS
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        rows = ReaderProgress.objects.filter(user=user).values_list("show_id", "sort_key")
        return Progress(dict(rows))
    return Progress(_anonymous_limits(request))


def _anonymous_limits(request):
    """The cookie's limits; for a reader from before the cookie, the session's."""
    signed = shield_cookie.read(request.COOKIES.get(shield_cookie.name()))
    if signed is not None:
        return shield_cookie.parse(signed)
    stored = request.session.get(SESSION_KEY) if _has_session(request) else None
    return {int(show): int(key) for show, key in (stored or {}).items()}


def _has_session(request):
    """Only read a session the reader already has: no session, no query."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES


class SpoilerShieldMiddleware:
    """Sets ``request.progress``, loaded on first use. A response built with a
    shield on is private to its reader: no shared cache may keep it. For an
    anonymous reader it also names the limits it was built for
    (``shield_cookie.HEADER``): the page cache stores such a page under those limits
    only, and takes the header off. It keeps the shield cookie in step with
    ``shield_set`` and ``shield_clear``, and drops a forged or stale one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        loaded = []

        def load():
            loaded.append(load_progress(request))
            return loaded[0]

        request.progress = SimpleLazyObject(load)
        response = self.get_response(request)
        if loaded and loaded[0]:
            patch_cache_control(response, private=True)
            patch_vary_headers(response, ["Cookie"])
            if _anonymous(request) and request.GET.get("reveal") != "1":
                response.headers[shield_cookie.HEADER] = shield_cookie.canonical(loaded[0].limits)
        changed = getattr(request, "shield_limits", None)
        if changed is not None:
            shield_cookie.store(response, changed)
        elif shield_cookie.name() in request.COOKIES and (
            not _anonymous(request) or shield_cookie.read(request.COOKIES[shield_cookie.name()]) is None
        ):
            shield_cookie.store(response, {})
        return response


def _anonymous(request):
    """Without a query for a reader with no session."""
    return not _has_session(request) or not request.user.is_authenticated


def shield_set(*, request, show, episode):
    """Remember that the reader has watched ``show`` up to ``episode``."""
    if request.user.is_authenticated:
        ReaderProgress.objects.update_or_create(
            user=request.user, show=show, defaults={"sort_key": episode.sort_key}
        )
    else:
        _keep_anonymous(request, _anonymous_limits(request) | {show.pk: episode.sort_key})


def shield_clear(*, request, show):
    if request.user.is_authenticated:
        ReaderProgress.objects.filter(user=request.user, show=show).delete()
    else:
        limits = _anonymous_limits(request)
        limits.pop(show.pk, None)
        _keep_anonymous(request, limits)


def _keep_anonymous(request, limits):
    """The cookie holds them from now on (set on the response by the middleware)."""
    request.shield_limits = limits
    if _has_session(request):
        request.session.pop(SESSION_KEY, None)


@transaction.atomic
def progress_move_to_account(*, request, user):
    """On sign-in: the anonymous reader's shields become the account's (theirs win)."""
    for show_id, key in _anonymous_limits(request).items():
        ReaderProgress.objects.update_or_create(user=user, show_id=show_id, defaults={"sort_key": key})
    _keep_anonymous(request, {})
