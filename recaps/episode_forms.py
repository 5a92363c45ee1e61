"""The forms of an episode's "Scenes and songs" screen (``recaps.episode_editor``).

Django's admin nests no inlines, so one screen that edits an episode's scenes
with their characters and song cues is a formset of scenes in which every
scene form carries a formset of its cues (``form.cues``, prefix
``scenes-3-cues``). The page carries one signed snapshot of every scene and
cue it shows, keyed by formset prefix as the change forms' inlines are
(``recaps.editing``), so on save each row merges with what another editor
saved meanwhile through the same ``merging_formset``: field by field, and the
checkbox lists of characters and performers member by member.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.forms.formsets import DELETION_FIELD_NAME
from django.forms.models import BaseInlineFormSet, inlineformset_factory
from django.utils.functional import cached_property

from wiki.admin.forms import ReorderingFormSet
from wiki.models import Character, Cue, Episode, Scene

from .editing import EditorialForm, merging_formset, seen_rows, stored_rows, stored_value
from .services import edit_base, edit_snapshot, normalize

SCENE_FIELDS = ["position", "title", "starts_at", "description", "characters"]
CUE_FIELDS = ["song", "kind", "performers", "starts_at", "note"]


class CastField(forms.ModelMultipleChoiceField):
    """Characters of the episode's show, as checkboxes. The boxes list only the show's
    cast (loaded once for the page), but any character is looked up, so that one of
    another show is refused naming both shows rather than as an unknown choice."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, show, cast, **kwargs):
        super().__init__(Character.objects.select_related("show"), required=False, **kwargs)
        self.show = show
        self.choices = cast

    def clean(self, value):
        chosen = super().clean(value)
        strangers = [c for c in chosen if c.show_id != self.show.pk]
        if strangers:
            raise ValidationError(
                [f"{c.name} is a character of {c.show.title}, not of {self.show.title}." for c in strangers]
            )
        return list(chosen)


class KnownAutocompleteSelect(AutocompleteSelect):
    """The admin's autocomplete, rendering the chosen option from ``known`` (labels of the
    rows the page prefetched) instead of a query per widget; anything else (a song chosen
    on a page sent back with errors) is looked up as usual."""

    known = {}

    def optgroups(self, name, value, attr=None):
        chosen = [str(v) for v in value if v not in ("", None)]
        if not chosen or any(pk not in self.known for pk in chosen):
            return super().optgroups(name, value, attr)
        options = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        options += [self.create_option(name, pk, self.known[pk], True, len(options)) for pk in chosen]
        return [(None, options, 0)]


class MembersMerge:
    """Mixed into a row form whose checkbox lists (``member_fields``) merge member by member
    with what another editor saved meanwhile: a character they ticked stays ticked, one they
    unticked stays off, unless this editor changed that same box. The whole-field merge that
    follows (``recaps.editing.MergingRowForm``) is then told their list is the base."""

    member_fields = ()
    edit_base, edit_gone = None, False

    def clean(self):
        cleaned = super().clean()
        base = self.edit_base
        if base is None or self.edit_gone or cleaned.get(DELETION_FIELD_NAME):
            return cleaned  # new, gone or deleted rows: the row's own rules
        for name in (n for n in self.member_fields if n in cleaned and n in base):
            theirs = stored_value(self.instance, name)
            known = {normalize(obj): obj for obj in [*theirs, *cleaned[name]]}
            mine, shown = set(normalize(cleaned[name])), set(base[name])
            merged = (set(normalize(theirs)) | (mine - shown)) - (shown - mine)
            cleaned[name] = [known[pk] for pk in sorted(merged)]
            self.edit_base = {**self.edit_base, name: normalize(theirs)}
        return cleaned


class RowForm(MembersMerge, forms.ModelForm):
    """A scene or cue row: its checkbox list of the show's characters, and rows the editor
    may not add (no add permission) count as blank, as in the admin's inlines."""

    def __init__(self, *args, show, cast, can_add=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.can_add = can_add
        name = self.member_fields[0]
        self.fields[name] = CastField(show, cast, label=self.cast_label)
        if self.instance.pk and name not in self.initial:
            self.initial[name] = [c.pk for c in stored_value(self.instance, name)]

    def has_changed(self):
        return (self.can_add or self.instance.pk is not None) and super().has_changed()


class SceneForm(RowForm):
    member_fields, cast_label = ("characters",), "Characters in the scene"

    class Meta:
        model = Scene
        fields = ["position", "title", "starts_at", "description"]
        widgets = {"position": forms.HiddenInput, "description": forms.Textarea(attrs={"rows": 2})}


class CueForm(RowForm):
    member_fields, cast_label = ("performers",), "Performed by"

    class Meta:
        model = Cue
        fields = ["song", "kind", "performers", "starts_at", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        song = self.fields["song"]
        song.widget = KnownAutocompleteSelect(Cue._meta.get_field("song"), admin.site, choices=song.choices)
        if self.instance.pk:
            song.widget.known = {str(self.instance.song_id): song.label_from_instance(self.instance.song)}


class SceneFormSet(ReorderingFormSet):
    """The episode's scenes; swapped positions save in one go (``ReorderingFormSet``)."""


class CueFormSet(BaseInlineFormSet):
    def get_queryset(self):
        """The scene's cues as prefetched with it (``SceneQuerySet.for_editor``): no query per scene."""
        return self.instance.cues.all() if self.instance.pk else Cue.objects.none()


class SaveForm(forms.Form):
    """The screen's own fields, those of every editorial change form (``EditorialForm``)."""

    base_version = EditorialForm.declared_fields["base_version"]
    edit_summary = EditorialForm.declared_fields["edit_summary"]


class EpisodeScenes:
    """The whole screen for one episode (with ``season__show`` selected): the scene
    formset, each form's cue formset, the snapshot, and the conflicts a refusal shows.
    ``may`` holds the editor's permissions: ``add_scene``, ``delete_cue`` and so on."""

    def __init__(self, episode: Episode, data=None, *, may):
        self.episode, self.show, self.data = episode, episode.season.show, data
        cast = list(Character.objects.filter(show=self.show).order_by("name").values_list("pk", "name"))
        self.base = edit_base(data.get("base_version")) if data is not None else None
        inlines = self.base["inlines"] if self.base else None
        self._cue_formset = self._factory(Scene, Cue, CueForm, CueFormSet, may, "cue", inlines)
        self._kwargs = {"show": self.show, "cast": cast}
        scenes = self._factory(Episode, Scene, SceneForm, SceneFormSet, may, "scene", inlines)
        self.scenes = scenes(
            data,
            instance=episode,
            prefix="scenes",
            queryset=Scene.objects.for_editor(),
            form_kwargs={**self._kwargs, "can_add": may["add_scene"]},
        )
        self.can_add_cues, self._can_add_scenes = may["add_cue"], may["add_scene"]
        for form in self.scenes.forms:
            self._attach_cues(form)
        self.meta = SaveForm(data, initial={"base_version": self.snapshot()} if data is None else None)
        self.conflicts = []

    @staticmethod
    def _factory(parent, model, form, formset, may, name, inlines):
        formset = inlineformset_factory(
            parent, model, form=form, formset=formset, extra=0, can_delete=may[f"delete_{name}"]
        )
        return merging_formset(formset, inlines) if inlines is not None else formset

    def _attach_cues(self, form):
        form.cues = self._cue_formset(
            self.data,
            instance=form.instance,
            prefix=f"{form.prefix}-cues",
            form_kwargs={**self._kwargs, "can_add": self.can_add_cues},
        )
        return form

    def snapshot(self):
        """What the page shows, signed: every scene row, and each scene's cue rows."""
        initial = self.scenes.initial_forms
        inlines = {self.scenes.prefix: stored_rows([f.instance for f in initial], SCENE_FIELDS)}
        inlines |= {f.cues.prefix: stored_rows(f.cues.get_queryset(), CUE_FIELDS) for f in initial}
        return edit_snapshot({}, inlines)

    @cached_property
    def empty_scene(self):
        """The template of a new scene (``scenes-__prefix__``), with its empty cue formset."""
        return self._attach_cues(self.scenes.empty_form) if self._can_add_scenes else None

    @cached_property
    def empty_cue(self):
        return self.empty_scene.cues.empty_form if self.can_add_cues and self.empty_scene else None

    def ordered_forms(self):
        """The scene forms in the order the editor left them (a page sent back keeps a drag)."""

        def position(form):
            value = form["position"].value()
            return int(value) if str(value).isdigit() else 10**6

        return sorted(self.scenes.forms, key=position)

    def kept_forms(self):
        """Once cleaned: the scene forms that will be saved or stay (not deleted, not blank)."""
        initial = set(self.scenes.initial_forms)
        return [
            f
            for f in self.scenes.forms
            if not f.cleaned_data.get("DELETE") and (f in initial or f.has_changed())
        ]

    def is_valid(self):
        for form in self.scenes.extra_forms:
            if any(cue.has_changed() for cue in form.cues.forms):
                form.empty_permitted = False  # a new scene holding cues needs its own fields
        valid = self.scenes.is_valid() & self.meta.is_valid()
        valid = all([form.cues.is_valid() for form in self.kept_forms()]) and valid
        if self.base:
            self.conflicts = seen_rows(self.base, [self.scenes, *(f.cues for f in self.scenes.forms)])
            if self.conflicts:  # the page now shows theirs: saving again replaces only that
                self.meta.data = self.meta.data.copy()
                self.meta.data["base_version"] = edit_snapshot({}, self.base["inlines"])
        return valid

    def has_errors(self):
        return self.scenes.is_bound and bool(
            any(self.scenes.errors)
            or self.scenes.non_form_errors()
            or any(any(f.cues.errors) or f.cues.non_form_errors() for f in self.kept_forms())
        )

    @property
    def media(self):
        return self.scenes.media + (self.empty_cue.media if self.empty_cue else forms.Media())
