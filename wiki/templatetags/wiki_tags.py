import html as html_entities
import json
import re

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader_tags import BLOCK_CONTEXT_KEY
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from wiki import search
from wiki.images import picture_of
from wiki.markdown import shield_html
from wiki.spoilers import NO_PROGRESS
from wiki.structured_data import describe

# As django.utils.html.json_script escapes, so JSON cannot close the <script>.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}

register = template.Library()

EXCERPT_WORDS = 30
MISSING_LINK = re.compile(r'<a class="wikilink missing"[^>]*>(.*?)</a>', re.DOTALL)


@register.inclusion_tag("includes/_image.html")
def picture(obj, field, sizes, class_name, alt=None, lazy=True, placeholder=""):
    """``obj.<field>`` as ``<picture>``: WebP and JPEG/PNG renditions with
    ``srcset``, its size, lazy loading unless ``lazy=False`` (for images at the
    top of a page). Alt text is ``obj.<field>_alt`` unless ``alt`` is given
    ("" for a decorative image). Without an image: the placeholder letter."""
    return {
        "picture": picture_of(obj, field),
        "alt": getattr(obj, f"{field}_alt") if alt is None else alt,
        "sizes": sizes,
        "class_name": class_name,
        "lazy": lazy,
        "placeholder": placeholder,
    }


@register.filter
def rendered(html, limit=None):
    """Mark HTML produced by ``wiki.markdown.render_markdown`` as safe, less the
    passages revealed after the reader's spoiler limit (a sort_key) if given.

    The one place stored HTML is trusted: it was sanitized when it was saved.
    """
    return mark_safe(shield_html(html or "", limit))  # noqa: S308 — sanitized by nh3 on save


@register.filter
def embargoed(episode, progress):
    """``{% if episode|embargoed:request.progress %}``: a list shows the episode
    without spoilers (the fresh-episode embargo, ``Progress.embargoes``)."""
    return (progress or NO_PROGRESS).embargoes(episode)


@register.filter
def synopsis_excerpt(episode, progress):
    """The first words of an episode's synopsis as plain text, less the
    passages revealed after the reader's limit for its show."""
    limit = (progress or NO_PROGRESS).limit_for(episode.show_id)
    text = html_entities.unescape(strip_tags(shield_html(episode.synopsis_html, limit)))
    return Truncator(" ".join(text.split())).words(EXCERPT_WORDS)


@register.filter
def links_for(html, user):
    """A missing ``[[link]]`` points at the admin "add" form; for anyone but
    staff it becomes plain marked text. Use before ``rendered``:
    ``{{ text_html|links_for:request.user|rendered }}``."""
    html = html or ""
    if getattr(user, "is_staff", False) or "wikilink missing" not in html:
        return html
    return MISSING_LINK.sub(r'<span class="wikilink missing" title="No page yet">\1</span>', html)


@register.filter
def timecode(duration):
    """12:34 or 1:02:03 for a timedelta; empty for None."""
    if duration is None:
        return ""
    seconds = int(duration.total_seconds())
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{seconds:02}" if hours else f"{minutes}:{seconds:02}"


@register.simple_tag(takes_context=True)
def reuse_block(context, name):
    """Render the block ``name`` again, as the page defined it: og:title and
    og:description repeat <title> and the description without writing them twice."""
    block_context = context.render_context.get(BLOCK_CONTEXT_KEY)
    block = block_context.get_block(name) if block_context else None
    return block.render(context).strip() if block else ""


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """The page's absolute URL: its path, and its page number past the first."""
    request = context["request"]
    url = request.build_absolute_uri(request.path)
    page = request.GET.get("page", "")
    return f"{url}?page={page}" if page.isdigit() and int(page) > 1 else url


@register.simple_tag(takes_context=True)
def share_image(context, image, alt=""):
    """Open Graph and Twitter card tags for a page's image (or a plain card)."""
    if not image:
        return mark_safe('<meta name="twitter:card" content="summary">')
    url = context["request"].build_absolute_uri(image.url)
    return format_html(
        '<meta property="og:image" content="{}"><meta property="og:image:alt" content="{}">'
        '<meta name="twitter:card" content="summary_large_image">',
        url,
        alt,
    )


@register.simple_tag(takes_context=True)
def structured_data(context, obj):
    """schema.org JSON-LD for ``obj`` (see wiki.structured_data)."""
    data = describe(obj, context["request"])
    if data is None:
        return ""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308


@register.filter
def highlight(text, terms):
    """Search results: the words starting with a query term marked (``wiki.search.highlight``)."""
    return search.highlight(text, terms)


@register.filter
def snippet(text, terms):
    """Search results: about 180 characters of ``text`` around its first match, marked."""
    return search.highlight(text, terms, width=180)
