"""A proposed correction as a diff against what is there now.

Values are kept normalized (``recaps.services.normalize``: ids for songs and
characters, text otherwise); ``Names`` turns the ids of a whole page of
proposals into names with one query per related model, so a page of diffs
costs the same few queries however long it is.
"""

from dataclasses import dataclass

from recaps.history import FieldChange

from .services import current_values
from .values import CORRECTABLE


class Names:
    """Readable values for the related ids in ``contributions``' corrections."""

    def __init__(self, contributions, targets):
        wanted = {}
        for contribution in contributions:
            target = targets.get(contribution.pk)
            if target is None:
                continue
            # Each of the three, not one dict of them: the same field's ids differ in each.
            for values in (contribution.changes, contribution.base, current_values(target)):
                for name, value in values.items():
                    field = target._meta.get_field(name)
                    if field.is_relation:
                        ids = value if isinstance(value, list) else [value]
                        wanted.setdefault(field.related_model, set()).update(i for i in ids if i)
        self.names = {
            model: {str(obj.pk): str(obj) for obj in model._default_manager.filter(pk__in=ids)}
            for model, ids in wanted.items()
        }

    def readable(self, field, value):
        if value in (None, "", []):
            return ""
        if field.is_relation:
            names = self.names.get(field.related_model, {})
            ids = value if isinstance(value, list) else [value]
            return ", ".join(sorted(names.get(str(i), f"#{i} (deleted)") for i in ids))
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
        return str(value)


@dataclass(frozen=True)
class ProposedChange(FieldChange):
    """One field of a correction: ``before`` is what is there now; ``stale``
    when that is no longer what the fan saw (someone edited it since)."""

    name: str = ""
    stale: bool = False


def proposed_changes(contribution, target, names):
    """The fields a correction changes, as diffs against ``target`` now."""
    now = current_values(target)
    rows = []
    for name in CORRECTABLE[target._meta.model_name]:
        if name not in contribution.changes:
            continue
        field = target._meta.get_field(name)
        rows.append(
            ProposedChange(
                label=str(field.verbose_name).capitalize(),
                before=names.readable(field, now.get(name, "")),
                after=names.readable(field, contribution.changes[name]),
                name=name,
                stale=now.get(name) != contribution.base.get(name),
            )
        )
    return rows
