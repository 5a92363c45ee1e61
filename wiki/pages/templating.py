"""The reader pages' template helpers: filters and functions for the Jinja2
environment (``config/jinja2.py``), which registers every public name here.

Filters take the value first (``{{ html|rendered(shield.limit) }}``);
functions that need the page's request take the template context.
"""

import html as html_entities
import itertools
import json
import re
from collections import namedtuple
from urllib.parse import urlencode

from django.contrib.auth import get_permission_codename
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from jinja2 import pass_context

from wiki.images import picture_of
from wiki.links import absolute_url, url_for
from wiki.pages.structured_data import describe
from wiki.search import queries as search
from wiki.spoilers import NO_PROGRESS
from wiki.text.markdown import shield_html
from wiki.text.resolver import visible_link_urls

# As django.utils.html.json_script escapes, so JSON cannot close the <script>.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
EXCERPT_WORDS = 30
MISSING_LINK = re.compile(r'<a class="wikilink missing"[^>]*>(.*?)</a>', re.DOTALL)
WIKILINK = re.compile(r'<a class="wikilink" href="([^"]+)"[^>]*>(.*?)</a>', re.DOTALL)

Group = namedtuple("Group", "grouper list")

FILTERS = {}
FUNCTIONS = {}


def template_filter(function):
    FILTERS[function.__name__] = function
    return function


def template_function(function):
    FUNCTIONS[function.__name__] = function
    return function


@template_filter
def rendered(html, limit=None):
    """Mark HTML produced by ``wiki.text.markdown.render_markdown`` as safe, less the
    passages revealed after the reader's spoiler limit (a sort_key) if given.

    The one place stored HTML is trusted: it was sanitized when it was saved.
    """
    return mark_safe(shield_html(html or "", limit))  # noqa: S308 — sanitized by nh3 on save


@template_filter
def embargoed(episode, progress):
    """``{% if episode|embargoed(request.progress) %}``: a list shows the episode
    without spoilers (the fresh-episode embargo, ``Progress.embargoes``)."""
    return (progress or NO_PROGRESS).embargoes(episode)


@template_filter
def synopsis_excerpt(episode, progress):
    """The first words of an episode's synopsis as plain text, less the
    passages revealed after the reader's limit for its show."""
    limit = (progress or NO_PROGRESS).limit_for(episode.show_id)
    text = html_entities.unescape(strip_tags(shield_html(episode.synopsis_html, limit)))
    return Truncator(" ".join(text.split())).words(EXCERPT_WORDS)


@template_filter
def links_for(html, user):
    """A missing ``[[link]]`` points at the admin "add" form; for anyone but
    staff it becomes plain marked text. Use before ``rendered``:
    ``{{ text_html|links_for(request.user)|rendered }}``."""
    html = html or ""
    if getattr(user, "is_staff", False) or "wikilink missing" not in html:
        return html
    return MISSING_LINK.sub(r'<span class="wikilink missing" title="No page yet">\1</span>', html)


@template_filter
def shielded_links(html, progress):
    """For a reader with a spoiler shield, a ``[[link]]`` to a character, song
    or episode past their limit becomes plain text: its address would name it.
    Use before ``rendered``. No query without a shield or without links."""
    html = html or ""
    if not progress or 'class="wikilink"' not in html:
        return html
    visible = visible_link_urls({m[1] for m in WIKILINK.finditer(html)}, progress)
    return WIKILINK.sub(lambda m: m[0] if m[1] in visible else f'<span class="wikilink">{m[2]}</span>', html)


@template_filter
def timecode(duration):
    """12:34 or 1:02:03 for a timedelta; empty for None."""
    if duration is None:
        return ""
    seconds = int(duration.total_seconds())
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{seconds:02}" if hours else f"{minutes}:{seconds:02}"


@template_filter
def regroup(items, attribute):
    """Runs of consecutive items with the same ``attribute`` (dotted), in order,
    as ``(grouper, list)`` pairs: Django's ``{% regroup %}``, which unlike
    Jinja2's ``groupby`` keeps the order the query gave."""

    def key(item):
        for name in attribute.split("."):
            item = getattr(item, name)
        return item

    return [Group(grouper, list(run)) for grouper, run in itertools.groupby(items, key)]


@template_filter
def highlight(text, terms):
    """Search results: the words starting with a query term marked (``wiki.search.queries.highlight``)."""
    return search.highlight(text, terms)


@template_filter
def snippet(text, terms):
    """Search results: about 180 characters of ``text`` around its first match, marked."""
    return search.highlight(text, terms, width=180)


template_function(picture_of)


@template_function
@pass_context
def canonical_url(context):
    """The page's absolute URL: its path, and its page number past the first."""
    request = context["request"]
    url = absolute_url(request, request.path)
    page = request.GET.get("page", "")
    return f"{url}?page={page}" if page.isdigit() and int(page) > 1 else url


@template_function
@pass_context
def share_image(context, image, alt=""):
    """Open Graph and Twitter card tags for a page's image (or a plain card)."""
    if not image:
        return mark_safe('<meta name="twitter:card" content="summary">')
    url = absolute_url(context["request"], image.url)
    return format_html(
        '<meta property="og:image" content="{}"><meta property="og:image:alt" content="{}">'
        '<meta name="twitter:card" content="summary_large_image">',
        url,
        alt,
    )


@template_function
@pass_context
def structured_data(context, obj):
    """schema.org JSON-LD for ``obj`` (see wiki.pages.structured_data)."""
    data = describe(obj, context["request"])
    if data is None:
        return ""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308


@template_function
@pass_context
def edit_link(context, obj):
    """The header's "Edit" for staff: ``obj``'s change form, with ``next`` back to
    this page (``wiki.admin.tools.ReturnToPage``), for one allowed to change it;
    the admin's index otherwise. Nothing, and no query, for readers.

    The page is then marked as showing editor links, which makes the response
    private (``wiki.middleware.EditorPagesArePrivateMiddleware``): staff carry
    a session, so the page cache never stores their pages anyway, and this
    holds whatever sits in between."""
    request = context["request"]
    user = request.user
    if not user.is_staff:
        return ""
    request.shows_editor_links = True
    opts = obj._meta
    if not user.has_perm(f"{opts.app_label}.{get_permission_codename('change', opts)}"):
        return format_html('<a href="{}">Edit</a>', url_for("admin:index"))
    return format_html(
        '<a href="{}?{}">Edit<span class="visually-hidden"> this {}</span></a>',
        url_for(f"admin:{opts.app_label}_{opts.model_name}_change", object_id=obj.pk),
        urlencode({"next": request.get_full_path()}),
        opts.verbose_name,
    )
