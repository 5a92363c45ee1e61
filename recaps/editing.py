"""The admin side of editing: history (django-reversion), no lost edits, the live preview.

``EditorialAdmin`` is the base of the admins for recaps, episodes, scenes,
characters and songs (``recaps.admin``). It adds to each change form:

- a hidden ``base_version``: a signed snapshot of the fields and inline rows
  the editor was shown; on save ``recaps.services.edit_merge`` merges with
  what another editor saved meanwhile, field by field and, in inlines, row by
  row (``MergingRowForm``), or refuses the fields both changed, showing their
  version beside the editor's (``admin/editorial_change_form.html``). The
  refusal's page carries a new snapshot in which only what it showed is
  theirs, so saving again replaces only that;
- an "Edit summary" kept as the revision's comment, and a ``RevisionInfo``
  row for "Recent changes";
- the markdownx editor, whose preview resolves ``[[links]]`` in the object's show;
- what every editors' admin has (``wiki.admin.tools``): names with the show,
  character choices of the show, and "Save" back to the reader's page.
"""

from functools import partial

import reversion
from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models.fields.files import FieldFile
from django.forms.formsets import DELETION_FIELD_NAME
from django.urls import reverse
from django.utils.functional import cached_property
from markdownx.widgets import AdminMarkdownxWidget
from reversion.admin import VersionAdmin
from reversion.models import Version

from wiki.admin.tools import ReturnToPage, ShowLabels

from .models import show_id_of
from .services import edit_base, edit_merge, edit_snapshot, normalize, record_revision

CONFLICT_MESSAGE = (
    "Another editor changed this field since you opened the page. Their version is shown at the top; "
    "yours is still here. Edit it if needed and save again to keep yours."
)
GONE_MESSAGE = (
    "Another editor deleted this %(name)s since you opened the page; your changes to it are shown at "
    "the top. Saving again leaves it deleted: to keep it, add it again as a new %(name)s."
)
DELETE_CONFLICT_MESSAGE = (
    "Another editor changed this %(name)s since you opened the page; their version is shown at the top. "
    "Save again to delete it anyway, or reload the page to keep theirs."
)


def stored_value(obj, name):
    """A field's value on a model instance, as a form would hold it."""
    value = getattr(obj, name)
    return list(value.all()) if isinstance(value, models.Manager) else value


def shown(value):
    """A field value as an editor reads it in the conflict table."""
    if isinstance(value, list | tuple | models.QuerySet):
        return ", ".join(str(item) for item in value) or "(empty)"
    if value in (None, "", False):
        return "(empty)"
    return str(value.name if isinstance(value, FieldFile) else value)


class PreviewWidget(AdminMarkdownxWidget):
    """The markdownx editor, previewing ``[[links]]`` within the object's show."""

    def __init__(self, show_id=None, attrs=None):
        super().__init__(attrs)
        self.show_id = show_id

    def add_markdownx_attrs(self, attrs):
        attrs = super().add_markdownx_attrs(attrs)
        if self.show_id:
            attrs["data-markdownx-urls-path"] = f"{reverse('recaps:markdownify')}?show={self.show_id}"
        return attrs


def really_changed(form, names):
    """Of the fields Django sees as changed, those whose cleaned value differs from the
    stored one (a textarea's CRLF, or a value merged from the other editor, is no change)."""
    if not hasattr(form, "cleaned_data") or form.instance.pk is None:
        return names
    return [
        n
        for n in names
        if n not in form.cleaned_data or normalize(form.initial.get(n)) != normalize(form.cleaned_data[n])
    ]


def merge_stored(form, cleaned, base, row=""):
    """Merge a form's ``cleaned`` values with what its instance holds now, ``base``
    being the normalized values the editor was shown (``recaps.services.edit_merge``):
    fields only the other editor changed take their value; fields both changed are
    refused, and listed in ``form.conflicts`` as ``(label, theirs, mine)``."""
    names = [n for n in base if n in cleaned]
    theirs = {n: normalize(stored_value(form.instance, n)) for n in names}
    merge = edit_merge(base=base, theirs=theirs, mine={n: normalize(cleaned[n]) for n in names})
    for name in merge.keep_theirs:
        cleaned[name] = stored_value(form.instance, name)
    for name in merge.conflicts:
        stored = shown(stored_value(form.instance, name))
        form.conflicts.append((field_label(form, name, row), stored, shown(cleaned[name])))
        form.seen_theirs[name] = theirs[name]
        form.add_error(name, CONFLICT_MESSAGE)


def field_label(form, name, row=""):
    label = form.fields[name].label or name
    return f"{row} — {label}" if row else label


class EditorialForm(forms.ModelForm):
    EDITORIAL = ("base_version", "edit_summary")

    base_version = forms.CharField(widget=forms.HiddenInput, required=False)
    edit_summary = forms.CharField(
        label="Edit summary",
        max_length=200,
        required=False,
        help_text="What you changed and why, in a few words. Kept in the history.",
    )
    snapshot = None  # set per request by EditorialAdmin.get_form: instance → signed token

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflicts, self.seen_theirs = [], {}
        if not self.is_bound and self.instance.pk and self.snapshot:
            self.initial["base_version"] = self.snapshot(self.instance)

    @cached_property
    def changed_data(self):
        """What the editor really changed: not the editorial fields, not a textarea's CRLF."""
        return really_changed(self, [n for n in super().changed_data if n not in self.EDITORIAL])

    def clean(self):
        cleaned = super().clean()
        base = edit_base(self.data.get(self.add_prefix("base_version")))
        if base and self.instance.pk is not None:
            merge_stored(self, cleaned, base["fields"])
        return cleaned


class MergingRowForm:
    """Mixed into an inline's form on save, so that its row merges like the object's
    fields: ``edit_base`` is the row as the editor was shown it (None for a new row),
    ``edit_gone`` says another editor deleted the row since (set by
    ``EditorialAdmin``'s formset). Their deletion of a row the editor left alone
    stands; the editor's change to a row they deleted, or deletion of a row they
    changed, is refused with both versions shown."""

    edit_pk, edit_base, edit_gone = None, None, False

    @property
    def changed_data(self):  # not cached: the formset asks before cleaning
        return really_changed(self, super().changed_data)

    def clean(self):
        cleaned = super().clean()
        self.conflicts, self.seen_theirs = [], {}
        base, name = self.edit_base, self._meta.model._meta.verbose_name
        if self.edit_gone:
            mine = [n for n in base or () if n in cleaned and normalize(cleaned[n]) != base[n]]
            if not mine:  # nothing of the editor's in it: it stays deleted
                cleaned[DELETION_FIELD_NAME] = True
                return cleaned
            row = f"{name} deleted by another editor"
            self.conflicts += [(field_label(self, n, row), "(deleted)", shown(cleaned[n])) for n in mine]
            self.add_error(None, GONE_MESSAGE % {"name": name})
        elif base is not None and cleaned.get(DELETION_FIELD_NAME):
            theirs = {n: normalize(stored_value(self.instance, n)) for n in base}
            changed = [n for n in base if theirs[n] != base[n]]
            if changed:
                row = str(self.instance)
                self.conflicts += [
                    (field_label(self, n, row), shown(stored_value(self.instance, n)), "(deleted)")
                    for n in changed
                ]
                self.seen_theirs = theirs
                cleaned[DELETION_FIELD_NAME] = False  # so that the refusal counts
                self.add_error(None, DELETE_CONFLICT_MESSAGE % {"name": name})
        elif base is not None:
            merge_stored(self, cleaned, base, row=str(self.instance))
        return cleaned


class EditorialAdmin(ReturnToPage, ShowLabels, VersionAdmin):
    form = EditorialForm
    change_form_template = "admin/editorial_change_form.html"
    object_history_template = "admin/editorial_object_history.html"
    markdown_fields = ()

    def get_fields(self, request, obj=None):
        return [f for f in super().get_fields(request, obj) if f not in EditorialForm.EDITORIAL]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.snapshot = partial(self._snapshot, request, form)
        for name in self.markdown_fields:
            if name in form.base_fields:
                form.base_fields[name].widget = PreviewWidget(show_id=show_id_of(obj) if obj else None)
        return form

    def get_object(self, request, object_id, from_field=None):
        """On save, lock the row so two saves are compared one after the other."""
        obj = super().get_object(request, object_id, from_field)
        if obj is not None and request.method == "POST":
            obj = self.get_queryset(request).select_for_update(of=("self",)).filter(pk=obj.pk).first()
        return obj

    def _snapshot(self, request, form, obj):
        names = [n for n in form.base_fields if n not in EditorialForm.EDITORIAL and _is_field(obj, n)]
        fields = {n: normalize(stored_value(obj, n)) for n in names}
        return edit_snapshot(fields, self._inline_rows(request, obj))

    def _inline_rows(self, request, obj):
        """Each inline's rows as stored now: ``{prefix: {pk: {field: normalized value}}}``."""
        result = {}
        for formset, _inline in super().get_formsets_with_inlines(request, obj):
            fk = formset.fk.name
            names = [n for n in formset.form.base_fields if n not in ("id", DELETION_FIELD_NAME, fk)]
            rows = formset.model._default_manager.filter(**{fk: obj}).order_by("pk")
            result[formset.get_default_prefix()] = stored_rows(rows, names)
        return result

    def get_formsets_with_inlines(self, request, obj=None):
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            base = edit_base(request.POST.get("base_version")) if request.method == "POST" else None
            if obj is not None and base:
                formset = merging_formset(formset, base["inlines"])
            yield formset, inline

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        base = edit_base(form.data.get("base_version")) if form.is_bound else None
        conflicts = list(getattr(form, "conflicts", []))
        if base:
            # The editor is now shown the other version of these fields and rows: compare with it
            # next time, so that saving again replaces only what was shown.
            base["fields"].update(form.seen_theirs)
            conflicts += seen_rows(
                base, [inline.formset for inline in context.get("inline_admin_formsets", ())]
            )
            if conflicts:
                form.data = form.data.copy()
                form.data["base_version"] = edit_snapshot(base["fields"], base["inlines"])
        context["edit_conflicts"] = conflicts
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        record_revision(obj)

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        self._comment(request, entry)
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        self._comment(request, entry)
        return entry

    def _comment(self, request, entry):
        summary = " ".join(request.POST.get("edit_summary", "").split())[:200]
        if summary and reversion.is_active():
            reversion.set_comment(f"{summary} — {entry.get_change_message()}")

    def history_view(self, request, object_id, extra_context=None):
        versions = (
            Version.objects.get_for_object_reference(self.model, object_id)
            .select_related("revision__user")
            .order_by("-pk")
        )
        return super().history_view(request, object_id, {"versions": versions, **(extra_context or {})})


def stored_rows(rows, names):
    """Rows as a snapshot holds them: ``{pk: {field: normalized value}}``."""
    return {str(row.pk): {n: normalize(stored_value(row, n)) for n in names} for row in rows}


def seen_rows(base, formsets):
    """After a refusal, put in the snapshot ``base`` the other editor's version of each row
    the refusal shows (so that saving again replaces only that); return those rows' conflicts."""
    conflicts = []
    for formset in formsets:
        rows = base["inlines"].get(formset.prefix)
        for row_form in formset.forms:
            if getattr(row_form, "conflicts", None) and isinstance(rows, dict):
                conflicts += row_form.conflicts
                seen = {**rows.pop(row_form.edit_pk, {}), **row_form.seen_theirs}
                if not row_form.edit_gone:
                    rows[row_form.edit_pk] = seen
    return conflicts


def merging_formset(formset_class, inlines):
    """The inline's formset whose rows merge with what was saved since the editor opened
    the page (``inlines``: the rows they were shown, from their ``base_version``)."""

    class MergingFormSet(formset_class):
        form = type(formset_class.form.__name__, (MergingRowForm, formset_class.form), {})

        def add_fields(self, form, index):
            super().add_fields(form, index)
            if index is None or index >= self.initial_form_count():
                return  # a new row
            pk_name = self.model._meta.pk.name
            form.edit_pk = str(form.data.get(form.add_prefix(pk_name), ""))
            rows = inlines.get(self.prefix)
            if not isinstance(rows, dict):
                return  # not shown to the editor (or a snapshot from before rows were keyed)
            form.edit_base = rows.get(form.edit_pk)
            if form.instance.pk is None and form.edit_pk:  # deleted since: not an invalid choice
                form.edit_gone = True
                form.fields[pk_name] = forms.CharField(widget=forms.HiddenInput)

        def get_queryset(self):
            """Once the forms are built, the stored rows in the order of the posted forms
            (None for a row deleted since), so that the admin's page pairs each form with
            its own row and still shows one whose row is gone (Django pairs forms and rows
            by position, and drops the last form)."""
            rows = super().get_queryset()
            if "forms" not in self.__dict__:
                return rows
            by_pk = {str(row.pk): row for row in rows}
            return [by_pk.get(form.edit_pk) for form in self.initial_forms]

    MergingFormSet.__name__ = formset_class.__name__
    return MergingFormSet


def _is_field(obj, name):
    try:
        obj._meta.get_field(name)
    except FieldDoesNotExist:  # a form-only field
        return False
    return True
