"""Fast URL building for ``get_absolute_url``, the templates' ``url()`` and ``HasPage.url``.

A page links to a hundred catalogue objects; ``reverse()`` costs ~20 µs a
call, a third of the episode page's render time. ``url_for`` reverses each
URL name once, with placeholder values, and keeps the result as a format
string to fill in afterwards. Values that are not plain slugs or numbers go
through ``reverse()`` as usual, so the result is always what ``reverse()``
gives (a test compares them, also under a script prefix).

What a URL pattern's converters accept (``number`` takes 1 to 4 digits, a
slug any length) is asked of ``reverse()`` once per *shape* of the values:
each value's length and whether it is all digits, which is all the project's
converters look at. A shape ``reverse()`` refuses raises ``NoReverseMatch``
here too, and the format strings are kept per script prefix, so a site
mounted under ``FORCE_SCRIPT_NAME`` (or one process serving several) links
under its own prefix.
"""

import contextvars
import functools
import re

from django.urls import NoReverseMatch, get_script_prefix, reverse

SAFE_VALUES = re.compile(r"[-a-zA-Z0-9_]+\Z")


@functools.lru_cache(maxsize=4096)
def _template(name, keys, shape, prefix):
    """The URL as a format string with ``{0}``, ``{1}``... for the values of
    ``keys`` in order; None where placeholders do not fit the pattern, or
    where ``reverse()`` refuses values of this ``shape``."""
    stand_ins = ["1" * length if digits else "a" * length for length, digits in shape]
    placeholders = [str(8001 + i) for i in range(len(keys))]
    try:
        reverse(name, kwargs=dict(zip(keys, stand_ins, strict=True)))
        url = reverse(name, kwargs=dict(zip(keys, placeholders, strict=True)))
    except NoReverseMatch:
        return None
    if any(url.count(placeholder) != 1 for placeholder in placeholders):
        return None
    url = url.replace("{", "{{").replace("}", "}}")
    for i, placeholder in enumerate(placeholders):
        url = url.replace(placeholder, f"{{{i}}}")
    return url


# The script prefix of the request being handled, read once per request: Django keeps it in
# an asgiref Local, which costs more to read than the rest of url_for (4% of the episode page).
_request_prefix = contextvars.ContextVar("request_script_prefix", default=None)


def remember_script_prefix(**kwargs):
    """``request_started`` receiver: Django's handler has set the prefix by then."""
    _request_prefix.set(get_script_prefix())


def forget_script_prefix(**kwargs):
    """``request_finished`` receiver: outside a request, url_for asks Django each time."""
    _request_prefix.set(None)


def url_for(name, **kwargs):
    values = [str(value) for value in kwargs.values()]
    if values and not (all(values) and SAFE_VALUES.match("".join(values))):
        return reverse(name, kwargs=kwargs)
    prefix = _request_prefix.get() or get_script_prefix()
    template = _template(name, tuple(kwargs), tuple(map(_shape, values)), prefix)
    if template is None:
        return _reverse(name, tuple(zip(kwargs, values, strict=True)), prefix)
    return template.format(*values)


def _shape(value):
    return len(value), value.isdigit()


@functools.lru_cache(maxsize=1024)
def _reverse(name, items, prefix):
    """``reverse()`` for the few URLs whose patterns placeholders do not fit
    (a show's accent colour): they take few values, so they are remembered;
    values it refuses raise ``NoReverseMatch`` every time (errors are not cached)."""
    return reverse(name, kwargs=dict(items))


class HasPage:
    """A model with a page of its own. ``url`` is its ``get_absolute_url()``,
    worked out once per object: templates link through it, and the episode
    page links to one character from every scene she is in."""

    @functools.cached_property
    def url(self):
        return self.get_absolute_url()


# A path that build_absolute_uri() would only prefix with the scheme and host: it starts with
# one slash, and every character is one iri_to_uri() keeps as it is.
PLAIN_PATH = re.compile(r"/(?!/)[-a-zA-Z0-9_.~/%?=&#+!$'()*,;:@]*\Z")


def absolute_url(request, location):
    """``request.build_absolute_uri(location)``, at the cost of a string join for the
    plain paths pages link to (the episode page makes some forty, for its JSON-LD and
    card tags); anything else goes through Django as usual."""
    if not PLAIN_PATH.match(location):
        return request.build_absolute_uri(location)
    origin = request.__dict__.get("_cuesheet_origin")
    if origin is None:
        origin = request.__dict__["_cuesheet_origin"] = request.build_absolute_uri("/")[:-1]
    return origin + location
