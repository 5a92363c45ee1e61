"""The Jinja2 environment of the reader pages (``templates/``).

Readers' pages are Jinja2 templates: they render several times faster than
Django's template language, and the episode page has a few hundred links
(docs/performance.md). The admin and its editor pages stay in Django's
language, under ``templates/django/``.

Templates get ``url(name, **kwargs)`` (``reverse()`` with its patterns
cached: ``wiki.links.url_for``), ``static()``, the Django filters they use
(``date`` in the site's time zone, ``pluralize``...), and wiki's helpers
(``wiki.pages.templating``). Undefined names render empty and chain (``{{ a.b }}``
with ``a`` undefined), as they do in Django's language.
"""

import functools

from django.template import defaultfilters
from django.templatetags.static import static
from django.utils.timezone import template_localtime
from django.utils.translation import get_language
from jinja2 import ChainableUndefined, Environment

from wiki.links import url_for
from wiki.pages import templating


def date(value, arg=None):
    """Django's ``date`` filter, in the current time zone as in Django's templates."""
    return _formatted(template_localtime(value), arg, get_language())


@functools.lru_cache(maxsize=4096)
def _formatted(value, arg, language):
    """Formatting a date takes Django ~40 µs (format lookups, translated month
    names); pages show the same few dates again and again."""
    return defaultfilters.date(value, arg)


def environment(**options):
    """Escape everything that is not marked safe; undefined names as in Django's language."""
    options.pop("autoescape", None)
    options.pop("undefined", None)
    env = Environment(autoescape=True, undefined=ChainableUndefined, **options)
    env.globals.update(url=url_for, static=static, **templating.FUNCTIONS)
    env.filters.update(
        date=date,
        pluralize=defaultfilters.pluralize,
        capfirst=defaultfilters.capfirst,
        linebreaksbr=defaultfilters.linebreaksbr,
        **templating.FILTERS,
    )
    return env
