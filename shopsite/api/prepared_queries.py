"""Hot reads compiled to SQL once per process, then run with each request's values.

Building a queryset and compiling it to SQL costs Django more CPU than PostgreSQL spends
answering the small indexed reads every API request makes: of the ~700 µs an address book
read takes in the app, ~310 µs go to ``filter()``, ``order_by()`` and the compiler, for SQL
that differs from the previous request's only in its parameter values. A
``PreparedQuery`` builds its queryset once per database, with a *marker* in place of each
value, compiles it, remembers where each marker landed among the SQL's parameters, and
from then on runs the same SQL through ``Manager.raw`` with the request's values in those
places: the same statement, the same model instances (field converters applied, extra
columns such as annotations set as attributes), without the compiler.

Django has no public API for this, and the packages that did it (``django-prepared-
queries``) are no longer kept for current Django; this is the smallest version, on public
API only (``Query.sql_with_params`` and ``raw``). It serves single-model reads (no
``select_related``: ``raw`` maps columns by name) whose shape depends on nothing but the
values passed in; a shape that changes with a setting is a second ``PreparedQuery``.
"""

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Model, QuerySet

#: Where the integer markers start: far below any primary key or count a row holds.
_MARKER_INT_BASE = -7_300_000_000_000_000_000


def marker(index: int, name: str, kind: type):
    """The value a ``PreparedQuery`` compiles in place of its ``index``-th parameter,
    ``name``: of the type the real values have (lookups prepare values by field type),
    unmistakable, and unlike every other parameter's marker."""
    if kind is int:
        return _MARKER_INT_BASE - index
    if kind is str:
        return f"\x1eshopsite-parameter-{index}:{name}\x1e"
    raise TypeError(f"no marker for {kind.__name__} parameters; pass str or int")


class PreparedQuery:
    """``build(**values)`` → a queryset; calling the ``PreparedQuery`` with the same values
    → that queryset's model instances, a list.

    ``parameters`` names each value ``build`` takes and its type (``str`` or ``int``); a
    call must pass every one, of that type (a value of another type would be sent as it
    is, where the ORM would have prepared it for the column).
    """

    def __init__(self, build: Callable[..., QuerySet], **parameters: type):
        self.build = build
        self.parameters = parameters
        self._compiled: dict[str, tuple[type[Model], str, list, dict[str, list[int]]]] = {}

    def __call__(self, *, using: str = DEFAULT_DB_ALIAS, **values) -> list[Model]:
        if values.keys() != self.parameters.keys():
            raise TypeError(f"expected the values {sorted(self.parameters)}, got {sorted(values)}")
        model, sql, template, positions = self._compiled.get(using) or self._compile(using)
        params = list(template)
        for name, value in values.items():
            if type(value) is not self.parameters[name]:
                raise TypeError(f"{name} must be {self.parameters[name].__name__}")
            for position in positions[name]:
                params[position] = value
        return list(model._default_manager.raw(sql, params, using=using))

    def _compile(self, using: str):
        markers = {
            name: marker(index, name, kind)
            for index, (name, kind) in enumerate(self.parameters.items())
        }
        queryset = self.build(**markers).using(using)
        if queryset.query.select_related:
            raise ImproperlyConfigured("a PreparedQuery reads one model: no select_related")
        sql, params = queryset.query.sql_with_params()
        positions = {
            name: [
                index
                for index, param in enumerate(params)
                if type(param) is type(value) and param == value
            ]
            for name, value in markers.items()
        }
        unplaced = [name for name, found in positions.items() if not found]
        if unplaced:
            # A value the compiler folded into the SQL text, or turned into something else:
            # the query cannot be reused with other values.
            raise ImproperlyConfigured(f"parameters not found in the compiled SQL: {unplaced}")
        compiled = (queryset.model, sql, list(params), positions)
        self._compiled[using] = compiled
        return compiled
