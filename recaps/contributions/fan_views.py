"""The fans' public side: votes on cues, a contributor's page, and a fan's
own contributions with their notifications.

Every list goes through ``ContributionQuerySet.visible_to(request.progress)``
(the spoiler shield), and the counts are counted over the visible rows only.
"""

import functools

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from recaps.models import Contribution, CueVote, Notification
from wiki.models import Cue

from . import services
from .fan_forms import VoteForm
from .values import CORRECTABLE

Kind = Contribution.Kind
PER_PAGE = 30
NOTIFICATIONS_SHOWN = 30


@functools.cache
def field_labels():
    """The correctable fields' names as readers read them, by target kind."""
    return {
        kind: {name: str(services.TARGETS[kind]._meta.get_field(name).verbose_name) for name in names}
        for kind, names in CORRECTABLE.items()
    }


def _back(request, fallback):
    """The page the reader came from (``next``), if it is one of ours."""
    target = request.POST.get("next") or ""
    if "\x00" not in target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@require_POST
def vote(request, cue):
    """ "Yes, that's the song" or "wrong song" on a cue, then back to the page."""
    if not request.user.is_authenticated:
        return redirect_to_login(_back(request, "/"))
    cue = get_object_or_404(
        Cue.objects.visible_to(request.progress).select_related("song", "scene__episode__show"), pk=cue
    )
    back = _back(request, cue.get_absolute_url())
    form = VoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose “Yes, that's the song” or “Wrong song”.")
        return redirect(back)
    confirms = form.cleaned_data["confirms"]
    try:
        services.cue_vote(cue=cue, user=request.user, confirms=confirms)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        said = "it is the song" if confirms else "it is the wrong song"
        messages.success(request, f"Thank you: you said {said} for “{cue.song.title}”.")
    return redirect(back)


def contributor(request, username):
    """What a fan added that editors accepted (or that a trusted fan published),
    newest first, with the counts fans like to see: all of it up to the
    reader's spoiler limit."""
    fan = get_object_or_404(get_user_model(), username=username, is_active=True)
    progress = request.progress
    live = Contribution.objects.by(fan).live().visible_to(progress)
    counts = live.with_answered().aggregate(
        songs=Count("pk", filter=Q(kind=Kind.SONG)),
        identified=Count("pk", filter=Q(kind=Kind.SONG, answered=True)),
        corrections=Count("pk", filter=Q(kind=Kind.CORRECTION)),
    )
    votes = CueVote.objects.filter(user=fan, confirms=True).visible_to(progress)
    counts["confirmations"] = votes.count()
    rows = live.for_fan_pages().order_by("-created_at", "-pk")
    page = Paginator(rows, PER_PAGE, orphans=5).get_page(request.GET.get("page"))
    context = {"fan": fan, "counts": counts, "page_obj": page, "mine": request.user == fan}
    context["field_labels"] = field_labels()
    return render(request, "recaps/contributions/contributor_detail.html", context)


@login_required
def mine(request):
    """The signed-in fan's contributions in every status, and their
    notifications, which opening this page marks read."""
    rows = Contribution.objects.by(request.user).visible_to(request.progress).for_fan_pages()
    page = Paginator(rows.order_by("-created_at", "-pk"), PER_PAGE, orphans=5).get_page(
        request.GET.get("page")
    )
    notifications = list(Notification.objects.filter(user=request.user)[:NOTIFICATIONS_SHOWN])
    services.notifications_read(user=request.user)
    context = {"page_obj": page, "notifications": notifications, "field_labels": field_labels()}
    return render(request, "recaps/contributions/fan_contributions.html", context)


urlpatterns = [
    path("contribute/cues/<int:cue>/vote/", vote, name="vote"),
    path("contributors/<str:username>/", contributor, name="contributor"),
    path("account/contributions/", mine, name="mine"),
]
