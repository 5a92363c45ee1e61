from django import template
from django.utils.safestring import mark_safe

from wiki.images import picture_of

register = template.Library()


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
def rendered(html):
    """Mark HTML produced by ``wiki.markdown.render_markdown`` as safe.

    The one place stored HTML is trusted: it was sanitized when it was saved.
    """
    return mark_safe(html or "")  # noqa: S308 — sanitized by nh3 on save


@register.filter
def timecode(duration):
    """12:34 or 1:02:03 for a timedelta; empty for None."""
    if duration is None:
        return ""
    seconds = int(duration.total_seconds())
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{seconds:02}" if hours else f"{minutes}:{seconds:02}"
