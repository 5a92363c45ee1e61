"""Admin forms whose checks span more than one field or object."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F
from django.forms.models import BaseInlineFormSet

from wiki.models import Cue
from wiki.models.people import strangers_message


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
