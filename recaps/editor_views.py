"""Editors' pages outside the admin forms: recent changes, a diff between two
versions with one-step revert, and the markdownx preview and upload endpoints.
All need a staff login; diffs and reverts need the change permission."""

from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import OuterRef, Subquery
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from reversion.models import Version

from wiki.models import Show
from wiki.text.markdown import render_markdown
from wiki.text.resolver import LinkResolver

from .history import version_changes
from .models import RevisionInfo
from .services import version_revert
from .uploads import store_editor_image

KINDS = {
    "recap": "Recaps",
    "episode": "Episodes",
    "scene": "Scenes",
    "character": "Characters",
    "song": "Songs",
}
CHANGES_PER_PAGE = 50


@staff_member_required
def recent_changes(request):
    versions = Version.objects.filter(
        revision=OuterRef("revision"), content_type=OuterRef("content_type"), object_id=OuterRef("object_id")
    )
    changes = RevisionInfo.objects.visible_to(request.progress)
    changes = changes.select_related("revision__user", "content_type", "show", "reviewed_by").annotate(
        version_id=Subquery(versions.values("pk")[:1])
    )
    show, kind = request.GET.get("show", ""), request.GET.get("kind", "")
    if show:
        changes = changes.filter(show__slug=show)
    if kind in KINDS:
        changes = changes.filter(content_type__model=kind)
    page = Paginator(changes.order_by("-revision__date_created", "-pk"), CHANGES_PER_PAGE, orphans=5)
    context = {
        **admin.site.each_context(request),
        "title": "Recent changes",
        "page_obj": page.get_page(request.GET.get("page")),
        "shows": Show.objects.order_by("title"),
        "kinds": KINDS,
        "selected": {"show": show, "kind": kind},
    }
    return render(request, "admin/recent_changes.html", context)


def _editable_version(request, pk):
    version = get_object_or_404(Version.objects.select_related("revision__user", "content_type"), pk=pk)
    opts = version.content_type
    if not request.user.has_perm(f"{opts.app_label}.change_{opts.model}"):
        raise PermissionDenied
    return version


@staff_member_required
def version_diff(request, pk):
    version = _editable_version(request, pk)
    history = Version.objects.get_for_object_reference(version._model, version.object_id)
    against = request.GET.get("against", "")
    if against.isdigit():
        older = get_object_or_404(history, pk=against)
    else:
        older = history.filter(pk__lt=version.pk).order_by("-pk").first()
    context = {
        **admin.site.each_context(request),
        "title": f"Changes to {version.object_repr}",
        "version": version,
        "older": older,
        "changes": version_changes(older, version),
        "history": history.select_related("revision__user").order_by("-pk"),
        "model_name": version.content_type.model,
    }
    return render(request, "admin/version_diff.html", context)


@staff_member_required
@require_POST
def version_revert_view(request, pk):
    version = _editable_version(request, pk)
    obj = version_revert(version=version, editor=request.user)
    messages.success(
        request, f"“{obj}” is back to the version of {version.revision.date_created:%d %b %Y %H:%M}."
    )
    opts = obj._meta
    return redirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))


@staff_member_required
@require_POST
def markdownify(request):
    """The editor's live preview: the pages' renderer, links resolved in ``?show=``."""
    show = request.GET.get("show", "")
    resolver = LinkResolver(int(show) if show.isdigit() and len(show) < 10 else None)
    return HttpResponse(render_markdown(request.POST.get("content", ""), resolver))


@staff_member_required
@require_POST
def upload(request):
    """An image dropped into the editor: answers markdownx's JS with the Markdown to insert."""
    file = request.FILES.get("image")
    if file is None:
        return JsonResponse({"image": ["Choose an image file to upload."]}, status=400)
    try:
        url = store_editor_image(file)
    except ValidationError as exc:
        return JsonResponse({"image": exc.messages}, status=400)
    return JsonResponse({"image_code": f"![Describe the image]({url})"})
