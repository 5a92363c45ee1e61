"""Plain dicts for the JSON API, built from rows the endpoint already loaded."""

from wiki.links import absolute_url, url_for
from wiki.text.markdown import shield_html


def _links(request, api_name, pk, obj):
    return {
        "id": pk,
        "url": absolute_url(request, url_for(api_name, pk=pk)),
        "html_url": absolute_url(request, obj.get_absolute_url()),
    }


def show(show, request):
    data = _links(request, "api:show", show.pk, show) | {
        "title": show.title,
        "slug": show.slug,
        "network": show.network,
        "first_year": show.first_year,
        "last_year": show.last_year,
        "episode_count": getattr(show, "episode_count", None),
    }
    if hasattr(show, "song_count"):
        data["song_count"] = show.song_count
    return data


def season(season, request, *, with_episodes=False):
    """A season; ``with_episodes`` adds its episodes, which the caller has
    prefetched (``ShowQuerySet.with_seasons``)."""
    data = _links(request, "api:season", season.pk, season) | {"number": season.number, "title": season.label}
    if with_episodes:
        data["episodes"] = [episode(e, request) for e in season.episodes.all()]
    return data


def episode(episode, request):
    """An episode; past the reader's spoiler limit only its number and air date."""
    data = _links(request, "api:episode", episode.pk, episode) | {
        "show": episode.show_id,
        "season": episode.season_number,
        "number": episode.number,
        "code": episode.code,
        "air_date": episode.air_date,
    }
    if getattr(episode, "spoiler", False):
        return data | {"title": None, "not_watched_yet": True}
    return data | {"title": episode.title, "runtime_minutes": episode.runtime_minutes}


def character_ref(character, request):
    return {
        "id": character.pk,
        "name": character.name,
        "url": absolute_url(request, url_for("api:character", pk=character.pk)),
    }


def character(character, request):
    person = character.played_by
    return _links(request, "api:character", character.pk, character) | {
        "show": character.show_id,
        "name": character.name,
        "slug": character.slug,
        "aliases": character.alias_list,
        "main_cast": character.is_main,
        "role": character.get_role_display(),
        "played_by": person
        and {"name": person.name, "html_url": absolute_url(request, person.get_absolute_url())},
        "bio_html": shield_html(character.bio_html, request.progress.limit_for(character.show_id)),
    }


def artist(artist, request):
    return _links(request, "api:artist", artist.pk, artist) | {"name": artist.name, "website": artist.website}


def song(song, request):
    return _links(request, "api:song", song.pk, song) | {
        "title": song.title,
        "artist": {
            "id": song.artist_id,
            "name": song.artist.name,
            "url": absolute_url(request, url_for("api:artist", pk=song.artist_id)),
        },
        "album": song.album,
        "year": song.year,
        "listen": dict(song.listening_links),
    }


def scene_ref(scene, request):
    return {
        "episode": scene.episode_id,
        "episode_code": scene.episode.code,
        "position": scene.position,
        "title": scene.title,
        "html_url": absolute_url(request, scene.get_absolute_url()),
    }


def scene(scene, request):
    return {
        "position": scene.position,
        "title": scene.title,
        "description": scene.description,
        "starts_at_seconds": scene.starts_at and int(scene.starts_at.total_seconds()),
        "characters": [character_ref(c, request) for c in scene.character_list],
        "cues": [cue(c, request, with_scene=False) for c in scene.cue_list],
    }


def cue(cue, request, with_scene=True):
    data = {
        "song": song(cue.song, request),
        "kind": cue.kind,
        "kind_label": cue.kind_label,
        "performers": [character_ref(c, request) for c in cue.performer_list],
        "starts_at_seconds": cue.starts_at and int(cue.starts_at.total_seconds()),
        "note": cue.note,
    }
    if with_scene:
        data["scene"] = scene_ref(cue.scene, request)
    return data
