"""The editors' side of recaps, and history and no-lost-edits for the catalogue.

The catalogue's own admins (``wiki.admin``) are registered again here with
``EditorialAdmin`` mixed in: ``wiki`` never imports ``recaps``, so the
editorial tools for episodes, scenes, characters and songs live here.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model

from wiki import admin as wiki_admin
from wiki.models import Character, Episode, Scene, Song

from .editing import EditorialAdmin
from .models import Recap


@admin.register(Recap)
class RecapAdmin(EditorialAdmin):
    list_display = ["title", "episode", "author", "status", "published_at", "updated_at"]
    list_filter = ["status", "episode__show"]
    list_select_related = ("episode__show", "episode__season", "author")
    search_fields = ["title", "dek", "body"]
    autocomplete_fields = ["episode"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "published_at"
    markdown_fields = ["body"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "episode", "author", "dek", "body"]}),
        ("Publishing", {"fields": ["status", "published_at"]}),
        ("Lead image", {"fields": ["lead_image", "lead_image_alt"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("episode__show", "episode__season", "author")

    def get_changeform_initial_data(self, request):
        return {"author": request.user.pk, **super().get_changeform_initial_data(request)}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "author":
            kwargs["queryset"] = get_user_model().objects.filter(is_staff=True).order_by("username")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


for model in (Episode, Scene, Character, Song):
    admin.site.unregister(model)


@admin.register(Episode)
class EpisodeAdmin(EditorialAdmin, wiki_admin.EpisodeAdmin):
    markdown_fields = ["synopsis"]


@admin.register(Scene)
class SceneAdmin(EditorialAdmin, wiki_admin.SceneAdmin):
    pass


@admin.register(Character)
class CharacterAdmin(EditorialAdmin, wiki_admin.CharacterAdmin):
    markdown_fields = ["bio"]


@admin.register(Song)
class SongAdmin(EditorialAdmin, wiki_admin.SongAdmin):
    pass
