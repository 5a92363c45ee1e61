"""Readable differences between two saved versions of an object (django-reversion)."""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.db import models
from django.utils.html import escape
from django.utils.safestring import mark_safe

TOKENS = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str

    @property
    def html(self):
        """The two texts word by word, removed words in ``<del>``, added in ``<ins>``."""
        a, b = TOKENS.findall(self.before), TOKENS.findall(self.after)
        parts = []
        for op, a1, a2, b1, b2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
            if op in ("delete", "replace"):
                parts.append(f"<del>{escape(''.join(a[a1:a2]))}</del>")
            if op in ("insert", "replace"):
                parts.append(f"<ins>{escape(''.join(b[b1:b2]))}</ins>")
            if op == "equal":
                parts.append(escape("".join(a[a1:a2])))
        return mark_safe("".join(parts))  # noqa: S308 — every piece escaped above


def _readable(field, value):
    if value in (None, ""):
        return ""
    if isinstance(field, models.ManyToManyField):
        names = field.related_model._default_manager.filter(pk__in=value)
        return ", ".join(sorted(str(obj) for obj in names))
    if field.is_relation:
        return str(field.related_model._default_manager.filter(pk=value).first() or f"#{value} (deleted)")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def version_changes(older, newer):
    """What changed from ``older`` (a Version or None) to ``newer``, field by field."""
    model = newer._model
    before, after = (older.field_dict if older else {}), newer.field_dict
    changes = []
    for field in [*model._meta.concrete_fields, *model._meta.many_to_many]:
        if not field.editable or field.primary_key or field.attname not in after:
            continue
        old, new = _readable(field, before.get(field.attname)), _readable(field, after[field.attname])
        if old != new:
            changes.append(FieldChange(str(field.verbose_name).capitalize(), old, new))
    return changes
