"""Admin forms whose checks span more than one field or object."""

from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F
from django.forms.models import BaseInlineFormSet

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


class ReorderingFormSet(BaseInlineFormSet):
    """Lets editors swap or shift positions in one save.

    Rows are saved one by one, so swapping scenes 1 and 2 would briefly put two
    rows at one position and break the unique (parent, position) constraint.
    Rows whose position changes, or that are deleted, are first parked past
    ``PARK_OFFSET``; the normal save then writes their final positions.
    """

    PARK_OFFSET = 10_000

    def add_fields(self, form, index):
        """Mark each row as checked with its siblings: its model then leaves its
        position out of the constraints it checks against the stored rows
        (``Scene.validate_constraints``). Since Django 6.0 a row form checks the
        constraints that name the parent too, so a scene moved to the place of
        one that moves away in the same save would be refused; the formset's
        ``validate_unique`` compares the submitted positions with each other."""
        super().add_fields(form, index)
        form.instance.positions_checked_together = True

    def save(self, commit=True):
        if commit:
            moving = [
                form.instance.pk
                for form in self.initial_forms
                if form.instance.pk
                and ("position" in form.changed_data or (self.can_delete and form.cleaned_data.get("DELETE")))
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
