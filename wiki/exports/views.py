"""The downloads: a show's catalogue (JSON, CSV zip), playlists of an
episode, a season or a character (XSPF, JSPF, text), and a reader's own data.

Every download follows the reader's spoiler shield (``request.progress``);
without one it is the same for everyone, so it sets no cookie and may be
kept by shared caches (``SpoilerShieldMiddleware`` makes a shielded one
private). Something unknown, or hidden by the shield, is a 404 in the
format asked for: JSON, XML or text.
"""

import functools
import json

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import path, register_converter
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from wiki.api.views import error
from wiki.exports import catalogue, playlists, readers
from wiki.models import Character, Episode, Season, Show

CACHE_SECONDS = 600


class PlaylistFormat:
    regex = "xspf|jspf|txt"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(PlaylistFormat, "playlist")


def _not_found(kind):
    if kind == "xspf":
        body = '<?xml version="1.0" encoding="utf-8"?>\n<error status="404">Not found.</error>\n'
        return HttpResponse(body, status=404, content_type="application/xml; charset=utf-8")
    if kind == "txt":
        return HttpResponse("Not found.\n", status=404, content_type="text/plain; charset=utf-8")
    return error(404, "Not found.")


def download(view):
    """GET or HEAD; a 404 in the format asked for (the view's ``fmt``, else JSON);
    cacheable, varying by cookie (the shield lives in the session)."""

    @require_safe
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            response, filename = view(request, *args, **kwargs)
        except Http404:
            return _not_found(kwargs.get("fmt"))
        response["Content-Disposition"] = content_disposition_header(True, filename)
        patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
        patch_vary_headers(response, ["Cookie"])
        return response

    return wrapper


def _json(data):
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})


@download
def catalogue_json(request, show):
    show = get_object_or_404(Show, slug=show)
    document = catalogue.build(show, request.progress, site_url=request.build_absolute_uri("/"))
    return _json(document), f"{show.slug}-catalogue.json"


@download
def catalogue_csv(request, show):
    show = get_object_or_404(Show, slug=show)
    document = catalogue.build(show, request.progress, site_url=request.build_absolute_uri("/"))
    return HttpResponse(
        catalogue.csv_zip(document), content_type="application/zip"
    ), f"{show.slug}-catalogue-csv.zip"


def _playlist(request, fmt, playlist):
    absolute = request.build_absolute_uri
    if fmt == "xspf":
        response = HttpResponse(playlists.xspf(playlist, absolute), content_type=playlists.CONTENT_TYPES[fmt])
    elif fmt == "jspf":
        response = HttpResponse(
            json.dumps(playlists.jspf(playlist, absolute), ensure_ascii=False, indent=2),
            content_type=playlists.CONTENT_TYPES[fmt],
        )
    else:
        response = HttpResponse(playlists.text(playlist), content_type=playlists.CONTENT_TYPES[fmt])
    return response, f"{playlist.filename}.{fmt}"


@download
def episode_playlist(request, show, season, episode, fmt):
    episode = get_object_or_404(
        Episode.objects.with_show().visible_to(request.progress),
        show__slug=show,
        season__number=season,
        number=episode,
    )
    playlist = playlists.Playlist(
        title=f"{episode.show.title} {episode.code} “{episode.title}”: the songs",
        annotation=f"Every song in {episode.show.title} {episode.code}, in the order they are first heard.",
        info=request.build_absolute_uri(episode.get_absolute_url()),
        location=request.build_absolute_uri(),
        filename=f"{episode.show.slug}-{episode.code.lower()}-songs",
        cues=playlists.episode_cues(episode, request.progress),
    )
    return _playlist(request, fmt, playlist)


@download
def season_playlist(request, show, season, fmt):
    season = get_object_or_404(
        Season.objects.select_related("show").visible_to(request.progress), show__slug=show, number=season
    )
    playlist = playlists.Playlist(
        title=f"{season.show.title} {season.label}: the songs",
        annotation=f"Every song in {season.show.title} {season.label}, in the order they are first heard.",
        info=request.build_absolute_uri(season.get_absolute_url()),
        location=request.build_absolute_uri(),
        filename=f"{season.show.slug}-season-{season.number}-songs",
        cues=playlists.season_cues(season, request.progress),
    )
    return _playlist(request, fmt, playlist)


@download
def character_playlist(request, show, slug, fmt):
    character = get_object_or_404(
        Character.objects.with_show().visible_to(request.progress), show__slug=show, slug=slug
    )
    playlist = playlists.Playlist(
        title=f"{character.name} ({character.show.title}): the songs",
        annotation=f"The songs of the scenes {character.name} is in, and those {character.name} performs.",
        info=request.build_absolute_uri(character.get_absolute_url()),
        location=request.build_absolute_uri(),
        filename=f"{character.show.slug}-{character.slug}-songs",
        cues=playlists.character_cues(character, request.progress),
    )
    return _playlist(request, fmt, playlist)


@require_safe
@login_required
def reader_data(request):
    """The signed-in reader's own data: theirs alone, never kept by a cache."""
    response = _json(readers.build(request.user))
    name = slugify(request.user.get_username()) or "account"
    response["Content-Disposition"] = content_disposition_header(True, f"cuesheet-{name}-data.json")
    patch_cache_control(response, private=True, no_store=True)
    return response


SHOW = "shows/<slug:show>/"
SEASON = SHOW + "season-<num:season>/"

urlpatterns = [
    path(SHOW + "catalogue.json", catalogue_json, name="export_catalogue"),
    path(SHOW + "catalogue-csv.zip", catalogue_csv, name="export_catalogue_csv"),
    path(SEASON + "songs.<playlist:fmt>", season_playlist, name="season_playlist"),
    path(SEASON + "episode-<num:episode>/songs.<playlist:fmt>", episode_playlist, name="episode_playlist"),
    path(SHOW + "characters/<slug:slug>/songs.<playlist:fmt>", character_playlist, name="character_playlist"),
    path("accounts/data.json", reader_data, name="reader_data"),
]
