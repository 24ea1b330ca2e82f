"""Database -> customer XML, streamed in chunks.

Customers are read in primary key order, a chunk at a time (keyset paging: each query
starts after the last key seen, so the thousandth chunk costs what the first did), with
one more query per chunk for the chunk's addresses. Rows are fetched as plain values,
not model instances: exporting is reading and formatting, and instances would only cost
time. Memory holds one chunk, whatever the number of customers.
"""

from collections import defaultdict
from collections.abc import Iterator

from django.db.models.functions import Lower

from customers.impex.names import ADDRESS_MODEL_FIELDS, CUSTOMER_FIELDS
from customers.impex.writer import FOOTER, HEADER, customer_xml
from customers.models import CustomerAddress

CUSTOMER_COLUMNS = ["pk", "customer_no", "customer_id", "is_guest", "login", "custom"]
CUSTOMER_COLUMNS += list(CUSTOMER_FIELDS)
ADDRESS_COLUMNS = ["customer_id", "address_id", "preferred", "custom", *ADDRESS_MODEL_FIELDS]


def xml_chunks(customers, chunk_size: int = 2000) -> Iterator[str]:
    """The document for the customers of the queryset ``customers``, in pieces."""
    yield HEADER
    last_pk = None
    while True:
        chunk = customers.order_by("pk")
        if last_pk is not None:
            chunk = chunk.filter(pk__gt=last_pk)
        rows = list(chunk.values(*CUSTOMER_COLUMNS)[:chunk_size])
        if not rows:
            break
        books = _address_books([row["pk"] for row in rows])
        yield "".join(customer_xml(row, books.get(row["pk"], ())) for row in rows)
        last_pk = rows[-1]["pk"]
    yield FOOTER


def _address_books(customer_pks: list[int]) -> dict[int, list[dict]]:
    """Each customer's addresses in book order: preferred first, then by id."""
    books = defaultdict(list)
    addresses = (
        CustomerAddress.objects.filter(customer_id__in=customer_pks)
        .order_by("customer_id", "-preferred", Lower("address_id"), "address_id")
        .values(*ADDRESS_COLUMNS)
    )
    for address in addresses:
        books[address["customer_id"]].append(address)
    return books
