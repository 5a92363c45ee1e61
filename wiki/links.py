"""Fast URL building for ``get_absolute_url``, the templates' ``url()`` and ``HasPage.url``.

A page links to a hundred catalogue objects; ``reverse()`` costs ~20 µs a
call, a third of the episode page's render time. ``url_for`` reverses each
URL name once, with placeholder values, and keeps the result as a format
string to fill in afterwards. Values that are not plain slugs or numbers go
through ``reverse()`` as usual, so the result is always what ``reverse()``
gives (a test compares them).
"""

import functools
import re

from django.urls import NoReverseMatch, reverse

SAFE_VALUES = re.compile(r"[-a-zA-Z0-9_]+\Z")


@functools.cache
def _template(name, keys):
    """The URL as a format string with ``{0}``, ``{1}``... for the values of
    ``keys`` in order, or None where placeholders do not fit the pattern."""
    placeholders = [str(8001 + i) for i in range(len(keys))]
    try:
        url = reverse(name, kwargs=dict(zip(keys, placeholders, strict=True)))
    except NoReverseMatch:
        return None
    if any(url.count(placeholder) != 1 for placeholder in placeholders):
        return None
    url = url.replace("{", "{{").replace("}", "}}")
    for i, placeholder in enumerate(placeholders):
        url = url.replace(placeholder, f"{{{i}}}")
    return url


def url_for(name, **kwargs):
    template = _template(name, tuple(kwargs))
    values = [str(value) for value in kwargs.values()]
    if template is None:
        return _reverse(name, tuple(zip(kwargs, values, strict=True)))
    if not all(values) or (values and not SAFE_VALUES.match("".join(values))):
        return reverse(name, kwargs=kwargs)
    return template.format(*values)


@functools.lru_cache(maxsize=1024)
def _reverse(name, items):
    """``reverse()`` for the few URLs whose patterns placeholders do not fit
    (a show's accent colour): they take few values, so they are remembered."""
    return reverse(name, kwargs=dict(items))


class HasPage:
    """A model with a page of its own. ``url`` is its ``get_absolute_url()``,
    worked out once per object: templates link through it, and the episode
    page links to one character from every scene she is in."""

    @functools.cached_property
    def url(self):
        return self.get_absolute_url()
