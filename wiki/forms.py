"""Admin forms whose checks span more than one field or object."""

from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F
from django.forms.models import BaseInlineFormSet, InlineForeignKeyField

from . import search
from .models import Cue, SearchEntry, Show
from .models.people import strangers_message


class CueForm(forms.ModelForm):
    """A cue's performers must be characters of the cue's show."""

    class Meta:
        model = Cue
        fields = ["scene", "song", "position", "kind", "performers", "starts_at", "note"]

    def clean(self):
        cleaned = super().clean()
        scene, performers = cleaned.get("scene"), cleaned.get("performers")
        if scene is None or not performers:
            return cleaned
        show_id = scene.show_id
        strangers = [c for c in performers if c.show_id != show_id]
        if show_id is not None and strangers:
            raise ValidationError({"performers": strangers_message(strangers, scene.episode.season.show)})
        return cleaned


class RowsCheckedTogether:
    """Mixed into every row form of a ``ReorderingFormSet``.

    Since Django 6.0 a row form checks the model's constraints that name the parent
    (a scene's position is unique in its episode) against the stored rows, so a row
    moved to the place of a row that moves away in the same save is refused. The
    rows skip the constraints that name the parent, as on Django 5.2: the formset
    compares the submitted positions with each other (``validate_unique``), and the
    save parks the rows that move. (Django 5.2 never calls this method.)"""

    def validate_constraints(self):
        inline = {name for name, field in self.fields.items() if isinstance(field, InlineForeignKeyField)}
        try:
            self.instance.validate_constraints(exclude=self._get_validation_exclusions() | inline)
        except ValidationError as error:
            self._update_errors(error)


class ReorderingFormSet(BaseInlineFormSet):
    """Lets editors swap or shift positions in one save.

    Rows are saved one by one, so swapping scenes 1 and 2 would briefly put two
    rows at one position and break the unique (parent, position) constraint.
    Rows whose position changes, or that are deleted, are first parked past
    ``PARK_OFFSET``; the normal save then writes their final positions.
    """

    PARK_OFFSET = 10_000

    def __init_subclass__(cls, **kwargs):
        """The formset factories make a subclass per form: its rows get ``RowsCheckedTogether``."""
        super().__init_subclass__(**kwargs)
        form = getattr(cls, "form", None)
        if form is not None and not issubclass(form, RowsCheckedTogether):
            cls.form = type(form.__name__, (RowsCheckedTogether, form), {})

    def save(self, commit=True):
        if commit:
            moving = [
                form.instance.pk
                for form in self.initial_forms
                if form.instance.pk and ("position" in form.changed_data or self._should_delete_form(form))
            ]
            self.model._default_manager.filter(pk__in=moving).update(
                position=F("position") + self.PARK_OFFSET
            )
        return super().save(commit)


class SearchForm(forms.Form):
    """The search page's filters; what is typed is free text (``wiki.search.parse``)."""

    q = forms.CharField(label="Search", required=False, strip=True)
    kind = forms.ChoiceField(
        label="Kind", required=False, choices=[("", "Everything"), *SearchEntry.Kind.choices]
    )
    show = forms.ModelChoiceField(
        label="Show",
        required=False,
        queryset=Show.objects.order_by("title"),
        to_field_name="slug",
        empty_label="All shows",
    )

    def clean_q(self):
        return self.cleaned_data["q"][: search.MAX_QUERY_CHARS * 2]

    def show_options(self):
        """The show filter's options as ``(slug, title, selected)``: one query of
        two columns. Django's widget renders an option in a template of its
        own, which for the 200 shows of a large catalogue costs more than the
        whole search."""
        chosen = self.data.get("show", "")
        shows = self.fields["show"].queryset.values_list("slug", "title")
        return [(slug, title, slug == chosen) for slug, title in shows]

    def page_query(self):
        """The filters as a query string, for pagination links."""
        data = {name: self.data.get(name, "") for name in ("q", "kind", "show") if self.data.get(name)}
        return urlencode(data)
