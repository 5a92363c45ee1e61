"""Notifications on the site, and the header's cached unread count."""

import contextlib

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from config.cache import CacheUnavailable
from recaps.models import Notification

UNREAD_SECONDS = 24 * 3600  # how long a cached unread count is trusted without a change


def _unread_key(user_id):
    return f"notifications:unread:{user_id}"


def unread_count(user):
    """How many unread notifications ``user`` has, for the header: from the
    cache, which ``notify``, ``notifications_read`` and signing in keep
    current, so a page costs a query only when the cache lost the count (or
    is down: then it is counted and nothing is stored)."""
    key = _unread_key(user.pk)
    with contextlib.suppress(CacheUnavailable):
        count = cache.get(key)
        if count is not None:
            return count
    return unread_warm(user_ids=[user.pk])[user.pk]


def unread_warm(*, user_ids):
    """Count the unread notifications of ``user_ids`` (one query) and store the counts."""
    rows = (
        Notification.objects.filter(user_id__in=user_ids)
        .unread()
        .order_by()
        .values("user_id")
        .annotate(n=Count("pk"))
        .values_list("user_id", "n")
    )
    counts = {user_id: 0 for user_id in user_ids} | dict(rows)
    with contextlib.suppress(CacheUnavailable):
        cache.set_many({_unread_key(user_id): n for user_id, n in counts.items()}, timeout=UNREAD_SECONDS)
    return counts


def _unread_forget(user_ids):
    with contextlib.suppress(CacheUnavailable):
        cache.delete_many([_unread_key(user_id) for user_id in user_ids])


def notify(*, users, message, url=""):
    """Leave ``message`` for each of ``users`` (None skipped, each once). Their
    header counts are recounted once the notifications are committed (until
    then a page would count none of them)."""
    users = list({u.pk: u for u in users if u}.values())
    Notification.objects.bulk_create([Notification(user=u, message=message[:300], url=url) for u in users])
    user_ids = [u.pk for u in users]
    _unread_forget(user_ids)
    transaction.on_commit(lambda: unread_warm(user_ids=user_ids), robust=True)


def notify_all(contribution, message):
    users = [contribution.contributor, *(s.user for s in contribution.supporters.select_related("user"))]
    notify(users=users, message=message, url="/account/contributions/")


def notifications_read(*, user):
    """Mark all of ``user``'s notifications read (they opened "My contributions")."""
    Notification.objects.filter(user=user).unread().update(read_at=timezone.now())
    with contextlib.suppress(CacheUnavailable):
        cache.set(_unread_key(user.pk), 0, timeout=UNREAD_SECONDS)
