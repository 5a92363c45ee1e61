import re

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

MISSING_LINK = re.compile(r'<a class="wikilink missing"[^>]*>(.*?)</a>', re.DOTALL)


@register.filter
def rendered(html):
    """Mark HTML produced by ``wiki.markdown.render_markdown`` as safe.

    The one place stored HTML is trusted: it was sanitized when it was saved.
    """
    return mark_safe(html or "")  # noqa: S308 — sanitized by nh3 on save


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
