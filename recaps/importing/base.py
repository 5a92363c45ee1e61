"""What every importer shares: one transaction, a dry run, a report, refusals
that name the file, the record and the field, and the rule that a re-import
never overwrites what an editor changed since the last one."""

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction

from wiki.models import SourceRecord

MAX_BYTES = 5 * 1024 * 1024  # an episode guide of 30 seasons is well under 1 MB


class ImportRefused(Exception):
    """Bad input: nothing was changed. ``str()`` names where the fault is."""

    def __init__(self, message, *, file="", record="", field=""):
        self.message, self.file, self.record, self.field = message, file, record, field
        super().__init__(": ".join(part for part in (file, record, field, message) if part))


@dataclass
class Report:
    """What an import did, or would do in a dry run, line by line."""

    dry_run: bool = False
    created: list = field(default_factory=list)
    changed: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    skipped: list = field(default_factory=list)  # (what, why): an editor's change kept, a field refused
    ignored: list = field(default_factory=list)  # (record, why): input that made no row

    def lines(self):
        verb = "Would create" if self.dry_run else "Created"
        out = [
            f"{verb} {len(self.created)}, "
            f"{'would change' if self.dry_run else 'changed'} {len(self.changed)}, "
            f"left alone {len(self.unchanged)}, skipped {len(self.skipped)}, ignored {len(self.ignored)}."
        ]
        out += [f"+ {what}" for what in self.created]
        out += [f"~ {what}" for what in self.changed]
        out += [f"! {what}: {why}" for what, why in self.skipped]
        out += [f"- {record}: {why}" for record, why in self.ignored]
        return out

    def __str__(self):
        return "\n".join(self.lines())


class _DryRun(Exception):
    """Raised to roll back a dry run's transaction once its report is made."""


def read_text(data, *, file):
    """Bytes or text of an upload or file, as text: refused over ``MAX_BYTES``
    or when it is not UTF-8."""
    if hasattr(data, "read"):
        data = data.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ImportRefused(f"is larger than {MAX_BYTES // (1024 * 1024)} MB", file=file)
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ImportRefused(f"is not UTF-8 text (byte {exc.start})", file=file) from None
    if "\x00" in data:
        raise ImportRefused("holds a NUL byte: it is not a text file", file=file)
    return data


def read_json(data, *, file):
    text = read_text(data, file=file)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportRefused(
            f"is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})", file=file
        ) from None


def plain(value):
    """A field value as JSON keeps it, to compare with what was imported."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    return value


class Importer:
    """The base of an importer: subclasses set ``source`` and write ``run(data)``
    with ``sync`` (one catalogue row) and ``ignore`` (input that makes none)."""

    source = ""
    do_not_call_in_templates = True  # the admin's templates list importer classes by title

    def __init__(self, *, file="", report=None):
        self.file = file
        self.report = report or Report()

    def run(self, data):
        raise NotImplementedError

    def refuse(self, message, *, record="", field=""):
        raise ImportRefused(message, file=self.file, record=record, field=field)

    def ignore(self, record, why):
        self.report.ignored.append((record, why))

    def record_for(self, kind, external_id):
        return SourceRecord.objects.filter(
            source=self.source, kind=kind, external_id=str(external_id)
        ).first()

    def sync(self, model, *, kind, external_id, values, label, match=None, create=None):
        """The row of ``model`` the source calls ``kind`` ``external_id``, made or
        brought up to date with ``values`` (field name → value; a relation by
        its ``<name>_id``).

        A row is found by its source record, else by ``match`` (a queryset of
        candidates: an existing row an editor entered by hand). A field whose
        current value differs from what the last import wrote was changed by an
        editor: it is kept, and reported as skipped. A row found by ``match``
        has no last import: only its empty fields are filled, as is a field the
        last import did not write (the source left it blank). ``create`` adds
        fields used only when the row is new (a unique slug, say)."""
        record = self.record_for(kind, external_id)
        obj = record.target if record else None
        last = record.imported if obj is not None else None
        if obj is None and match is not None:
            obj = match.first()
        kept = set()
        if obj is None:
            obj = model(**values, **(create or {}))
            self.save(obj, label=label)
            self.report.created.append(label)
        else:
            changed = []
            for name, new in values.items():
                current = plain(getattr(obj, name))
                if current == plain(new):
                    continue
                if (last is None or name not in last) and current not in (None, ""):
                    kept.add(name)
                    self.report.skipped.append(
                        (f"{label}: {name}", "entered here by hand, not from this source")
                    )
                elif last is not None and current != last.get(name, current):
                    kept.add(name)
                    self.report.skipped.append(
                        (f"{label}: {name}", "changed by an editor since the last import")
                    )
                else:
                    setattr(obj, name, new)
                    changed.append(name)
            if changed:
                self.save(obj, label=label)
                self.report.changed.append(f"{label} ({', '.join(changed)})")
            else:
                self.report.unchanged.append(label)
        # A kept field remembers a value other than the editor's, so it stays theirs next time too.
        imported = {
            name: (last.get(name) if last is not None else plain(values[name]))
            if name in kept
            else plain(getattr(obj, name))
            for name in values
        }
        if record is None:
            record = SourceRecord(source=self.source, kind=kind, external_id=str(external_id))
        record.content_type = ContentType.objects.get_for_model(model)
        record.object_id, record.imported = obj.pk, imported
        record.save()
        return obj

    def save(self, obj, *, label):
        """Validate and save one row, refusing the import with the field at fault."""
        try:
            obj.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            name, errors = next(iter(exc.message_dict.items()))
            self.refuse(" ".join(errors), record=label, field=name if name != "__all__" else "")
        obj.save()


def run_import(importer, data, *, dry_run=False):
    """Run ``importer`` on ``data`` in one transaction and return its report.
    A dry run, and any refusal, leaves the database as it was."""
    importer.report.dry_run = dry_run
    try:
        with transaction.atomic():
            importer.run(data)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return importer.report
