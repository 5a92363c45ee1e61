"""The editors' side of recaps, and history and no-lost-edits for the catalogue.

The catalogue's admins of episodes, scenes, characters and songs are defined
in ``wiki.admin.catalogue`` and registered here, with ``EditorialAdmin`` mixed in:
``wiki`` never imports ``recaps``, so the editorial tools live here.
"""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.utils.text import Truncator

from wiki.admin import catalogue as wiki_admin
from wiki.admin.tools import EditorsAdmin
from wiki.models import Character, Episode, Scene, Song

from .editing import EditorialAdmin
from .episode_editor import EpisodeScenesAdmin
from .models import Comment, Recap, TrustedCommenter
from .querysets import CommentQuerySet
from .services import comments_approve, comments_mark_spam


@admin.register(Recap)
class RecapAdmin(EditorialAdmin):
    list_display = ["title", "episode", "author", "status", "comments_open", "published_at", "updated_at"]
    list_filter = ["status", "comments_open", "episode__show"]
    list_select_related = ("episode__show", "episode__season", "author")
    search_fields = ["title", "dek", "body"]
    autocomplete_fields = ["episode"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "published_at"
    markdown_fields = ["body"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "episode", "author", "dek", "body"]}),
        ("Publishing", {"fields": ["status", "published_at", "comments_open"]}),
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


@admin.register(Comment)
class CommentAdmin(EditorsAdmin):
    """The moderation queue: pending comments first; approve, mark as spam
    or delete many at once. Approving trusts the poster from then on."""

    list_display = ["excerpt", "name", "recap", "status", "spoils", "created_at", "ip_address"]
    list_filter = ["status", ("recap__episode__show", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ("recap__episode__show", "spoils")
    search_fields = ["name", "email", "body", "recap__title"]
    ordering = [CommentQuerySet.PENDING_FIRST, "-created_at"]
    actions = ["approve", "mark_spam"]
    fields = ["recap", "name", "email", "user", "body", "spoils", "status", "ip_address", "created_at"]
    readonly_fields = ["recap", "user", "ip_address", "created_at"]
    date_hierarchy = "created_at"

    @admin.display(description="comment")
    def excerpt(self, comment):
        return Truncator(comment.body).chars(80)

    @admin.action(
        description="Approve the selected comments (and trust their posters)", permissions=["change"]
    )
    def approve(self, request, queryset):
        count = comments_approve(comments=queryset)
        self.message_user(request, f"{count} comment(s) approved.", messages.SUCCESS)

    @admin.action(description="Mark the selected comments as spam", permissions=["change"])
    def mark_spam(self, request, queryset):
        count = comments_mark_spam(comments=queryset)
        self.message_user(request, f"{count} comment(s) marked as spam.", messages.SUCCESS)

    def has_add_permission(self, request):
        return False  # readers write comments, on the recap page


@admin.register(TrustedCommenter)
class TrustedCommenterAdmin(EditorsAdmin):
    list_display = ["__str__", "user", "email", "created_at"]
    list_filter = ["created_at"]
    list_select_related = ("user",)
    search_fields = ["email", "user__username"]

    def has_add_permission(self, request):
        return False  # made by approving a comment


@admin.register(Episode)
class EpisodeAdmin(EpisodeScenesAdmin, EditorialAdmin, wiki_admin.EpisodeAdmin):
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
