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
    return render(request, "recaps/recap_list.html", {"page_obj": _page(request, Recap.objects.latest())})


def show_recaps(request, show):
    show = get_object_or_404(Show, slug=show)
    recaps = Recap.objects.latest().filter(episode__show=show)
    return render(request, "recaps/recap_list.html", {"show": show, "page_obj": _page(request, recaps)})


def recap_detail(request, show, slug):
    recap = get_object_or_404(
        Recap.objects.visible_to(request.user).with_page_data(), episode__show__slug=show, slug=slug
    )
    previous, following = Recap.objects.neighbours(recap)
    response = render(
        request, "recaps/recap_detail.html", {"recap": recap, "previous": previous, "next": following}
    )
    if not recap.is_published:
        patch_cache_control(response, private=True, no_store=True)
    return response


def episode_page_recaps(episode):
    """The episode page's recaps section (``wiki.hooks.EPISODE_PAGE``): one query."""
    return {"recaps": Recap.objects.for_episode(episode), "recaps_include": "recaps/_episode_recaps.html"}
