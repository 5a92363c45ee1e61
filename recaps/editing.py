"""The admin side of editing: history (django-reversion), no lost edits, the live preview.

``EditorialAdmin`` is the base of the admins for recaps, episodes, scenes,
characters and songs (``recaps.admin``). It adds to each change form:

- a hidden ``base_version``: a signed snapshot of the fields and inline rows
  the editor was shown; on save ``recaps.services.edit_merge`` merges with
  what another editor saved meanwhile, or refuses the fields both changed,
  showing their version beside the editor's (``admin/editorial_change_form.html``);
- an "Edit summary" kept as the revision's comment, and a ``RevisionInfo``
  row for "Recent changes";
- the markdownx editor, whose preview resolves ``[[links]]`` in the object's show.
"""

from functools import partial

import reversion
from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models.fields.files import FieldFile
from django.urls import reverse
from django.utils.functional import cached_property
from markdownx.widgets import AdminMarkdownxWidget
from reversion.admin import VersionAdmin
from reversion.models import Version

from .models import show_id_of
from .services import edit_base, edit_merge, edit_snapshot, normalize, record_revision

CONFLICT_MESSAGE = (
    "Another editor changed this field since you opened the page. Their version is shown at the top; "
    "yours is still here. Edit it if needed and save again to keep yours."
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
        names = [n for n in super().changed_data if n not in self.EDITORIAL]
        if not hasattr(self, "cleaned_data") or self.instance.pk is None:
            return names
        return [
            n
            for n in names
            if n not in self.cleaned_data or normalize(self.initial.get(n)) != normalize(self.cleaned_data[n])
        ]

    def clean(self):
        cleaned = super().clean()
        base = edit_base(self.data.get(self.add_prefix("base_version")))
        if not base or self.instance.pk is None:
            return cleaned
        names = [n for n in base["fields"] if n in cleaned]
        theirs = {n: normalize(stored_value(self.instance, n)) for n in names}
        merge = edit_merge(base=base["fields"], theirs=theirs, mine={n: normalize(cleaned[n]) for n in names})
        for name in merge.keep_theirs:
            cleaned[name] = stored_value(self.instance, name)
        for name in merge.conflicts:
            label = self.fields[name].label or name
            self.conflicts.append((label, shown(stored_value(self.instance, name)), shown(cleaned[name])))
            self.seen_theirs[name] = theirs[name]
            self.add_error(name, CONFLICT_MESSAGE)
        return cleaned


class EditorialAdmin(VersionAdmin):
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
        return edit_snapshot(
            fields, {prefix: rows for prefix, (rows, _) in self._inline_rows(request, obj).items()}
        )

    def _inline_rows(self, request, obj):
        """Each inline's rows as stored now: ``{prefix: (normalized rows, readable rows)}``."""
        result = {}
        for formset, _inline in super().get_formsets_with_inlines(request, obj):
            fk = formset.fk.name
            names = [n for n in formset.form.base_fields if n not in ("id", "DELETE", fk)]
            rows = formset.model._default_manager.filter(**{fk: obj}).order_by("pk")
            normalized = [[str(row.pk), *(normalize(stored_value(row, n)) for n in names)] for row in rows]
            result[formset.get_default_prefix()] = (normalized, [str(row) for row in rows])
        return result

    def get_formsets_with_inlines(self, request, obj=None):
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            if obj is not None and request.method == "POST":
                formset = self._checked_formset(formset, request, obj)
            yield formset, inline

    def _checked_formset(self, formset_class, request, obj):
        admin = self

        class CheckedFormSet(formset_class):
            def clean(self):
                super().clean()
                base = edit_base(request.POST.get("base_version"))
                if not base or self.prefix not in base["inlines"] or not self.has_changed():
                    return
                rows, readable = admin._inline_rows(request, obj)[self.prefix]
                if rows != base["inlines"][self.prefix]:
                    request.edit_seen_inlines = {
                        **getattr(request, "edit_seen_inlines", {}),
                        self.prefix: rows,
                    }
                    raise ValidationError(
                        "Another editor changed these rows since you opened the page. Saved now: "
                        "%(theirs)s. Your rows are still below: save again to replace theirs with yours.",
                        params={"theirs": "; ".join(readable) or "none"},
                    )

        CheckedFormSet.__name__ = formset_class.__name__
        return CheckedFormSet

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        seen_inlines = getattr(request, "edit_seen_inlines", {})
        base = edit_base(form.data.get("base_version")) if form.is_bound else None
        if base and (getattr(form, "seen_theirs", None) or seen_inlines):
            # The editor has now seen the other version of these fields: compare with it next time.
            base["fields"].update(form.seen_theirs)
            base["inlines"].update(seen_inlines)
            form.data = form.data.copy()
            form.data["base_version"] = edit_snapshot(base["fields"], base["inlines"])
        context["edit_conflicts"] = getattr(form, "conflicts", [])
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


def _is_field(obj, name):
    try:
        obj._meta.get_field(name)
    except FieldDoesNotExist:  # a form-only field
        return False
    return True
