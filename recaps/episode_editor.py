"""An episode on one screen in the admin: "Scenes and songs".

Editing an episode's scenes through the stock admin takes a page per scene
(characters and cues are inlines of the scene's admin, and the admin nests no
inlines). ``EpisodeScenesAdmin``, mixed into the episode's admin
(``recaps.admin``), adds ``admin/wiki/episode/<id>/scenes/``: every scene in
order with its characters and song cues, editable together, reordered by
dragging or from the keyboard (``static/js/episode_editor.js``), saved in one
transaction as one revision, merging with other editors' saves as the change
forms do (``recaps.episode_forms``).
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from wiki.models import Episode

from .episode_forms import EpisodeScenes
from .services import episode_scenes_save


class EpisodeScenesAdmin:
    """The "Scenes and songs" screen, and links to it from the episode's list and form."""

    change_form_template = "admin/wiki/episode/change_form.html"

    def get_urls(self):
        view = self.admin_site.admin_view(self.scenes_view)
        return [path("<int:object_id>/scenes/", view, name="wiki_episode_scenes"), *super().get_urls()]

    def get_list_display(self, request):
        return [*super().get_list_display(request), "scenes_and_songs"]

    @admin.display(description="Scenes and songs")
    def scenes_and_songs(self, episode):
        url = reverse("admin:wiki_episode_scenes", args=[episode.pk])
        return format_html('<a href="{}">Edit scenes and songs</a>', url)

    def scenes_view(self, request, object_id):
        may = self._scene_permissions(request)
        with transaction.atomic():
            episode = self._episode(request, object_id)
            page = EpisodeScenes(episode, request.POST if request.method == "POST" else None, may=may)
            if request.method == "POST" and page.is_valid():
                with self.create_revision(request):  # django-reversion's, as the admin's saves
                    saved = episode_scenes_save(page=page)
                    self.log_change(request, episode, f"Scenes and songs: {saved.message}")
                messages.success(request, f"The scenes and songs of “{episode}” were saved. {saved.message}")
                if saved.gone_message:
                    messages.warning(request, saved.gone_message)
                if "_continue" in request.POST:
                    return redirect(request.path)
                return redirect(reverse("admin:wiki_episode_change", args=[episode.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": f"Scenes and songs of {episode}",
            "opts": self.model._meta,
            "episode": episode,
            "page": page,
            "may": may,
        }
        return TemplateResponse(request, "admin/wiki/episode/scenes.html", context)

    def _scene_permissions(self, request):
        """Opening the screen takes changing episodes, scenes and cues; adding and deleting
        scenes and cues each take their own permission, as in the admin's inlines."""
        user = request.user
        if not all(user.has_perm(f"wiki.change_{name}") for name in ("episode", "scene", "cue")):
            raise PermissionDenied
        return {
            f"{action}_{name}": user.has_perm(f"wiki.{action}_{name}")
            for action in ("add", "delete")
            for name in ("scene", "cue")
        }

    def _episode(self, request, object_id):
        """The episode with its show; on save, locked so two saves are compared one after the other."""
        episodes = Episode.objects.select_related("season__show", "show")
        if request.method == "POST":
            episodes = episodes.select_for_update(of=("self",))
        return get_object_or_404(episodes, pk=object_id)
