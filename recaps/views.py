"""Reader pages of recaps. Each view loads through ``Recap.objects`` (``recaps.querysets``)."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from wiki.models import Show
from wiki.pages.accounts import same_origin_post

from .comments import CommentForm, Poster, form_started_token
from .models import Comment, Recap
from .services import comment_post

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


def _published_or_preview(request, show, slug):
    return get_object_or_404(
        Recap.objects.readable_by(request.user).with_page_data(), episode__show__slug=show, slug=slug
    )


def recap_detail(request, show, slug):
    return _recap_page(request, _published_or_preview(request, show, slug))


def _recap_page(request, recap, form=None):
    """The recap with its comments and comment form (``form``: one refused, with its messages)."""
    progress = request.progress
    context = {"recap": recap, "shield": progress.for_show(recap.episode.show)}
    if progress.hides(recap.episode.show_id, recap.episode.sort_key):
        return render(request, "recaps/recap_hidden.html", context)
    context["previous"], context["next"] = Recap.objects.visible_to(progress).neighbours(recap)
    if recap.is_published:
        context["comments"] = Comment.objects.for_recap(recap, progress)
        if form is None and recap.comments_open:
            form = CommentForm(recap=recap, poster=Poster.from_request(request))
        context["comment_form"] = form
    response = render(request, "recaps/recap_detail.html", context, status=form.status if form else 200)
    if not recap.is_published or (form is not None and form.is_bound):
        patch_cache_control(response, private=True, no_store=True)
    return response


@same_origin_post
def comment_create(request, show, slug):
    """Post a comment: back to the recap with a message, or the page again
    with the refusal and everything the reader typed."""
    recap = get_object_or_404(Recap.objects.published().with_page_data(), episode__show__slug=show, slug=slug)
    poster = Poster.from_request(request)
    form = CommentForm(request.POST, recap=recap, poster=poster)
    if not form.is_valid():
        return _recap_page(request, recap, form)
    comment = comment_post(recap=recap, poster=poster, data=form.cleaned_data)
    if comment.status == Comment.Status.APPROVED:
        messages.success(request, "Thanks: your comment is posted.")
        return redirect(comment.get_absolute_url())
    messages.success(request, "Thanks: your comment will appear once a moderator has read it.")
    return redirect(f"{recap.get_absolute_url()}#comments")


@never_cache
@require_safe
def comment_token(request, show, slug):
    """A one-time token for the comment form (``recaps.comments``), fetched by its script:
    the recap page is cached for every reader, so it carries none itself. No query."""
    return JsonResponse({"token": form_started_token(), "min_seconds": settings.COMMENT_MIN_SECONDS})


def episode_page_recaps(episode):
    """The episode page's recaps section (``wiki.hooks.EPISODE_PAGE``): one query."""
    return {"recaps": Recap.objects.cards_of(episode), "recaps_include": "recaps/_episode_recaps.html"}
