"""Small rules importers share when they make rows: slugs that never clash,
and matching only hand-entered rows no other import has claimed."""

from django.contrib.contenttypes.models import ContentType
from django.utils.text import slugify

from wiki.models import SourceRecord


def unique_slug(queryset, text, *, fallback, max_length=200):
    """A slug for ``text`` not yet used in ``queryset`` (``nellie``, ``nellie-2``, …);
    ``fallback`` when ``text`` has no letters slugify keeps (a name in another script)."""
    base = slugify(text)[: max_length - 10].strip("-") or fallback
    taken = set(queryset.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def unclaimed(queryset, *, source, kind):
    """Rows of ``queryset`` that no record of ``source`` calls ``kind``: a hand-entered
    row to match, never one already imported as another of the source's ids."""
    claimed = SourceRecord.objects.filter(
        source=source, kind=kind, content_type=ContentType.objects.get_for_model(queryset.model)
    ).values("object_id")
    return queryset.exclude(pk__in=claimed)
