"""Querysets compiled to SQL once per process, for the page readers open most.

Django compiles a queryset to SQL each time it runs it. For a query with a
join or two that takes 0.1–0.4 ms, several times what SQLite or PostgreSQL
then take to run it; the episode page runs nine such queries on every
request (docs/performance.md). A query whose shape never changes, only its
values, can be compiled once::

    @prepared
    def scenes_of(episode):
        return Scene.objects.filter(episode_id=episode).order_by("position")

    scenes_of(episode=2)  # a list: what list(queryset) gives

On its first call for a database alias, a prepared query builds its queryset
with a marker in place of each argument, compiles it, and notes where each
marker lands among the SQL's parameters. Later calls clone that compiled
query and bind their values there; the queryset's own iterable turns the rows
into what it always does (model instances with their ``select_related`` rows,
``values_list`` tuples...).

Only integers and strings are bound (as the driver's own types, where it
has them). A builder whose SQL changes with its arguments (a marker folded
into the SQL text, transformed by a lookup such as ``__contains``, or a shape
that differs for the first real values) is refused with ``ValueError`` on
its first call; calls with other values (None, say) run the queryset as
built. Querysets with ``prefetch_related`` are
refused: prefetching runs more querysets of its own.
"""

import copy
import functools
import itertools

from django.db import connections

BOUND_TYPES = (int, str)
_marker_numbers = itertools.count(1)


def _marker(value):
    """A value of the argument's type that no query holds by chance; integers
    stay in every integer field's range, where a lookup keeps its parameter."""
    n = next(_marker_numbers)
    return 29_000 + n % 3_000 if type(value) is int else f"\x00prepared-{n}\x00"


class _Compiled:
    """One builder's query, compiled for one database alias."""

    def __init__(self, build, values, alias):
        markers = {name: _marker(value) for name, value in values.items()}
        self.queryset = build(**markers)
        if self.queryset._prefetch_related_lookups:
            raise ValueError(f"{build.__qualname__}: prepared querysets cannot prefetch")
        self.compiler = self.queryset.query.get_compiler(using=alias)
        self.sql, params = self.compiler.as_sql()
        self.params = list(params)
        self.slots = [
            (i, name)
            for i, param in enumerate(self.params)
            for name, marker in markers.items()
            if isinstance(param, type(marker)) and param == marker
        ]
        real_sql, real_params = build(**values).query.get_compiler(using=alias).as_sql()
        bound = self._bind(values)
        if (
            {name for _, name in self.slots} != set(markers)
            or any(str(marker) in self.sql for marker in markers.values())
            or (real_sql, list(real_params)) != (self.sql, bound)
        ):
            raise ValueError(
                f"{build.__qualname__}: its SQL changes with its arguments; it cannot be prepared"
            )

    def _bind(self, values):
        """The parameters with ``values`` in the markers' places, each of the
        marker's own type (PostgreSQL's driver types integers: ``Int4(2)``)."""
        params = list(self.params)
        for i, name in self.slots:
            params[i] = type(params[i])(values[name])
        return params

    def run(self, values, alias):
        """The rows for ``values``: a clone of the compiled queryset whose
        compiler (a copy of the compiled one) gives the bound SQL."""
        queryset = self.queryset._chain()
        compiler = copy.copy(self.compiler)
        compiler.connection = connections[alias]  # this thread's connection
        sql, params = self.sql, self._bind(values)
        compiler.as_sql = lambda *args, **kwargs: (sql, params)
        queryset.query.get_compiler = lambda *args, **kwargs: compiler
        return list(queryset)


class prepared:
    """Decorator: ``build(**values)`` returns a queryset whose SQL differs only
    in its parameters; calling the result returns the queryset's rows as a list."""

    def __init__(self, build):
        functools.update_wrapper(self, build)
        self.build = build
        self.compiled = {}  # database alias -> _Compiled

    def __call__(self, **values):
        if not all(type(value) in BOUND_TYPES for value in values.values()):
            return list(self.build(**values))
        # The alias the router picks now: a replica, or default inside a transaction.
        any_compiled = next(iter(self.compiled.values()), None)
        alias = (any_compiled.queryset if any_compiled else self.build(**values)).db
        compiled = self.compiled.get(alias)
        if compiled is None:
            compiled = self.compiled[alias] = _Compiled(self.build, values, alias)
        return compiled.run(values, alias)
