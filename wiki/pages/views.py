"""Reader pages of the catalogue. Each view loads through a queryset method
(``wiki.querysets``) that takes the reader's spoiler progress
(``request.progress``, see ``wiki.spoilers``) and renders one template."""

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import cache_control

from wiki.hooks import episode_page_context
from wiki.models import Artist, Character, Cue, Episode, Person, Scene, Season, Show, Song
from wiki.models.links import WikiLink
from wiki.pages import accents
from wiki.pages import episode as episode_page

SONGS_PER_PAGE = 50
CHARACTERS_PER_PAGE = 60
CAST_ON_SHOW_PAGE = 12
SHOWS_ON_HOME_PAGE = 12
SHOWS_PER_PAGE = 48


def home(request):
    shows = list(Show.objects.with_episode_count()[: SHOWS_ON_HOME_PAGE + 1])
    more = len(shows) > SHOWS_ON_HOME_PAGE
    return render(
        request,
        "wiki/home.html",
        {
            "shows": shows[:SHOWS_ON_HOME_PAGE],
            "more_shows": more,
            "show_count": Show.objects.count() if more else len(shows),
            "latest_episodes": Episode.objects.with_hides_flag(request.progress).recently_aired(limit=8),
        },
    )


def show_list(request):
    paginator = Paginator(Show.objects.with_episode_count(), SHOWS_PER_PAGE, orphans=6)
    return render(request, "wiki/show_list.html", {"page_obj": paginator.get_page(request.GET.get("page"))})


def show_detail(request, show):
    progress = request.progress
    show = get_object_or_404(Show.objects.with_counts(progress).with_seasons(progress), slug=show)
    cast = Character.objects.cast_of(show, progress)[:CAST_ON_SHOW_PAGE]
    return render(
        request, "wiki/show_detail.html", {"show": show, "cast": cast, "shield": progress.for_show(show)}
    )


def season_detail(request, show, season):
    season = get_object_or_404(Season.objects.select_related("show"), show__slug=show, number=season)
    episodes = (
        Episode.objects.with_show().with_counts().with_hides_flag(request.progress).filter(season=season)
    )
    return render(
        request,
        "wiki/season_detail.html",
        {
            "season": season,
            "episodes": episodes.order_by("number"),
            "shield": request.progress.for_show(season.show),
        },
    )


def episode_detail(request, show, season, episode):
    episode = episode_page.episode(show, season, episode)
    if episode is None:
        raise Http404("No such episode.")
    progress = request.progress
    previous, following = episode_page.neighbours(episode, progress)
    context = {
        "episode": episode,
        "previous": previous,
        "next": following,
        "shield": progress.for_show(episode.show),
    }
    if progress.hides(episode.show_id, episode.sort_key):
        return render(request, "wiki/episode_hidden.html", context)
    episode.scene_list = episode_page.scenes(episode)
    context["mentions"] = episode_page.mentions(episode, progress)
    context.update(episode_page_context(episode))
    return render(request, "wiki/episode_detail.html", context)


def character_list(request, show):
    show = get_object_or_404(Show, slug=show)
    paginator = Paginator(Character.objects.cast_of(show, request.progress), CHARACTERS_PER_PAGE, orphans=6)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "wiki/character_list.html",
        {"show": show, "page_obj": page, "shield": request.progress.for_show(show)},
    )


def character_detail(request, show, slug):
    character = get_object_or_404(Character.objects.with_show().with_first_seen(), show__slug=show, slug=slug)
    progress = request.progress
    context = {"character": character, "shield": progress.for_show(character.show)}
    if character.first_seen is not None and progress.hides(character.show_id, character.first_seen):
        return render(request, "wiki/character_hidden.html", context)
    context["scenes"] = list(Scene.objects.for_character(character).visible_to(progress))
    context["performances"] = list(Cue.objects.performed_by(character).visible_to(progress))
    context["co_stars"] = Character.objects.sharing_scenes_with(character, progress)
    context["mentions"] = WikiLink.objects.mentions_of(character, progress)
    return render(request, "wiki/character_detail.html", context)


def show_songs(request, show):
    show = get_object_or_404(Show, slug=show)
    uses = Cue.objects.visible_to(request.progress).song_uses_in_show(show)
    page = Paginator(uses, SONGS_PER_PAGE, orphans=5).get_page(request.GET.get("page"))
    page.object_list = Song.objects.with_uses(page.object_list)
    return render(
        request,
        "wiki/song_list.html",
        {"show": show, "page_obj": page, "shield": request.progress.for_show(show)},
    )


def song_index(request):
    songs = Song.objects.visible_to(request.progress).select_related("artist").order_by("title", "pk")
    page = Paginator(songs, SONGS_PER_PAGE, orphans=5).get_page(request.GET.get("page"))
    page = Song.objects.index_page(page, request.progress)
    return render(request, "wiki/song_index.html", {"page_obj": page})


def shield_list(request):
    """The reader's spoiler shields, one per show, each to change or turn off."""
    limits = request.progress.limits
    shows = Show.objects.filter(pk__in=limits).order_by("title") if limits else []
    shields = [request.progress.for_show(show) for show in shows]
    return render(request, "wiki/shield_list.html", {"shields": shields})


def song_detail(request, slug):
    song = get_object_or_404(Song.objects.select_related("artist"), slug=slug)
    cues = list(Cue.objects.for_song(song).visible_to(request.progress))
    if not cues and request.progress and Cue.objects.filter(song=song).exists():
        return render(request, "wiki/song_hidden.html", {"song": song})
    context = {"song": song, "cues": cues, "mentions": WikiLink.objects.mentions_of(song, request.progress)}
    return render(request, "wiki/song_detail.html", context)


def artist_detail(request, slug):
    artist = get_object_or_404(Artist, slug=slug)
    songs = Song.objects.by_artist(artist, request.progress)
    return render(request, "wiki/artist_detail.html", {"artist": artist, "songs": songs})


def person_detail(request, slug):
    person = get_object_or_404(Person, slug=slug)
    roles = Character.objects.roles_of(person, request.progress)
    return render(request, "wiki/person_detail.html", {"person": person, "roles": roles})


@cache_control(public=True, max_age=365 * 24 * 3600, immutable=True)
def accent_stylesheet(request, colour):
    """A show's accent colour as CSS custom properties: a function of the
    colour alone (in the URL), so it runs no query and never goes stale."""
    return HttpResponse(accents.stylesheet(f"#{colour}"), content_type="text/css; charset=utf-8")
