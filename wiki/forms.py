"""Admin forms whose checks span more than one field or object."""

from django import forms
from django.core.exceptions import ValidationError

from .models import Cue


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
        strangers = [c.name for c in performers if c.show_id != show_id]
        if show_id is not None and strangers:
            raise ValidationError({"performers": f"Not a character of this show: {', '.join(strangers)}."})
        return cleaned
