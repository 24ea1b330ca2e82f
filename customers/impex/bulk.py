"""Inserting imported rows fast, with the dates the file gives them.

Two reasons not to use ``bulk_create`` as is:

* ``Customer.creation_date`` is ``auto_now_add``: ``bulk_create`` stamps every row with the
  current time, and setting the file's dates afterwards rewrites every fresh row (an
  UPDATE touching every index: it doubled the import time). Django's *raw* insert, what
  ``loaddata`` uses to store fixtures exactly as written, skips that stamping.
* On PostgreSQL, ``COPY`` loads rows several times faster than ``INSERT``: psycopg formats
  them in C where ``INSERT`` builds parameter arrays in Python. Primary keys are drawn
  from the table's sequence first, so the rows' keys are known without ``RETURNING``.

Only the importer uses this; the tests (imported creation dates, the round trip) run it
on SQLite and PostgreSQL and catch a change in the Django internals it relies on.
"""

from django.db import connections
from django.db.models import JSONField
from django.utils import timezone


def insert_as_is(model, objs: list, using: str = "default") -> None:
    """Insert ``objs`` with their field values untouched (no ``auto_now``/``auto_now_add``;
    unset auto dates get the current time) and set their primary keys."""
    if not objs:
        return
    meta = model._meta
    now = timezone.now()
    for field in meta.concrete_fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            for obj in objs:
                if getattr(obj, field.attname) is None:
                    setattr(obj, field.attname, now)
    connection = connections[using]
    if connection.vendor == "postgresql":
        _copy(model, objs, connection)
    else:
        _raw_insert(model, objs, connection, using)
    for obj in objs:
        obj._state.adding = False
        obj._state.db = using


def _raw_insert(model, objs, connection, using) -> None:
    meta = model._meta
    fields = [field for field in meta.concrete_fields if not field.generated and field != meta.pk]
    batch_size = max(connection.ops.bulk_batch_size(fields, objs), 1)
    returning = meta.db_returning_fields
    for start in range(0, len(objs), batch_size):
        batch = objs[start : start + batch_size]
        rows = model._base_manager.using(using)._insert(
            batch, fields=fields, returning_fields=returning, raw=True
        )
        for obj, row in zip(batch, rows, strict=True):
            for field, value in zip(returning, row, strict=True):
                setattr(obj, field.attname, value)


def _copy(model, objs, connection) -> None:
    meta = model._meta
    quote = connection.ops.quote_name
    fields = [field for field in meta.concrete_fields if not field.generated]
    # JSON needs its adapter; every other value (str, int, bool, date, None) psycopg
    # writes itself, as the parser and the importer already made them the right type.
    json_fields = {field.attname for field in fields if isinstance(field, JSONField)}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(objs)],
        )
        for obj, (pk,) in zip(objs, cursor.fetchall(), strict=True):
            obj.pk = pk
        columns = ", ".join(quote(field.column) for field in fields)
        statement = f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN"
        by_name = {field.attname: field for field in fields}
        # The raw psycopg cursor: errors must still surface as Django's DatabaseError.
        with connection.wrap_database_errors, cursor.cursor.copy(statement) as copy:
            for obj in objs:
                copy.write_row(
                    [
                        by_name[name].get_db_prep_save(getattr(obj, name), connection)
                        if name in json_fields
                        else getattr(obj, name)
                        for name in by_name
                    ]
                )
