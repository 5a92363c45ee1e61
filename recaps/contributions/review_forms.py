"""The editors' forms of the review queue: edit then accept, and decline.

Edit then accept starts from the fan's proposal: a song suggestion's song,
usage, performers and time; a correction's proposed fields, each shown beside
what is there now. A correction's form carries a signed snapshot (``seen``)
of what the target held when the editor opened it: accepting then overwrites
only what the editor saw, and a newer edit in between is refused, not lost
(``services.contribution_accept``). ``edits()`` gives the values as the
service takes them.
"""

from datetime import timedelta

from django import forms
from django.db import models
from django.utils.dateparse import parse_duration

from recaps.importing.soundtrack.values import BadValue, artist_key, song_key, timestamp
from recaps.services import edit_base, edit_snapshot, normalize
from wiki.models import Character, Cue, Song
from wiki.pages.templating import timecode

from .services import current_values
from .values import CORRECTABLE, MULTILINE

CHECKBOXES = forms.CheckboxSelectMultiple(attrs={"class": "choices"})


class TimeIntoEpisodeField(forms.Field):
    """A time into the episode typed as 12:34 or 1:02:03 (a ``timedelta``)."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "size": 8, "placeholder": "12:34"})

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "Time into the episode, e.g. 12:34.")
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, str) and ":" in value and value.count(":") == 2:
            value = parse_duration(value)  # a normalized value, "0:12:34"
        return timecode(value) if isinstance(value, timedelta) else value

    def to_python(self, value):
        try:
            return timestamp(str(value or "").strip()[:12])
        except BadValue:
            raise forms.ValidationError("Give a time into the episode: 12:34 or 1:02:03.") from None


def show_characters(show_id):
    return Character.objects.filter(show_id=show_id).order_by("name")


class SongAcceptForm(forms.Form):
    """A song suggestion as the cue the editor will add."""

    title = forms.CharField(max_length=200)
    artist = forms.CharField(max_length=200)
    usage = forms.ChoiceField(label="How it is used", choices=Cue.Kind.choices)
    performers = forms.ModelMultipleChoiceField(
        queryset=Character.objects.none(), required=False, widget=CHECKBOXES
    )
    starts_at = TimeIntoEpisodeField(label="When", required=False)

    def __init__(self, *args, contribution, **kwargs):
        song = contribution.song
        kwargs.setdefault(
            "initial",
            {
                "title": song.title if song else contribution.song_title,
                "artist": song.artist.name if song else contribution.artist_name,
                "usage": contribution.usage or Cue.Kind.BACKGROUND,
                "performers": [c.pk for c in contribution.performers.all()],
                "starts_at": contribution.starts_at,
            },
        )
        super().__init__(*args, **kwargs)
        self.contribution = contribution
        self.fields["performers"].queryset = show_characters(contribution.show_id)

    def edits(self):
        """The cue's values for ``contribution_accept``: the fan's catalogue song
        if the title and artist still name it, else the title and artist typed."""
        data, song = self.cleaned_data, self.contribution.song
        edits = {
            "usage": data["usage"],
            "performers": list(data["performers"]),
            "starts_at": data["starts_at"],
        }
        same = song and (song_key(data["title"]), artist_key(data["artist"])) == (
            song_key(song.title),
            artist_key(song.artist.name),
        )
        if same:
            edits["song"] = song
        else:
            edits.update(title=data["title"], artist=data["artist"])
        return edits

    def seen(self):
        return None


class CorrectionAcceptForm(forms.Form):
    """The fields a correction proposes, prefilled with the proposal, and the
    snapshot of what the target held when the form was made."""

    seen_token = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, data=None, *, contribution, target, **kwargs):
        self.target = target
        self.names = [n for n in CORRECTABLE[target._meta.model_name] if n in contribution.changes]
        if data is None:
            initial = {name: contribution.changes[name] for name in self.names}
            kwargs["initial"] = {**initial, "seen_token": snapshot(target)}
        super().__init__(data, **kwargs)
        for name in self.names:
            self.fields[name] = self._field(target._meta.get_field(name), contribution)
        self.order_fields([*self.names, "seen_token"])

    def _field(self, field, contribution):
        if field.many_to_many:
            return forms.ModelMultipleChoiceField(
                label=field.verbose_name.capitalize(),
                queryset=show_characters(contribution.show_id),
                required=False,
                widget=CHECKBOXES,
            )
        if isinstance(field, models.ForeignKey):  # a cue's song: the one there now, or the proposed one
            choices = [current_values(self.target).get(field.name), contribution.changes.get(field.name)]
            return forms.ModelChoiceField(
                label=field.verbose_name.capitalize(),
                queryset=Song.objects.filter(pk__in=[c for c in choices if c]).select_related("artist"),
            )
        if isinstance(field, models.DurationField):
            return TimeIntoEpisodeField(label=field.verbose_name.capitalize(), required=False)
        form_field = field.formfield()
        if field.name in MULTILINE:
            form_field.widget = forms.Textarea(attrs={"rows": 6})
        return form_field

    def clean_seen_token(self):
        seen = edit_base(self.cleaned_data["seen_token"])
        if seen is None:
            raise forms.ValidationError("This form is out of date: open the contribution again.")
        return seen["fields"]

    def edits(self):
        return {name: normalize(self.cleaned_data[name]) for name in self.names}

    def seen(self):
        return self.cleaned_data["seen_token"]


def snapshot(target):
    """What ``target``'s correctable fields hold now, signed: the form's ``seen``."""
    return edit_snapshot(current_values(target))


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="Why decline it",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="The contributor reads this in their notifications: say it kindly, in a sentence.",
    )
