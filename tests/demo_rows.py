"""The demo catalogue loaded once per test session, then copied into each test.

``manage.py load_demo`` renders Markdown, resolves links, indexes search and
starts history: about half a second. The ``demo`` fixture needs its result a
few hundred times, so the session loads it once inside a transaction it rolls
back, keeps every row it made (``DemoRows.take``), and each test inserts
those rows again with ``bulk_create`` (``DemoRows.put``): the same rows, ids
and all, in a few milliseconds. Unmanaged tables (SQLite's FTS5 index) are
left to the triggers that fill them; sequences are moved past the copied ids.
"""

import io

from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction


def _tables():
    return [m for m in apps.get_models(include_auto_created=True) if m._meta.managed and not m._meta.proxy]


class DemoRows:
    def __init__(self, rows):
        self.rows = rows  # [(model, [field values])] in the order models were defined

    @classmethod
    def take(cls):
        """Load the demo, keep every row it added, and roll it all back."""
        before = {model: set(model._base_manager.values_list("pk", flat=True)) for model in _tables()}
        with transaction.atomic():
            call_command("load_demo", no_art=True, stdout=io.StringIO())
            rows = []
            for model in _tables():
                names = [f.attname for f in model._meta.concrete_fields]
                pk = model._meta.pk.attname
                new = [
                    r for r in model._base_manager.order_by("pk").values(*names) if r[pk] not in before[model]
                ]
                if new:
                    rows.append((model, new))
            transaction.set_rollback(True)
        return cls(rows)

    def put(self):
        """The demo's rows, as ``load_demo`` left them, in this test's database."""
        with transaction.atomic():
            for model, values in self.rows:
                model._base_manager.bulk_create([model(**row) for row in values])
            models = [model for model, _ in self.rows]
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), models):
                    cursor.execute(sql)
