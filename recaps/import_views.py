"""The admin's Import pages, one flow for every registered importer
(``recaps.importing.registry``): upload → dry run and its report → "Import
these changes" → the import and its report, with links to the show.

The files wait server-side between the two steps (``recaps.importing.staging``).
A refusal is a form error naming the file, the record and the field, never a 500.
Staff only, with the importer's permission (``wiki.add_show`` for TVmaze).
"""

from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_POST

from wiki.models import Show

from .importing import staging
from .importing.base import ImportRefused
from .importing.forms import upload_form
from .importing.registry import IMPORTERS, import_files, importers_for, permission_for


def _importer_class(request, name):
    importer_class = IMPORTERS.get(name)
    if importer_class is None:
        raise Http404("No such importer.")
    if not request.user.has_perm(permission_for(importer_class)):
        raise PermissionDenied
    return importer_class


def _page(request, template, name, importer_class, **context):
    context = {
        **admin.site.each_context(request),
        "title": importer_class.title,
        "name": name,
        "importer_class": importer_class,
        **context,
    }
    return render(request, template, context)


@staff_member_required
def import_index(request):
    context = {
        **admin.site.each_context(request),
        "title": "Import",
        "importers": importers_for(request.user),
    }
    return render(request, "admin/import_index.html", context)


@staff_member_required
def import_upload(request, name):
    """The upload form; posted, the dry run's report with a button to import."""
    importer_class = _importer_class(request, name)
    form_class = upload_form(importer_class)
    form = form_class(request.POST, request.FILES) if request.method == "POST" else form_class()
    if form.is_bound and form.is_valid():
        files, show = form.uploads(), form.cleaned_data.get("show")
        try:
            _, report = import_files(importer_class, files, show=show, dry_run=True)
        except ImportRefused as refused:
            form.add_error(form.field_for(refused.file), f"Refused, nothing was changed: {refused}")
        else:
            token = staging.stage(files, user=request.user, importer=name, show_id=show and show.pk)
            return _page(
                request, "admin/import_report.html", name, importer_class, report=report, token=token
            )
    return _page(request, "admin/import_upload.html", name, importer_class, form=form)


@staff_member_required
@require_POST
def import_apply(request, name):
    """Import the files the dry run read, kept server-side under the signed token."""
    importer_class = _importer_class(request, name)
    token = request.POST.get("token", "")
    try:
        files, show_id = staging.load(token, user=request.user, importer=name)
        show = Show.objects.filter(pk=show_id).first()
        if show_id and show is None:
            raise staging.Expired("The show chosen for this upload has been deleted: upload the files again.")
        importer, report = import_files(importer_class, files, show=show)
    except (staging.Expired, ImportRefused) as exc:
        error = f"Refused, nothing was changed: {exc}" if isinstance(exc, ImportRefused) else str(exc)
        form = upload_form(importer_class)()
        return _page(request, "admin/import_upload.html", name, importer_class, form=form, error=error)
    staging.discard(token, user=request.user, importer=name)
    return _page(
        request,
        "admin/import_report.html",
        name,
        importer_class,
        report=report,
        show=getattr(importer, "show", None),
    )
