"""Helpers for the few reads written as SQL (``wiki.pages.episode``, ``RecapQuerySet.cards_of``).

Those queries run through documented means only: a cursor on the database
the router picks, and ``Model.from_db`` for each model a row holds (``split``),
which is how Django itself builds the instances of ``select_related``;
``Model.objects.raw()`` with ``related`` for the recap cards. Identifiers are in double
quotes and values are ``%s`` parameters, so the SQL runs on SQLite and
PostgreSQL alike.
"""

from datetime import timedelta
from functools import cache

from django.db import connections, models, router


def loaded(model, fields):
    """``fields`` (attribute names of ``model``'s columns, ``show_id`` for a
    foreign key) in the model's own order: ``Model.from_db`` takes its values
    in that order when some fields are left out."""
    names = [field.attname for field in model._meta.concrete_fields]
    if unknown := set(fields) - set(names):
        raise ValueError(f"{model.__name__} has no columns {sorted(unknown)}")
    return tuple(name for name in names if name in fields)


def columns(alias, fields, prefix=""):
    """The select list ``alias."field" AS "<prefix>field", ...``."""
    return ", ".join(f'{alias}."{field}" AS "{prefix}{field}"' for field in fields)


def related(row, model, prefix, fields):
    """The ``model`` instance held in a raw() row's extra columns
    ``<prefix><field>`` (``fields`` from ``loaded``; the rest deferred), as
    ``select_related`` with ``only()`` would give it."""
    return model.from_db(row._state.db, fields, [getattr(row, prefix + field) for field in fields])


def cursor_rows(model, sql, params):
    """The rows of ``sql`` and the database they came from (the router's pick for ``model``)."""
    db = router.db_for_read(model)
    with connections[db].cursor() as cursor:
        cursor.execute(sql, params)
        return db, cursor.fetchall()


def split(db, row, *parts):
    """The instances one joined row holds: ``parts`` are ``(model, fields)`` in the
    row's column order (``fields`` from ``loaded``), each made by ``Model.from_db``,
    the rest deferred; None for a part whose id is NULL (a LEFT JOIN's miss).
    Values come as the database gives them; a ``DurationField`` is converted here,
    being the one type the pages read that SQLite keeps as another (an integer of
    microseconds, as Django's field reference says; PostgreSQL gives a timedelta)."""
    found, start = [], 0
    for model, fields in parts:
        values = row[start : start + len(fields)]
        start += len(fields)
        if values[fields.index("id")] is None:
            found.append(None)
            continue
        if durations := _durations(model, fields):
            values = list(values)
            for i in durations:
                if values[i] is not None and not isinstance(values[i], timedelta):
                    values[i] = timedelta(microseconds=values[i])
        found.append(model.from_db(db, fields, values))
    return found


@cache
def _durations(model, fields):
    return tuple(
        i for i, name in enumerate(fields) if isinstance(model._meta.get_field(name), models.DurationField)
    )


def value_rows(model, sql, params):
    """The rows of ``sql`` as tuples, read from the database the router picks for ``model``."""
    with connections[router.db_for_read(model)].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
