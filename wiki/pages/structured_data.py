"""schema.org JSON-LD for each catalogue page, built from rows the page
already loaded (no query of its own). Other apps add their models with
``register`` (recaps register ``Article``).

Links are the objects' ``url`` (``wiki.links.HasPage``: ``get_absolute_url()``
worked out once per object), which the page's links then reuse."""

import functools

from django.utils.html import strip_tags

from wiki.links import absolute_url
from wiki.models import Artist, Character, Episode, Person, Season, Show, Song
from wiki.spoilers import NO_PROGRESS
from wiki.text.markdown import shield_html

_describers = {}


def register(model):
    def decorator(function):
        _describers[model] = function
        return function

    return decorator


def describe(obj, request):
    """The JSON-LD dict for ``obj``, or None for a model nobody described.

    Texts go through the reader's spoiler shield, like the page around them.
    """
    describer = _describers.get(type(obj))
    if describer is None:
        return None
    progress = getattr(request, "progress", None) or NO_PROGRESS
    return describer(obj, functools.partial(absolute_url, request), progress)


def _text(html, progress, show_id):
    return strip_tags(shield_html(html, progress.limit_for(show_id))).strip()


def _thing(kind, name, url, **fields):
    data = {"@type": kind, "name": name, "url": url}
    data.update({key: value for key, value in fields.items() if value not in (None, "", [])})
    return data


def _base(kind, name, url, **fields):
    return {"@context": "https://schema.org", **_thing(kind, name, url, **fields)}


def _image(image, absolute):
    return absolute(image.url) if image else None


def _person(person, absolute):
    return {"@type": "Person", "name": person.name, "url": absolute(person.url)}


@register(Show)
def show(show, absolute, progress):
    return _base(
        "TVSeries",
        show.title,
        absolute(show.url),
        description=_text(show.description_html, progress, show.pk),
        startDate=show.first_year and str(show.first_year),
        endDate=show.last_year and str(show.last_year),
        image=_image(show.poster, absolute),
        numberOfEpisodes=getattr(show, "episode_count", None),
    )


@register(Season)
def season(season, absolute, progress):
    return _base(
        "TVSeason",
        f"{season.show.title} {season.label}",
        absolute(season.url),
        seasonNumber=season.number,
        partOfSeries={
            "@type": "TVSeries",
            "name": season.show.title,
            "url": absolute(season.show.url),
        },
    )


@register(Episode)
def episode(episode, absolute, progress):
    characters = episode.characters_in_order()
    return _base(
        "TVEpisode",
        episode.title,
        absolute(episode.url),
        episodeNumber=episode.number,
        datePublished=episode.air_date,
        timeRequired=episode.runtime_minutes and f"PT{episode.runtime_minutes}M",
        description=_text(episode.synopsis_html, progress, episode.show_id),
        image=_image(episode.still, absolute),
        partOfSeries={
            "@type": "TVSeries",
            "name": episode.show.title,
            "url": absolute(episode.show.url),
        },
        partOfSeason={
            "@type": "TVSeason",
            "seasonNumber": episode.season_number,
            "url": absolute(episode.season.url),
        },
        character=[{"@type": "Person", "name": c.name, "url": absolute(c.url)} for c in characters],
        actor=[_person(c.played_by, absolute) for c in characters if c.played_by],
        audio=[_recording(cue.song, absolute) for cue in episode.cue_sheet()],
    )


@register(Character)
def character(character, absolute, progress):
    return _base(
        "Person",
        character.name,
        absolute(character.url),
        description=_text(character.bio_html, progress, character.show_id),
        image=_image(character.portrait, absolute),
        alternateName=character.alias_list,
        subjectOf={
            "@type": "TVSeries",
            "name": character.show.title,
            "url": absolute(character.show.url),
        },
    )


@register(Person)
def person(person, absolute, progress):
    return _base(
        "Person",
        person.name,
        absolute(person.url),
        description=strip_tags(person.bio_html).strip(),
        image=_image(person.photo, absolute),
    )


def _recording(song, absolute):
    """A song as a ``MusicRecording``: the song page's and each cue's of the episode page."""
    return _thing(
        "MusicRecording",
        song.title,
        absolute(song.url),
        byArtist={
            "@type": "MusicGroup",
            "name": song.artist.name,
            "url": absolute(song.artist.url),
        },
        inAlbum=song.album and {"@type": "MusicAlbum", "name": song.album},
        datePublished=song.year and str(song.year),
        sameAs=[url for _, url in song.listening_links],
    )


@register(Song)
def song(song, absolute, progress):
    return {"@context": "https://schema.org", **_recording(song, absolute)}


@register(Artist)
def artist(artist, absolute, progress):
    return _base(
        "MusicGroup",
        artist.name,
        absolute(artist.url),
        sameAs=artist.website and [artist.website],
    )
