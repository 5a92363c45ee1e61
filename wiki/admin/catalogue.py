"""The editors' side of the catalogue: declarative admins, inlines one level deep.

Every admin here (and those ``recaps.admin`` builds on them) names rows with
their show and returns to the reader's page after "Save" (``wiki.admin.tools``).

The admins of episodes, scenes, characters and songs are defined here but
registered by ``recaps.admin``, which adds history and no-lost-edits to them
(``recaps.editing.EditorialAdmin``): the editorial machinery lives in recaps,
as the design card says, and ``wiki`` never imports ``recaps``. Nobody
registers a model twice or unregisters another app's admin.
"""

from django.contrib import admin

from wiki.admin.forms import CueForm, ReorderingFormSet
from wiki.admin.tools import EditorsAdmin, ShowLabels, is_autocomplete, show_of_episode, show_param
from wiki.models import Appearance, Artist, Cue, Episode, Person, Scene, Season, Show


class SeasonInline(ShowLabels, admin.TabularInline):
    model = Season
    extra = 0
    show_change_link = True


@admin.register(Show)
class ShowAdmin(EditorsAdmin):
    list_display = ["title", "network", "first_year", "last_year", "updated_at"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [SeasonInline]


class EpisodeInline(ShowLabels, admin.TabularInline):
    model = Episode
    fields = ["number", "title", "air_date"]
    extra = 0
    show_change_link = True


@admin.register(Season)
class SeasonAdmin(EditorsAdmin):
    list_display = ["__str__", "show", "number"]
    list_filter = ["show"]
    list_select_related = ("show",)
    search_fields = ["show__title", "title"]
    autocomplete_fields = ["show"]
    inlines = [EpisodeInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("show")


class SceneInline(ShowLabels, admin.StackedInline):
    model = Scene
    formset = ReorderingFormSet
    fields = [("position", "starts_at"), "title", "description"]
    extra = 1
    show_change_link = True


class EpisodeAdmin(EditorsAdmin):  # registered by recaps.admin, with history
    list_display = ["title", "code", "show", "air_date", "updated_at"]
    list_filter = ["show", "season"]
    list_select_related = ("show", "season")
    search_fields = ["title", "show__title"]
    autocomplete_fields = ["season"]
    date_hierarchy = "air_date"
    inlines = [SceneInline]

    @admin.display(description="Episode", ordering="sort_key")
    def code(self, episode):
        return episode.code


class SceneRowInline(ShowLabels):
    """A scene's rows (who is in it, what plays) offer the characters of the scene's
    show; on a new scene's form, of the chosen episode's show once it is known
    (``?episode=<id>``, or the form shown again after a refused save)."""

    def edited_show_id(self, request, scene):
        if scene is not None:
            return scene.episode.show_id
        return show_of_episode(request.POST.get("episode") or request.GET.get("episode"))


class AppearanceInline(SceneRowInline, admin.TabularInline):
    model = Appearance
    autocomplete_fields = ["character"]
    extra = 1


class CueInline(SceneRowInline, admin.StackedInline):
    model = Cue
    formset = ReorderingFormSet
    form = CueForm
    fields = [("song", "kind"), "performers", ("position", "starts_at"), "note"]
    autocomplete_fields = ["song", "performers"]
    extra = 1


class SceneAdmin(EditorsAdmin):  # registered by recaps.admin, with history
    list_display = ["__str__", "episode", "position"]
    list_filter = ["episode__show", "episode__season"]
    list_select_related = ("episode__show", "episode__season")
    search_fields = ["title", "description", "episode__title"]
    autocomplete_fields = ["episode"]
    inlines = [AppearanceInline, CueInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("episode")


class CharacterAdmin(EditorsAdmin):  # registered by recaps.admin, with history
    list_display = ["name", "show", "played_by", "role"]
    list_filter = ["show", "role"]
    list_select_related = ("show", "played_by")
    search_fields = ["name", "aliases", "played_by__name"]
    autocomplete_fields = ["show", "played_by"]
    prepopulated_fields = {"slug": ["name"]}

    def get_search_results(self, request, queryset, search_term):
        """Asked from a scene's or cue's character field (``?show=<id>``), only that
        show's characters; otherwise grouped by show. An invalid id is ignored."""
        queryset, distinct = super().get_search_results(request, queryset, search_term)
        if is_autocomplete(request):
            show_id = show_param(request)
            if show_id:
                queryset = queryset.filter(show_id=show_id).order_by("name", "pk")
            else:
                queryset = queryset.order_by("show__title", "name", "pk")
        return queryset, distinct


@admin.register(Person)
class PersonAdmin(EditorsAdmin):
    list_display = ["name"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Artist)
class ArtistAdmin(EditorsAdmin):
    list_display = ["name", "website"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class SongAdmin(EditorsAdmin):  # registered by recaps.admin, with history
    list_display = ["title", "artist", "album", "year"]
    list_filter = ["year"]
    list_select_related = ("artist",)
    search_fields = ["title", "artist__name", "album"]
    autocomplete_fields = ["artist"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Cue)
class CueAdmin(EditorsAdmin):
    form = CueForm
    list_display = ["song", "scene", "kind", "starts_at"]
    list_filter = ["kind", "scene__episode__show"]
    list_select_related = ("song", "scene__episode__show", "scene__episode__season")
    search_fields = ["song__title", "scene__title"]
    autocomplete_fields = ["scene", "song", "performers"]

    def edited_show_id(self, request, cue):
        return cue.scene.episode.show_id if cue else None
