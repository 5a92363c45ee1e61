"""The OpenAPI 3.1 document for the hand-written JSON API (``/api/schema/``).

Written as code beside the views so it cannot drift from them quietly:

- the paths are read from ``wiki/api/urls.py`` (an API URL with no entry in
  ``OPERATIONS`` fails to build the document), the page size limits from
  ``wiki/api/views.py``, the cue kinds from ``Cue.Kind``;
- each field's type, length, range and nullability come from the model field
  the serializer reads (``_field``), so a model change shows up here;
- every object schema lists all its keys as required and allows no others,
  and ``tests/wiki/test_api_schema.py`` validates every endpoint's answers on
  the demo data against it, and schemathesis fuzzes it on a live server
  (``tests/wiki/test_api_fuzz.py``): a key added to ``wiki/api/serializers.py``
  without a line here fails the suite.

HEAD is answered like GET and not listed; every other method answers the
JSON 405 (``components.responses.MethodNotAllowed``), with or without a CSRF
token, so no write operation is listed either.
"""

import re

from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models as m
from django.urls import URLPattern, reverse

from wiki.api import urls as api_urls
from wiki.api import views as api
from wiki.models import Artist, Character, Cue, Episode, Person, Scene, Season, Show, Song

OPENAPI_VERSION = "3.1.0"
PATH_PARAMETER = "id"
CONVERTER = re.compile(r"<(?:[^>:]+:)?[^>]+>")
UNDOCUMENTED = {"schema", "docs"}  # the document itself and its HTML rendering


def ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema):
    if "$ref" in schema:
        return {"oneOf": [schema, {"type": "null"}]}
    return schema | {"type": [schema["type"], "null"]}


def obj(properties, description=None):
    """An object with exactly these keys, all present."""
    schema = {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }
    return {"description": description, **schema} if description else schema


def array(items):
    return {"type": "array", "items": items}


URI = {"type": "string", "format": "uri"}
ID = {"type": "integer", "minimum": 1, "description": "Stable database id."}


def _field(model, name):
    """The JSON Schema of ``model.name`` as the serializers write it: type,
    limits from the field's validators, ``null`` when the column allows it."""
    field = model._meta.get_field(name)
    if isinstance(field, m.BooleanField):
        schema = {"type": "boolean"}
    elif isinstance(field, m.IntegerField):
        schema = {"type": "integer"}
        if isinstance(
            field, m.PositiveIntegerField | m.PositiveSmallIntegerField | m.PositiveBigIntegerField
        ):
            schema["minimum"] = 0
    elif isinstance(field, m.DateField):
        schema = {"type": "string", "format": "date"}
    elif isinstance(field, m.ForeignKey):
        schema = ID | {"description": f"The {field.related_model._meta.verbose_name}'s id."}
    else:
        schema = {"type": "string"}
    for validator in field.validators:
        if isinstance(validator, MinValueValidator):
            schema["minimum"] = max(validator.limit_value, schema.get("minimum", validator.limit_value))
        elif isinstance(validator, MaxValueValidator):
            schema["maximum"] = validator.limit_value
        elif isinstance(validator, MaxLengthValidator):
            schema["maxLength"] = validator.limit_value
    if isinstance(field, m.URLField | m.CharField) and field.blank:
        schema["description"] = "Empty when unknown."
    return nullable(schema) if field.null else schema


def _labels(model, name):
    """The display labels of a field's choices, as ``get_<name>_display()`` writes them."""
    return [str(label) for _, label in model._meta.get_field(name).choices]


def _links(api_name):
    return {
        "id": ID,
        "url": URI | {"description": f"This {api_name} in the API."},
        "html_url": URI | {"description": f"This {api_name}'s page on the site."},
    }


SECONDS = {"type": ["integer", "null"], "minimum": 0, "description": "Seconds into the episode, if known."}


def _episode_fields():
    return _links("episode") | {
        "show": _field(Episode, "show"),
        "season": {"type": "integer", "minimum": 0, "description": "The season's number."},
        "number": _field(Episode, "number"),
        "code": {"type": "string", "pattern": "^S[0-9]+E[0-9]+$", "examples": ["S1E2"]},
        "air_date": _field(Episode, "air_date"),
    }


# The labels ``Song.listening_links`` gives, asked of a song with every link filled in.
LISTENING_SERVICES = [
    label for label, _ in Song(spotify_url="-", apple_music_url="-", youtube_url="-").listening_links
]


def _song_fields():
    return _links("song") | {
        "title": _field(Song, "title"),
        "artist": ref("ArtistRef"),
        "album": _field(Song, "album"),
        "year": _field(Song, "year"),
        "listen": {
            "type": "object",
            "description": "Where to listen, by service.",
            "propertyNames": {"enum": LISTENING_SERVICES},
            "additionalProperties": URI,
        },
    }


def _cue_fields():
    return {
        "song": ref("Song"),
        "kind": {"type": "string", "enum": list(Cue.Kind.values)},
        "kind_label": {"type": "string", "enum": list(Cue.Kind.labels)},
        "performers": array(ref("CharacterRef")),
        "starts_at_seconds": SECONDS,
        "note": _field(Cue, "note"),
    }


def _show_fields():
    return _links("show") | {
        "title": _field(Show, "title"),
        "slug": _field(Show, "slug"),
        "network": _field(Show, "network"),
        "first_year": _field(Show, "first_year"),
        "last_year": _field(Show, "last_year"),
        "episode_count": {"type": "integer", "minimum": 0},
    }


def _character_fields():
    return _links("character") | {
        "show": _field(Character, "show"),
        "name": _field(Character, "name"),
        "slug": _field(Character, "slug"),
        "aliases": array({"type": "string"}),
        "main_cast": {"type": "boolean", "description": "Its role is main cast."},
        "role": {"type": "string", "enum": _labels(Character, "role")},
        "played_by": nullable(ref("Person")),
        "bio_html": {
            "type": "string",
            "description": "Sanitized HTML, without what lies past the spoiler limit.",
        },
    }


def _artist_fields():
    return _links("artist") | {"name": _field(Artist, "name"), "website": _field(Artist, "website")}


def components():
    watched = _episode_fields() | {
        "title": _field(Episode, "title"),
        "runtime_minutes": _field(Episode, "runtime_minutes"),
    }
    scene_ref = {
        "episode": ID,
        "episode_code": _episode_fields()["code"],
        "position": _field(Scene, "position"),
        "title": _field(Scene, "title"),
        "html_url": URI,
    }
    schemas = {
        "Error": obj(
            {"error": {"type": "string"}, "status": {"type": "integer", "minimum": 400, "maximum": 599}},
            "Every error under /api/: a message for people and the HTTP status.",
        ),
        "Index": obj(
            {name: URI for name in ["shows", "characters", "songs", "artists", "schema", "docs"]},
            "Links to the collections, this document and its HTML rendering.",
        ),
        "Show": obj(_show_fields()),
        "ShowDetail": obj(
            _show_fields()
            | {
                "song_count": {"type": "integer", "minimum": 0, "description": "Songs the reader may see."},
                "seasons": array(ref("Season")),
            }
        ),
        "Season": obj(
            _links("season")
            | {
                "number": _field(Season, "number"),
                "title": {"type": "string", "description": "Its own title, or “Season N”."},
                "episodes": array(ref("Episode")),
            }
        ),
        "Episode": {
            "description": "An episode; past the reader's spoiler limit, only its number and air date.",
            "oneOf": [ref("EpisodeVisible"), ref("EpisodeShielded")],
        },
        "EpisodeVisible": obj(watched),
        "EpisodeShielded": obj(
            _episode_fields() | {"title": {"type": "null"}, "not_watched_yet": {"const": True}},
            "An episode past the reader's spoiler limit.",
        ),
        "EpisodeDetail": {
            "description": "An episode with its scenes and cue sheet; past the spoiler limit, as in a list.",
            "oneOf": [ref("EpisodeVisibleDetail"), ref("EpisodeShielded")],
        },
        "EpisodeVisibleDetail": obj(
            watched | {"scenes": array(ref("Scene")), "cue_sheet": array(ref("Cue"))}
        ),
        "Scene": obj(
            {
                "position": _field(Scene, "position"),
                "title": _field(Scene, "title"),
                "description": _field(Scene, "description"),
                "starts_at_seconds": SECONDS,
                "characters": array(ref("CharacterRef")),
                "cues": array(ref("SceneCue")),
            }
        ),
        "SceneRef": obj(scene_ref, "Where a scene is: its episode and position."),
        "Cue": obj(_cue_fields() | {"scene": ref("SceneRef")}, "One use of a song in a scene."),
        "SceneCue": obj(_cue_fields(), "A cue inside its scene."),
        "Character": obj(_character_fields()),
        "CharacterDetail": obj(
            _character_fields() | {"appearances": array(ref("SceneRef")), "performances": array(ref("Cue"))}
        ),
        "CharacterRef": obj({"id": ID, "name": _field(Character, "name"), "url": URI}),
        "Person": obj({"name": _field(Person, "name"), "html_url": URI}, "The actor who plays a character."),
        "Song": obj(_song_fields()),
        "SongDetail": obj(_song_fields() | {"uses": array(ref("Cue"))}),
        "Artist": obj(_artist_fields()),
        "ArtistDetail": obj(_artist_fields() | {"songs": array(ref("Song"))}),
        "ArtistRef": obj({"id": ID, "name": _field(Artist, "name"), "url": URI}),
    }
    for name in ["Show", "Character", "Song", "Artist"]:
        schemas[f"{name}Page"] = page(name)
    return schemas


def page(name):
    """The list envelope every collection answers, with ``name`` rows."""
    link = {"type": ["string", "null"], "format": "uri"}
    return obj(
        {
            "count": {"type": "integer", "minimum": 0, "description": "Rows on every page together."},
            "next": link | {"description": "The next page, null on the last."},
            "previous": link | {"description": "The previous page, null on the first."},
            "results": array(ref(name)),
        },
        f"One page of {name.lower()}s.",
    )


def _error(description):
    return {"description": description, "content": {"application/json": {"schema": ref("Error")}}}


RESPONSES = {
    "BadRequest": _error("A query parameter is not what it should be, or the query holds a NUL byte."),
    "NotFound": _error("No such row (or it lies past the reader's spoiler limit), or no such page."),
    "MethodNotAllowed": _error("Any method but GET or HEAD: the API is read-only.")
    | {"headers": {"Allow": {"schema": {"type": "string", "const": "GET, HEAD"}}}},
    "TooManyRequests": _error(
        "Past the anonymous rate limit: API_RATE_LIMIT_PER_MINUTE requests a minute per address."
    )
    | {"headers": {"Retry-After": {"schema": {"type": "string"}, "description": "Seconds to wait."}}},
    "ServerError": _error("Something failed on our side, such as the database."),
}


def _int_query(name, description, **limits):
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": {"type": "integer"} | limits,
    }


PAGE_PARAMETERS = [
    _int_query("page", "Page number, from 1.", minimum=1, maximum=999_999_999, default=1),
    _int_query(
        "page_size",
        f"Rows a page, {api.DEFAULT_PAGE_SIZE} unless asked.",
        minimum=1,
        maximum=api.MAX_PAGE_SIZE,
        default=api.DEFAULT_PAGE_SIZE,
    ),
]
SHOW_FILTER = _int_query(
    "show", "Only this show's characters (a show id).", minimum=0, maximum=999_999_999_999
)

# URL name → (summary, response schema, extra query parameters, whether it is a paginated list).
OPERATIONS = {
    "index": ("Links to the collections", "Index", [], False),
    "shows": ("List shows", "ShowPage", [], True),
    "show": ("A show with its seasons and their episodes", "ShowDetail", [], False),
    "season": ("A season and its episodes", "Season", [], False),
    "episode": (
        "An episode: its scenes in order with characters and cues, and the whole cue sheet",
        "EpisodeDetail",
        [],
        False,
    ),
    "characters": ("List characters", "CharacterPage", [SHOW_FILTER], True),
    "character": ("A character with its appearances and performances", "CharacterDetail", [], False),
    "songs": ("List songs", "SongPage", [], True),
    "song": ("A song with every use and its performers", "SongDetail", [], False),
    "artists": ("List artists", "ArtistPage", [], True),
    "artist": ("An artist with its songs", "ArtistDetail", [], False),
}


def _operation(name, pattern):
    summary, schema, extra, is_list = OPERATIONS[name]
    parameters = list(extra) + (PAGE_PARAMETERS if is_list else [])
    if pattern.pattern.converters:
        parameters.insert(
            0,
            {
                "name": PATH_PARAMETER,
                "in": "path",
                "required": True,
                "schema": {"type": "integer", "minimum": 0, "maximum": 10**18 - 1},
            },
        )
    responses = {"200": {"description": summary, "content": {"application/json": {"schema": ref(schema)}}}}
    responses["400"] = {"$ref": "#/components/responses/BadRequest"}  # a NUL byte in any query, too
    if pattern.pattern.converters or is_list:
        responses["404"] = {"$ref": "#/components/responses/NotFound"}
    responses["429"] = {"$ref": "#/components/responses/TooManyRequests"}
    responses["500"] = {"$ref": "#/components/responses/ServerError"}
    operation = {"operationId": name, "summary": summary, "tags": [_tag(name)], "responses": responses}
    return {"parameters": parameters, **operation} if parameters else operation


def _tag(name):
    return "index" if name == "index" else name.rstrip("s") + "s"


def _template(pattern):
    """``shows/<id:pk>/`` → ``/api/shows/{id}/`` (each API route takes at most one id)."""
    return reverse("api:index") + CONVERTER.sub(f"{{{PATH_PARAMETER}}}", str(pattern.pattern))


def paths():
    """One GET operation per named API URL, in the order of ``api_urls``."""
    documented = {}
    for pattern in api_urls.urlpatterns:
        if isinstance(pattern, URLPattern) and pattern.name and pattern.name not in UNDOCUMENTED:
            documented[_template(pattern)] = {"get": _operation(pattern.name, pattern)}
    return documented


DESCRIPTION = """Read-only, for fan tools and other sites. Ids are stable database ids; every resource carries
`url` (its API address) and `html_url` (its page). Lists are paginated (`?page=`, `?page_size=` up
to {max}) and answer `{{count, next, previous, results}}`. Readers with a spoiler shield (a session
or an account) get only what they have watched.

Every error is JSON, `{{"error": "...", "status": N}}`: 400 for a bad parameter, 404, 405 for any
method but GET and HEAD (with or without a CSRF token: nothing here writes), 429 past the
anonymous rate limit (with `Retry-After`), 500 when something fails on our side."""


def document(request):
    """The whole OpenAPI document, its server being the one ``request`` reached."""
    return {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": "Cuesheet API",
            "version": "1",
            "description": DESCRIPTION.format(max=api.MAX_PAGE_SIZE),
        },
        "servers": [{"url": f"{request.scheme}://{request.get_host()}"}],
        "paths": paths(),
        "components": {"schemas": components(), "responses": RESPONSES},
    }
