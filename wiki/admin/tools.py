"""What every editors' admin shares: names that carry the show, character
choices limited to the show being edited, and the way back to the reader's page.

- **Labels.** Two shows may each have a "Sam", and every show has an "S1E2":
  in the admin (select options, autocomplete results, selected choices) a
  character reads "Sam — Soundtrack", an episode "Soundtrack S1E2: Track 2",
  a scene "Soundtrack S1E2 scene 3: The girl in the box". The models'
  ``__str__`` stay short: reader pages, history and feeds already say the show.
- **Characters of the show.** A scene's appearance and cue rows, and a cue's
  performers, search characters through ``/admin/autocomplete/?show=<id>``
  (``ShowAutocompleteSelect``), which ``CharacterAdmin.get_search_results``
  limits to that show. Validation refuses others all the same, naming both
  shows (``wiki.models.people.strangers_message``).
- **Back to the page.** The reader pages' "Edit" link opens a change form with
  ``?next=<the page's path>``; "Save" returns there (``ReturnToPage``).
"""

from dataclasses import dataclass
from functools import partial

from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import FieldDoesNotExist
from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme

from wiki.models import Character, Episode, Scene

NEXT = "next"


@dataclass(frozen=True)
class Label:
    text: object  # obj -> str
    related: tuple  # the select_related paths ``text`` reads, so labels cost no query


LABELS = {
    Character: Label(lambda character: f"{character.name} — {character.show.title}", ("show",)),
    Episode: Label(lambda episode: f"{episode.show.title} {episode}", ("show",)),
    Scene: Label(lambda scene: f"{scene.episode.show.title} {scene}", ("episode__show",)),
}


def admin_label(obj):
    """How the admin names ``obj``: with its show for characters, episodes and scenes."""
    label = LABELS.get(type(obj))
    return label.text(obj) if label else str(obj)


def with_label_rows(queryset):
    """``queryset`` with the related rows its labels read (one query for any number of rows)."""
    label = LABELS.get(queryset.model)
    return queryset.select_related(*label.related) if label else queryset


def is_autocomplete(request):
    """Whether ``request`` is the admin's autocomplete search (not the change list's)."""
    return getattr(request.resolver_match, "url_name", None) == "autocomplete"


def as_id(value):
    """``value`` (a query or form parameter) as a row id, or None when it is not one."""
    value = value or ""
    if not (value.isascii() and value.isdigit() and len(value) <= 18):
        return None
    return int(value) or None


def show_param(request):
    """The ``show`` id an autocomplete request was limited to, or None when absent or not an id."""
    return as_id(request.GET.get("show"))


def show_of_episode(value):
    """The show of the episode whose id is ``value`` (a form's choice), or None."""
    pk = as_id(value)
    return Episode.objects.filter(pk=pk).values_list("show_id", flat=True).first() if pk else None


class ShowScoped:
    """An autocomplete widget whose searches are limited to one show (``show_id``)."""

    def __init__(self, *args, show_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.show_id = show_id

    def get_url(self):
        url = super().get_url()
        return f"{url}?show={self.show_id}" if self.show_id else url


class ShowAutocompleteSelect(ShowScoped, AutocompleteSelect):
    pass


class ShowAutocompleteSelectMultiple(ShowScoped, AutocompleteSelectMultiple):
    pass


class ShowLabels:
    """Admin mixin (model admins and inlines): relation fields name their rows
    with ``admin_label`` (and take only ids from an add form's query string), and character autocompletes search the show that
    ``edited_show_id(request, obj)`` names (None: every show, the show's
    title first)."""

    def edited_show_id(self, request, obj):
        """The show whose characters this form offers (``obj``: None on an add form)."""
        return None

    def get_changeform_initial_data(self, request):
        """An add form is filled from its query string (``?episode=3``); a relation
        given what is not an id would be a 500 when its widget looks it up: left out."""
        initial = super().get_changeform_initial_data(request)
        for name, value in list(initial.items()):
            try:
                field = self.opts.get_field(name)
            except FieldDoesNotExist:
                continue
            values = value if isinstance(value, list) else [value]
            if field.is_relation and any(as_id(v) is None for v in values):
                del initial[name]
        return initial

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs.setdefault("formfield_callback", self._fields_for(request, obj))
        return super().get_form(request, obj, change=change, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        """For an inline, ``obj`` is the parent being edited."""
        kwargs.setdefault("formfield_callback", self._fields_for(request, obj))
        return super().get_formset(request, obj, **kwargs)

    def _fields_for(self, request, obj):
        # The callback is the form's Meta.formfield_callback, so subclasses of the
        # form (EditorialAdmin's merging rows) build the same scoped widgets.
        show_id = self.edited_show_id(request, obj)
        return partial(self.formfield_for_dbfield, request=request, show_id=show_id)

    def formfield_for_dbfield(self, db_field, request, show_id=None, **kwargs):
        if (
            db_field.is_relation
            and db_field.related_model is Character
            and "widget" not in kwargs
            and db_field.name in self.get_autocomplete_fields(request)
        ):
            widget = ShowAutocompleteSelectMultiple if db_field.many_to_many else ShowAutocompleteSelect
            kwargs["widget"] = widget(db_field, self.admin_site, using=kwargs.get("using"), show_id=show_id)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return _labelled(super().formfield_for_foreignkey(db_field, request, **kwargs))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return _labelled(super().formfield_for_manytomany(db_field, request, **kwargs))


def _labelled(field):
    if field is not None and field.queryset.model in LABELS:
        field.queryset = with_label_rows(field.queryset)
        field.label_from_instance = admin_label
    return field


def safe_next(request):
    """The page to return to after saving: a path on this site, or None
    (``https://evil.example/``, ``//evil``, ``javascript:`` are ignored)."""
    target = request.GET.get(NEXT, "")
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return None
    return target


class ReturnToPage:
    """Admin mixin: a change form opened from a reader page's "Edit" link
    (``?next=/shows/...``) returns to that page on "Save". "Save and continue
    editing" and "Save and add another" go on as usual (Django keeps the form's
    query string, so ``next`` stays with the change form)."""

    def response_post_save_change(self, request, obj):
        target = safe_next(request)
        return HttpResponseRedirect(target) if target else super().response_post_save_change(request, obj)


class EditorsAdmin(ReturnToPage, ShowLabels, admin.ModelAdmin):
    """The base of the editors' admins that keep no history (``recaps.editing.EditorialAdmin``
    mixes the same two in)."""
