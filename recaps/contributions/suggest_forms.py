"""The forms a fan fills in to suggest a song, report an unknown one or propose a correction.

Each form only reads and checks what was typed (``clean_text`` on every text,
listening links from the allow-list, times as ``m:ss`` or ``h:mm:ss``); the
writes and their rules (rate limits, duplicates, trust) are the services'
(``recaps.contributions.services``). Choices of characters are the show's
characters the reader may see (``Character.objects.visible_to``), so a form
never names someone the spoiler shield hides.
"""

import re
from dataclasses import replace
from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError

from recaps.models import Contribution
from recaps.services import edit_base, edit_snapshot, normalize
from wiki.models import Character, Cue, Song
from wiki.pages.templating import WIKILINK
from wiki.text.markdown import shield_html
from wiki.text.resolver import visible_link_urls

from .diffs import Names, proposed_changes
from .services import current_values, song_matching
from .values import CORRECTABLE, LISTEN_SERVICES, MULTILINE, clean_text, validate_listen_url

TIMECODE = re.compile(
    r"^(?:(?P<hours>\d{1,2}):(?P<minutes_h>[0-5]\d)|(?P<minutes>\d{1,3})):(?P<seconds>[0-5]\d)$"
)


class TimecodeField(forms.Field):
    """A time into the episode typed as ``12:34`` or ``1:02:03``, as a timedelta."""

    default_error_messages = {
        "invalid": "Type the time as minutes and seconds (12:34), or hours, minutes and seconds (1:02:03).",
    }

    widget = forms.TextInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, timedelta):
            seconds = int(value.total_seconds())
            hours, rest = divmod(seconds, 3600)
            minutes, seconds = divmod(rest, 60)
            return f"{hours}:{minutes:02}:{seconds:02}" if hours else f"{minutes}:{seconds:02}"
        return value

    def to_python(self, value):
        if isinstance(value, timedelta):
            return value
        text = "".join(str(value or "").split())[:20].replace(".", ":")
        if not text:
            return None
        match = TIMECODE.match(text)
        if not match:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        hours = int(match["hours"] or 0)
        minutes = int(match["minutes_h"] or match["minutes"] or 0)
        return timedelta(hours=hours, minutes=minutes, seconds=int(match["seconds"]))

    def widget_attrs(self, widget):
        return {
            **super().widget_attrs(widget),
            "maxlength": 10,
            "placeholder": "12:34",
            "autocomplete": "off",
            "size": 8,
        }


def _within_episode(value, episode):
    """Refuse a time past the episode's end, when its runtime is known."""
    runtime = getattr(episode, "runtime_minutes", None)
    if value is not None and runtime and value > timedelta(minutes=runtime + 5):
        raise ValidationError(f"The episode runs about {runtime} minutes: check the time.", code="past_end")


class PlainTextField(forms.CharField):
    """Text a fan types: plain text only (``clean_text``), refused with a message if it holds HTML.

    ``current`` (a correction's field) is what the field holds now: sent back
    unchanged, it is kept as it is, so what an editor wrote (Markdown with a
    tag, two spaces) is never a change the fan proposes, nor refused."""

    def __init__(self, *, multiline=False, current=None, **kwargs):
        self.multiline, self.current = multiline, current
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if self.current is not None and normalize(value) == self.current:
            return self.current
        return clean_text(value, multiline=self.multiline)


class CharacterChoices(forms.ModelMultipleChoiceField):
    """Characters of one show the reader may see, as checkboxes."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, show, progress, **kwargs):
        queryset = Character.objects.filter(show=show).visible_to(progress).order_by("role", "name", "pk")
        kwargs.setdefault("required", False)
        super().__init__(queryset, **kwargs)

    def label_from_instance(self, character):
        return character.name


class SceneChoice(forms.ModelChoiceField):
    widget = forms.RadioSelect

    def label_from_instance(self, scene):
        return f"Scene {scene.position}: {scene.title}"


def chosen_song(data):
    """The catalogue's song for a title and artist typed, and the id the
    autocomplete (``static/js/contribute.js``) filled in. The id counts only
    while the title typed is still that song's: a reader who picked a song, then
    typed another, gets the one they typed; a typed one is matched by
    normalised names (``song_matching``)."""
    title, artist, song = data.get("title", ""), data.get("artist", ""), data.get("song")
    same_artist = song is not None and (not artist or song.artist.name.casefold() == artist.casefold())
    if same_artist and song.title.casefold() == title.casefold():
        return song
    return song_matching(title, artist) if title and artist else None


def add_song_fields(form):
    """The three fields of a song: ``song`` (hidden, the autocomplete's id), ``title`` and ``artist``."""
    form.fields["song"] = forms.ModelChoiceField(
        Song.objects.select_related("artist"), required=False, widget=forms.HiddenInput
    )
    form.fields["title"] = PlainTextField(
        label="Song title",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "data-song-search": "title"}),
        help_text="Start typing: songs in the catalogue are offered as you type.",
    )
    form.fields["artist"] = PlainTextField(
        label="Artist",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "data-song-search": "artist"}),
        help_text="Who recorded it (the original artist).",
    )


def note_field(help_text):
    return PlainTextField(
        label="Note to the editors (optional)",
        max_length=500,
        required=False,
        multiline=True,
        help_text=f"{help_text} Only editors read it.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SuggestForm(forms.Form):
    """A song for a scene, or "a song plays here but I don't know it".

    With ``scenes`` (the episode variant) the fan also says which scene.
    ``cleaned_data["song"]`` is the catalogue's song, or None for a new one
    (``title`` and ``artist`` typed)."""

    KNOWN, UNKNOWN = "song", "unknown"

    what = forms.ChoiceField(
        label="What do you want to tell us?",
        choices=[(KNOWN, "I know the song"), (UNKNOWN, "A song plays here but I don't know it")],
        initial=KNOWN,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, episode, progress, scenes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.episode = episode
        if scenes is not None:
            self.fields["scene"] = SceneChoice(scenes, label="Which scene?", empty_label=None)
        add_song_fields(self)
        self.fields["usage"] = forms.ChoiceField(
            label="How is it used?",
            choices=Cue.Kind.choices,
            initial=Cue.Kind.BACKGROUND,
            required=False,
            widget=forms.RadioSelect,
        )
        self.fields["performers"] = CharacterChoices(
            episode.show,
            progress,
            label="Who performs it?",
            help_text="If it is performed on screen: tick the characters who sing or play it.",
        )
        self.fields["starts_at"] = TimecodeField(
            label="Roughly when?",
            help_text="Time into the episode, as 12:34 (minutes and seconds) or 1:02:03. Optional.",
        )
        self.fields["listen_url"] = forms.CharField(
            label="Where to listen (optional)",
            max_length=200,
            required=False,
            validators=[validate_listen_url],
            help_text=f"A link to the song on {LISTEN_SERVICES}.",
            widget=forms.URLInput(attrs={"placeholder": "https://open.spotify.com/track/…"}),
        )
        self.fields["note_to_editors"] = note_field("Where you heard or found it, or anything that helps.")

    def clean_starts_at(self):
        value = self.cleaned_data["starts_at"]
        _within_episode(value, self.episode)
        return value

    def clean(self):
        data = super().clean()
        if data.get("what") != self.KNOWN:
            return data
        data["song"] = chosen_song(data)
        if not data.get("title") and "title" not in self.errors:
            self.add_error("title", "Type the song's title (pick it from the list, if it is offered).")
        elif data["song"] is None and not data.get("artist") and "artist" not in self.errors:
            self.add_error("artist", "This song is not in the catalogue yet: type its artist too.")
        data["usage"] = data.get("usage") or Cue.Kind.BACKGROUND
        if data["usage"] != Cue.Kind.PERFORMED:
            data["performers"] = []
        return data


def reveals_later(target, name, progress):
    """Whether the Markdown of ``target.<name>`` (a synopsis, a bio) holds what
    the reader's shield hides: a passage revealed after their limit, or a
    ``[[link]]`` whose address names a character, song or episode they may not
    see (or nothing yet). The page shows it shielded; its source text cannot be."""
    html = getattr(target, f"{name}_html", None)
    limit = progress.limit_for(show_of(target).pk) if progress else None
    if limit is None or not html:
        return False
    if shield_html(html, limit) != html or "wikilink missing" in html:
        return True
    urls = {match[1] for match in WIKILINK.finditer(html)}
    return bool(urls - visible_link_urls(urls, progress))


def show_of(target):
    return target.scene.episode.show if isinstance(target, Cue) else getattr(target, "episode", target).show


class CorrectionForm(forms.Form):
    """New values for the correctable fields of ``target`` (``values.CORRECTABLE``),
    starting from what is there now; ``base`` carries a signed snapshot of those
    values (``edit_snapshot``), so the proposal knows what the fan saw.

    The spoiler shield decides what the form may show: a text holding what the
    reader may not see is ``withheld`` (the snapshot is signed, not secret, so
    it holds only the fields offered), and characters they may not see are no
    choices, yet stay where they are (``changes`` keeps them)."""

    base = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, target, kind, progress, **kwargs):
        self.target, self.kind = target, kind
        show = show_of(target)
        names = CORRECTABLE[kind]
        self.withheld = [name for name in names if reveals_later(target, name, progress)]
        self.names = [name for name in names if name not in self.withheld]
        self.now = {name: value for name, value in current_values(target).items() if name in self.names}
        super().__init__(*args, initial={"base": edit_snapshot(self.now), **self._initial()}, **kwargs)
        order = []
        for name in self.names:
            if name == "song":
                add_song_fields(self)
                self.fields["title"].help_text = "A song of the catalogue: pick it as you type."
                order += ["song", "title", "artist"]
            else:
                self.fields[name] = self._field(name, show, progress)
                order.append(name)
        self.fields["note_to_editors"] = note_field("Why this is better: a source, or where to look.")
        self.order_fields([*order, "note_to_editors", "base"])

    @property
    def withheld_labels(self):
        return [str(self.target._meta.get_field(name).verbose_name) for name in self.withheld]

    def _initial(self):
        initial = {}
        for name in self.names:
            field = self.target._meta.get_field(name)
            initial[name] = self.now[name] if field.many_to_many else getattr(self.target, name)
        if initial.get("song") is not None:
            initial["title"], initial["artist"] = initial["song"].title, initial["song"].artist.name
        return initial

    def _field(self, name, show, progress):
        model_field = self.target._meta.get_field(name)
        label = str(model_field.verbose_name).capitalize()
        if name in ("characters", "performers"):
            return CharacterChoices(show, progress, label=label, help_text=model_field.help_text)
        if name == "starts_at":
            return TimecodeField(label="Starts at", help_text="Time into the episode, as 12:34 or 1:02:03.")
        if model_field.choices:
            return forms.ChoiceField(label=label, choices=model_field.choices)
        formfield = model_field.formfield(label=label, help_text="")
        if isinstance(formfield, forms.CharField):
            multiline = name in MULTILINE or isinstance(formfield.widget, forms.Textarea)
            return PlainTextField(
                label=label,
                max_length=model_field.max_length,
                required=not model_field.blank,
                multiline=multiline,
                current=self.now[name],
                widget=forms.Textarea(attrs={"rows": 6}) if multiline else forms.TextInput,
                help_text="Markdown, as on the page." if model_field.help_text == "Markdown." else "",
            )
        if isinstance(formfield, forms.DateField):
            formfield.widget = forms.DateInput(attrs={"type": "date"})
        return formfield

    def clean_starts_at(self):
        value = self.cleaned_data["starts_at"]
        _within_episode(value, self.target.scene.episode)
        return value

    def clean(self):
        data = super().clean()
        self.base = (edit_base(data.get("base")) or {}).get("fields")
        if self.base is None:
            raise ValidationError(
                "This form was out of date or changed on the way: it starts again from what is there now.",
                code="base",
            )
        if "song" in self.fields and not self.errors:
            data["song"] = chosen_song(data)
            if data["song"] is None:
                self.add_error(
                    "title",
                    "No song by that title and artist is in the catalogue. "
                    "To add a new song, suggest it for the scene instead.",
                )
        return data

    @property
    def changes(self):
        """The offered fields' values, normalized (the service keeps those that
        changed). Characters the reader could not choose stay as they are."""
        changes = {name: normalize(self.cleaned_data.get(name)) for name in self.names}
        for name in self.names:
            field = self.fields[name]
            if isinstance(field, CharacterChoices) and self.now[name]:
                offered = {
                    str(pk)
                    for pk in field.queryset.filter(pk__in=self.now[name]).values_list("pk", flat=True)
                }
                changes[name] = sorted({*changes[name], *(set(self.now[name]) - offered)})
        return changes

    def preview(self):
        """The proposal as editors will see it: a diff against what is there now
        (``diffs.proposed_changes``), naming only characters the reader may see."""
        changes = self.changes
        changed = {name: value for name, value in changes.items() if value != self.base.get(name)}
        proposal = Contribution(changes=changed, base=self.base)
        names = Names([proposal], {None: self.target})
        rows = []
        for row in proposed_changes(proposal, self.target, names):
            field = self.fields[row.name]
            if isinstance(field, CharacterChoices):
                offered = {str(c.pk) for c in field.queryset}
                model_field = self.target._meta.get_field(row.name)
                row = replace(
                    row,
                    before=names.readable(model_field, [i for i in self.now[row.name] if i in offered]),
                    after=names.readable(model_field, [i for i in changed[row.name] if i in offered]),
                )
            rows.append(row)
        return rows
