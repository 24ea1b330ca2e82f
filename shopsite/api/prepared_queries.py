"""Hot reads and inserts compiled to SQL once per process, then run with each request's values.

Building a queryset and compiling it to SQL costs Django more CPU than PostgreSQL spends
answering the small indexed reads every API request makes: of the ~700 µs an address book
read takes in the app, ~310 µs go to ``filter()``, ``order_by()`` and the compiler, for SQL
that differs from the previous request's only in its parameter values. A
``PreparedQuery`` builds its queryset once per database, with a *marker* in place of each
value, compiles it, remembers where each marker landed among the SQL's parameters, and
from then on runs the same SQL with the request's values in those places: the same
statement, the same model instances, without the compiler. How a row becomes an instance
(which columns fill which attributes, the converters, the annotations) is read from the
compiler once too, as ``ModelIterable`` reads it on every evaluation; ``Manager.raw``
would work it out again per call from the cursor's description, a third of the cost of
the customer read every authenticated request makes.

Django has no public API for this, and the packages that did it (``django-prepared-
queries``) are no longer kept for current Django; this is the smallest version, on what
``ModelIterable`` itself reads from the compiler (``as_sql``, ``select``, ``klass_info``,
``annotation_col_map``, ``get_converters``) and ``Model.from_db``. It serves single-model
reads (no ``select_related``) whose shape depends on nothing but the values passed in; a
shape that changes with a setting is a second ``PreparedQuery``.

Inserts are the same story: ``Model.save()`` of a new row compiles its INSERT again every
time, ~400 µs for a customer's 36 columns, to send the statement it sent before.
``insert`` writes the statement once per model and database and then only prepares each
row's values, as ``save()`` does (``pre_save`` and ``get_db_prep_save`` per field).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Field, Model, QuerySet, signals

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


@dataclass(frozen=True)
class CompiledRead:
    """A ``PreparedQuery``'s statement for one database, and how its rows become instances:
    what ``ModelIterable`` works out from the compiler on every evaluation, kept."""

    model: type[Model]
    sql: str
    #: The compiled parameters, markers included, and each marker's positions among them.
    template: tuple
    positions: dict[str, list[int]]
    #: The model's columns in the row (a slice of it) and the attribute names they fill.
    model_columns: slice
    attnames: list[str]
    #: Annotations: attribute name and position in the row.
    annotations: list[tuple[str, int]]
    #: Converters by position, as ``SQLCompiler.get_converters`` gives them. They depend on
    #: the alias's backend and settings, not on a connection: each call passes its own.
    converters: list[tuple[int, tuple[list, object]]]

    def instance(self, row: tuple, using: str, connection) -> Model:
        if self.converters:
            row = list(row)
            for position, (converters, expression) in self.converters:
                value = row[position]
                for converter in converters:
                    value = converter(value, expression, connection)
                row[position] = value
        instance = self.model.from_db(using, self.attnames, row[self.model_columns])
        for name, position in self.annotations:
            setattr(instance, name, row[position])
        return instance


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
        self._compiled: dict[str, CompiledRead] = {}

    def __call__(self, *, using: str = DEFAULT_DB_ALIAS, **values) -> list[Model]:
        if values.keys() != self.parameters.keys():
            raise TypeError(f"expected the values {sorted(self.parameters)}, got {sorted(values)}")
        compiled = self._compiled.get(using) or self._compile(using)
        params = list(compiled.template)
        for name, value in values.items():
            if type(value) is not self.parameters[name]:
                raise TypeError(f"{name} must be {self.parameters[name].__name__}")
            for position in compiled.positions[name]:
                params[position] = value
        connection = connections[using]
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        return [compiled.instance(row, using, connection) for row in rows]

    def _compile(self, using: str) -> CompiledRead:
        markers = {
            name: marker(index, name, kind)
            for index, (name, kind) in enumerate(self.parameters.items())
        }
        query = self.build(**markers).query
        if query.select_related:
            raise ImproperlyConfigured("a PreparedQuery reads one model: no select_related")
        compiler = query.get_compiler(using)
        sql, params = compiler.as_sql()
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
        klass_info = compiler.klass_info
        columns = [expression for expression, _sql, _alias in compiler.select]
        if klass_info is None or compiler.has_composite_fields(columns):
            raise ImproperlyConfigured("a PreparedQuery reads model instances of simple columns")
        first, last = klass_info["select_fields"][0], klass_info["select_fields"][-1]
        compiled = CompiledRead(
            model=klass_info["model"],
            sql=sql,
            template=tuple(params),
            positions=positions,
            model_columns=slice(first, last + 1),
            attnames=[column.target.attname for column in columns[first : last + 1]],
            annotations=list(compiler.annotation_col_map.items()),
            converters=list(compiler.get_converters(columns).items()),
        )
        self._compiled[using] = compiled
        return compiled


#: INSERT statements by (model, database alias): the fields in column order and the SQL.
_insert_statements: dict[tuple[type[Model], str], tuple[list[Field], str]] = {}


def insert(instance: Model, *, using: str = DEFAULT_DB_ALIAS) -> Model:
    """Store ``instance``, a new row with a database-assigned primary key, as ``save()``
    would (same columns, same values, the key read back into it), with the INSERT compiled
    once per process. Returns ``instance``.

    ``save()`` is used instead when its extra work matters: a receiver of the model's
    ``pre_save``/``post_save`` (this sends neither), a primary key already set, or a value
    that is an expression (it would change the SQL). Related objects must be saved
    already: ``save()``'s check for an unsaved one is not repeated (its missing key is the
    database's NOT NULL error instead).
    """
    model = type(instance)
    if (
        instance.pk is not None
        or signals.pre_save.has_listeners(model)
        or signals.post_save.has_listeners(model)
    ):
        instance.save(force_insert=True, using=using)
        return instance
    fields, sql = _insert_statements.get((model, using)) or _compile_insert(model, using)
    values = [field.pre_save(instance, True) for field in fields]
    if any(hasattr(value, "resolve_expression") for value in values):
        instance.save(force_insert=True, using=using)
        return instance
    connection = connections[using]
    params = [
        field.get_db_prep_save(value, connection)
        for field, value in zip(fields, values, strict=True)
    ]
    # As save() does: inside an atomic block, a failed INSERT marks it for rollback.
    with transaction.mark_for_rollback_on_error(using), connection.cursor() as cursor:
        cursor.execute(sql, params)
        if connection.features.can_return_columns_from_insert:
            returned = cursor.fetchone()
        else:
            returned = [
                connection.ops.last_insert_id(cursor, model._meta.db_table, model._meta.pk.column)
            ]
    for field, value in zip(model._meta.db_returning_fields, returned, strict=True):
        for converter in field.get_db_converters(connection):
            value = converter(value, None, connection)
        setattr(instance, field.attname, value)
    instance._state.adding = False
    instance._state.db = using
    return instance


def _compile_insert(model: type[Model], using: str) -> tuple[list[Field], str]:
    """``INSERT INTO table (columns) VALUES (%s, ...) [RETURNING pk]`` for ``model``: the
    columns ``save()`` writes for a new row whose key the database assigns."""
    meta = model._meta
    if meta.parents or meta.auto_field is None:
        raise ImproperlyConfigured(f"insert() stores one table with an automatic key: {model}")
    fields = [
        field
        for field in meta.local_concrete_fields
        if field is not meta.auto_field and not field.generated
    ]
    if any(hasattr(field, "get_placeholder") for field in fields):
        raise ImproperlyConfigured(f"insert() sends every value as %s: {model}")
    connection = connections[using]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608
    returning = meta.db_returning_fields
    if connection.features.can_return_columns_from_insert:
        returning_sql, returning_params = connection.ops.return_insert_columns(returning)
        if returning_params:  # Oracle's out-parameters: not a database shopsite runs on
            raise ImproperlyConfigured(f"insert() cannot read back keys on {connection.vendor}")
        sql = f"{sql} {returning_sql}"
    elif returning != [meta.pk]:
        raise ImproperlyConfigured(f"insert() reads back only the key on {connection.vendor}")
    _insert_statements[(model, using)] = (fields, sql)
    return fields, sql
