"""Reader pages of recaps. Each view loads through ``Recap.objects`` (``recaps.querysets``)."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_cache_control

from wiki.models import Show

from .models import Recap

RECAPS_PER_PAGE = 20


def _page(request, recaps):
    return Paginator(recaps, RECAPS_PER_PAGE, orphans=3).get_page(request.GET.get("page"))


def recap_list(request):
    recaps = Recap.objects.newest().visible_to(request.progress)
    return render(request, "recaps/recap_list.html", {"page_obj": _page(request, recaps)})


def show_recaps(request, show):
    show = get_object_or_404(Show, slug=show)
    recaps = Recap.objects.newest().visible_to(request.progress).filter(episode__show=show)
    context = {"show": show, "page_obj": _page(request, recaps), "shield": request.progress.for_show(show)}
    return render(request, "recaps/recap_list.html", context)


def recap_detail(request, show, slug):
    recap = get_object_or_404(
        Recap.objects.readable_by(request.user).with_page_data(), episode__show__slug=show, slug=slug
    )
    progress = request.progress
    context = {"recap": recap, "shield": progress.for_show(recap.episode.show)}
    if progress.hides(recap.episode.show_id, recap.episode.sort_key):
        return render(request, "recaps/recap_hidden.html", context)
    context["previous"], context["next"] = Recap.objects.visible_to(progress).neighbours(recap)
    response = render(request, "recaps/recap_detail.html", context)
    if not recap.is_published:
        patch_cache_control(response, private=True, no_store=True)
    return response


def episode_page_recaps(episode):
    """The episode page's recaps section (``wiki.hooks.EPISODE_PAGE``): one query."""
    return {"recaps": Recap.objects.for_episode(episode), "recaps_include": "recaps/_episode_recaps.html"}
