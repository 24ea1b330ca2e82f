"""Inserting imported customers with the dates the file gives them.

``Customer.creation_date`` is ``auto_now_add``: ``bulk_create`` stamps every row with the
current time, and setting the file's dates afterwards would rewrite every freshly
inserted row (an UPDATE per customer, touching every index: it doubled the import time).
Django's *raw* insert, what ``loaddata`` uses to store fixtures exactly as written, skips
that stamping; ``insert_as_is`` is ``bulk_create``'s batched insert in that mode. Only
the importer uses it, and the tests (a customer's imported creation date, the round trip)
catch it should Django change the internals it relies on.
"""

from django.db import connections
from django.utils import timezone


def insert_as_is(model, objs: list, using: str = "default") -> None:
    """Insert ``objs`` with their field values untouched (no ``auto_now``/``auto_now_add``);
    unset auto dates are filled with the current time first. Sets the primary keys."""
    if not objs:
        return
    meta = model._meta
    now = timezone.now()
    for field in meta.concrete_fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            for obj in objs:
                if getattr(obj, field.attname) is None:
                    setattr(obj, field.attname, now)
    fields = [field for field in meta.concrete_fields if not field.generated and field != meta.pk]
    connection = connections[using]
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
            obj._state.adding = False
            obj._state.db = using
