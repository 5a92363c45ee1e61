"""Reader pages of the catalogue. Each view loads through a queryset method
(``wiki.querysets``) and renders one template."""

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import cache_control

from . import accents
from .models import Artist, Character, Cue, Episode, Person, Scene, Season, Show, Song

SONGS_PER_PAGE = 50
CHARACTERS_PER_PAGE = 60
CAST_ON_SHOW_PAGE = 12


def home(request):
    return render(
        request,
        "wiki/home.html",
        {
            "shows": Show.objects.with_episode_count(),
            "latest_episodes": Episode.objects.recently_aired(limit=8),
        },
    )


def show_detail(request, show):
    show = get_object_or_404(Show.objects.with_counts().with_seasons(), slug=show)
    cast = Character.objects.cast_of(show)[:CAST_ON_SHOW_PAGE]
    return render(request, "wiki/show_detail.html", {"show": show, "cast": cast})


def season_detail(request, show, season):
    season = get_object_or_404(Season.objects.select_related("show"), show__slug=show, number=season)
    episodes = Episode.objects.with_show().with_counts().filter(season=season).order_by("number")
    return render(request, "wiki/season_detail.html", {"season": season, "episodes": episodes})


def episode_detail(request, show, season, episode):
    episode = get_object_or_404(
        Episode.objects.with_page_data(), show__slug=show, season__number=season, number=episode
    )
    previous, following = Episode.objects.neighbours(episode)
    return render(
        request,
        "wiki/episode_detail.html",
        {"episode": episode, "previous": previous, "next": following},
    )


def character_list(request, show):
    show = get_object_or_404(Show, slug=show)
    paginator = Paginator(Character.objects.cast_of(show), CHARACTERS_PER_PAGE, orphans=6)
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "wiki/character_list.html", {"show": show, "page_obj": page})


def character_detail(request, show, slug):
    character = get_object_or_404(Character.objects.with_show(), show__slug=show, slug=slug)
    context = {
        "character": character,
        "scenes": Scene.objects.for_character(character),
        "performances": Cue.objects.performed_by(character),
    }
    return render(request, "wiki/character_detail.html", context)


def show_songs(request, show):
    show = get_object_or_404(Show, slug=show)
    paginator = Paginator(Cue.objects.song_uses_in_show(show), SONGS_PER_PAGE, orphans=5)
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = Song.objects.with_uses(page.object_list)
    return render(request, "wiki/song_list.html", {"show": show, "page_obj": page})


def song_detail(request, slug):
    song = get_object_or_404(Song.objects.select_related("artist"), slug=slug)
    return render(request, "wiki/song_detail.html", {"song": song, "cues": Cue.objects.for_song(song)})


def artist_detail(request, slug):
    artist = get_object_or_404(Artist, slug=slug)
    return render(
        request, "wiki/artist_detail.html", {"artist": artist, "songs": Song.objects.by_artist(artist)}
    )


def person_detail(request, slug):
    person = get_object_or_404(Person, slug=slug)
    return render(
        request, "wiki/person_detail.html", {"person": person, "roles": Character.objects.roles_of(person)}
    )


@cache_control(public=True, max_age=365 * 24 * 3600, immutable=True)
def accent_stylesheet(request, colour):
    """A show's accent colour as CSS custom properties: a function of the
    colour alone (in the URL), so it runs no query and never goes stale."""
    return HttpResponse(accents.stylesheet(f"#{colour}"), content_type="text/css; charset=utf-8")
