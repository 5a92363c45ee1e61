"""The read-only JSON API under /api/.

Stable numeric ids, links between resources (``url`` for the API, ``html_url``
for the page), pagination (``?page=``, ``?page_size=`` up to 100), errors as
JSON with the right status, and a per-address rate limit for anonymous
readers. Each endpoint runs a fixed number of queries whatever the page size.
"""

import functools

from django.conf import settings
from django.core.paginator import EmptyPage, Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.csrf import csrf_exempt

from wiki.api import serializers as s
from wiki.models import Artist, Character, Cue, Episode, Scene, Season, Show, Song
from wiki.pages import episode as episode_page
from wiki.ratelimit import client_address, over_limit

DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE = 50, 100


class BadRequest(Exception):
    pass


def error(status, message, **headers):
    response = JsonResponse({"error": message, "status": status}, status=status)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def _rate_limited(request):
    """A fixed one-minute window per client address, for anonymous readers."""
    if request.user.is_authenticated:
        return False
    return over_limit(f"api:{client_address(request)}", settings.API_RATE_LIMIT_PER_MINUTE, 60)


def read_only():
    return error(405, "This API is read-only.", Allow="GET, HEAD")


def guarded(view):
    """GET only and rate-limited, the refusals as JSON. Nothing here writes, so no
    CSRF check: a POST answers this JSON 405, not Django's HTML 403."""

    @csrf_exempt
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return read_only()
        if _rate_limited(request):
            return error(429, "Too many requests; try again in a minute.", Retry_After="60")
        return view(request, *args, **kwargs)

    return wrapper


def endpoint(view):
    """A ``guarded`` view whose dict is the JSON answer; 404 and 400 as JSON too."""

    @guarded
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            response = JsonResponse(view(request, *args, **kwargs), json_dumps_params={"ensure_ascii": False})
        except Http404:
            return error(404, "Not found.")
        except BadRequest as exc:
            return error(400, str(exc))
        patch_vary_headers(response, ["Cookie"])
        return response

    return wrapper


def _is_number(raw, max_digits):
    """ASCII digits only: ``str.isdigit`` also takes "²", which ``int()`` refuses
    (a 500), and "١", which it reads as 1 (a number the schema never offered)."""
    return raw.isascii() and raw.isdigit() and len(raw) <= max_digits


def _int_param(request, name, default, maximum=None):
    raw = request.GET.get(name, "")
    if not raw:
        return default
    if not _is_number(raw, 9) or int(raw) < 1:
        raise BadRequest(f"{name} must be a whole number from 1.")
    value = int(raw)
    if maximum and value > maximum:
        raise BadRequest(f"{name} must be at most {maximum}.")
    return value


def paginated(request, queryset, serialize):
    """One page of ``queryset`` as {count, next, previous, results}."""
    size = _int_param(request, "page_size", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
    paginator = Paginator(queryset, size)
    try:
        page = paginator.page(_int_param(request, "page", 1))
    except EmptyPage as exc:
        raise Http404 from exc

    def link(number):
        query = request.GET.copy()
        query["page"] = number
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    return {
        "count": paginator.count,
        "next": link(page.next_page_number()) if page.has_next() else None,
        "previous": link(page.previous_page_number()) if page.has_previous() else None,
        "results": [serialize(row, request) for row in page.object_list],
    }


@endpoint
def index(request):
    names = ["shows", "characters", "songs", "artists", "schema", "docs"]
    return {name: request.build_absolute_uri(reverse(f"api:{name}")) for name in names}


@endpoint
def show_list(request):
    return paginated(request, Show.objects.with_episode_count().order_by("title", "pk"), s.show)


@endpoint
def show_detail(request, pk):
    show = get_object_or_404(Show.objects.with_counts(request.progress).with_seasons(request.progress), pk=pk)
    seasons = [s.season(season, request, with_episodes=True) for season in show.seasons.all()]
    return s.show(show, request) | {"seasons": seasons}


@endpoint
def season_detail(request, pk):
    season = get_object_or_404(Season.objects.select_related("show"), pk=pk)
    episodes = (
        Episode.objects.with_show().with_hides_flag(request.progress).filter(season=season).order_by("number")
    )
    return s.season(season, request) | {"episodes": [s.episode(e, request) for e in episodes]}


@endpoint
def episode_detail(request, pk):
    episode = get_object_or_404(Episode.objects.with_show().with_hides_flag(request.progress), pk=pk)
    if episode.spoiler:
        return s.episode(episode, request)
    episode.scene_list = episode_page.scenes(episode)
    return s.episode(episode, request) | {
        "scenes": [s.scene(scene, request) for scene in episode.scene_list],
        "cue_sheet": [s.cue(cue, request) for cue in episode.cue_sheet()],
    }


@endpoint
def character_list(request):
    characters = (
        Character.objects.with_show().visible_to(request.progress).order_by("show__title", "name", "pk")
    )
    show = request.GET.get("show", "")
    if show:
        if not _is_number(show, 12):
            raise BadRequest("show must be a show id.")
        characters = characters.filter(show_id=int(show))
    return paginated(request, characters, s.character)


@endpoint
def character_detail(request, pk):
    character = get_object_or_404(Character.objects.with_show().visible_to(request.progress), pk=pk)
    scenes = Scene.objects.for_character(character).visible_to(request.progress)
    cues = Cue.objects.performed_by(character).visible_to(request.progress)
    return s.character(character, request) | {
        "appearances": [s.scene_ref(scene, request) for scene in scenes],
        "performances": [s.cue(cue, request) for cue in cues],
    }


@endpoint
def song_list(request):
    songs = Song.objects.visible_to(request.progress).select_related("artist")
    return paginated(request, songs.order_by("title", "pk"), s.song)


@endpoint
def song_detail(request, pk):
    song = get_object_or_404(Song.objects.visible_to(request.progress).select_related("artist"), pk=pk)
    cues = Cue.objects.for_song(song).visible_to(request.progress)
    return s.song(song, request) | {"uses": [s.cue(cue, request) for cue in cues]}


@endpoint
def artist_list(request):
    return paginated(request, Artist.objects.visible_to(request.progress).order_by("name", "pk"), s.artist)


@endpoint
def artist_detail(request, pk):
    artist = get_object_or_404(Artist.objects.visible_to(request.progress), pk=pk)
    songs = Song.objects.by_artist(artist, request.progress).select_related("artist")
    return s.artist(artist, request) | {"songs": [s.song(song, request) for song in songs]}


@csrf_exempt
def not_found(request):
    """Unknown /api/ paths: a JSON 404 rather than the HTML page."""
    return error(404, "Not found.")
