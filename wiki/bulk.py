"""Rows written in bulk, past the ORM: ``COPY`` on PostgreSQL (psycopg's ``cursor.copy``),
``executemany`` elsewhere. For a million-row build (``wiki.demo.generator``, the search
index's ``rebuild``), where model instances and ``bulk_create`` cost most of the time.
Values go in as given: the caller prepares what a field would (JSON, say)."""

from contextlib import contextmanager

from django.db import connection


def insert_rows(table, columns, rows):
    quote = connection.ops.quote_name
    names = ", ".join(map(quote, columns))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({placeholders})", rows)  # noqa: S608 — our own quoted names


def fresh_ids(model, count):
    """``count`` ids for new rows of ``model``, past any it has (from its sequence on PostgreSQL)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [model._meta.db_table, count],
            )
            return [pk for (pk,) in cursor.fetchall()]
        cursor.execute(f"SELECT MAX(id) FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608
        last = cursor.fetchone()[0] or 0
        return list(range(last + 1, last + 1 + count))


@contextmanager
def checks_after_the_load(tables):
    """PostgreSQL: without the ``tables``' foreign keys, unique constraints (those no
    foreign key relies on) and other secondary indexes for the load, made again after it
    under their own names and definitions. Elsewhere, nothing."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no checks still owed on these tables
        cursor.execute(
            """SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid)
               FROM pg_constraint c
               WHERE c.conrelid = ANY(%s::regclass[]) AND (c.contype = 'f' OR c.contype = 'u'
                 AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = c.conindid))
               ORDER BY c.contype DESC""",  # unique ones first, foreign keys last
            [tables],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            """SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i
               WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisprimary
                 AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)""",
            [tables],
        )
        indexes = cursor.fetchall()
        for table, name, _definition in reversed(constraints):
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {name}")
    yield
    with connection.cursor() as cursor:
        for _name, definition in indexes:
            cursor.execute(definition)
        for table, name, definition in constraints:
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
