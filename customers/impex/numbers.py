"""Keeping imported customer numbers and shopsite's own numbering apart.

shopsite numbers a registering customer from its primary key (``f"{pk:08d}"``,
``Customer.assign_customer_no``). An imported customer keeps the number of its old shop,
say ``00012345``; without care, the registration that later gets primary key 12345 would
collide with it. After importing numbers of that shape the primary key sequence is
moved past the highest one, so the two never meet (gaps are fine: numbers are unique,
not dense).
"""

from django.db import connection

from customers.models import Customer

#: Larger numbers would not fit the key column; they cannot collide anyway.
MAX_KEY = 2**62


def own_number_key(customer_no: str) -> int | None:
    """The primary key shopsite would number ``customer_no`` from, if any."""
    if not customer_no.isdigit() or customer_no != f"{int(customer_no):08d}":
        return None
    key = int(customer_no)
    return key if key < MAX_KEY else None


def reserve_customer_numbers(highest_key: int) -> None:
    """Make the next customer primary key greater than ``highest_key``."""
    table = Customer._meta.db_table
    column = Customer._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # setval is not transactional; nextval keeps it monotonic under concurrency.
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, %s), "
                "GREATEST(%s, nextval(pg_get_serial_sequence(%s, %s))))",
                [table, column, highest_key, table, column],
            )
        elif connection.vendor == "sqlite":
            cursor.execute(
                "UPDATE sqlite_sequence SET seq = MAX(seq, %s) WHERE name = %s",
                [highest_key, table],
            )
            if cursor.rowcount == 0:
                cursor.execute(
                    "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, highest_key]
                )
