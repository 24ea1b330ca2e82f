"""``manage.py export_customers > FILE.xml``: the customer base as Commerce Cloud XML."""

from datetime import UTC, datetime, time

from django.core.management.base import CommandError
from django.db.models import Exists, OuterRef, Q

from customers.impex.exporter import xml_chunks
from customers.management.base import CustomerCommand, positive_int
from customers.models import Customer, CustomerAddress


def instant(text: str) -> datetime:
    """A date (from its midnight, UTC) or an ISO date and time."""
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(text) from None
    if len(text) <= 10:
        value = datetime.combine(value.date(), time())
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


class Command(CustomerCommand):
    help = (
        "Write a site's customers as Commerce Cloud customer XML (namespace "
        "impex/customer/2006-10-31) to stdout or --output: credentials without passwords, "
        "profile, custom attributes and address book. Streamed: memory stays the same "
        "whatever the number of customers."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--registered-only", action="store_true", help="Leave guest customers out."
        )
        parser.add_argument(
            "--since",
            type=instant,
            metavar="DATE",
            help="Only customers changed (or whose addresses changed) since DATE "
            "(YYYY-MM-DD or an ISO date and time; UTC unless it says otherwise).",
        )
        parser.add_argument("--output", metavar="FILE", help="Write to FILE instead of stdout.")
        parser.add_argument(
            "--chunk-size",
            type=positive_int,
            default=2000,
            metavar="N",
            help="Customers read per query (default 2000).",
        )
        super().add_arguments(parser)

    def handle(self, *args, registered_only, since, output, chunk_size, site, **options):
        customers = Customer.objects.for_site(self.get_site(site))
        if registered_only:
            customers = customers.registered()
        if since is not None:
            changed_address = CustomerAddress.objects.filter(
                customer=OuterRef("pk"), last_modified__gte=since
            )
            customers = customers.filter(Q(last_modified__gte=since) | Exists(changed_address))
        try:
            out = open(output, "w", encoding="utf-8") if output else None  # noqa: SIM115
        except OSError as exc:
            raise CommandError(f"Cannot write {output}: {exc.strerror or exc}") from None
        try:
            for piece in xml_chunks(customers, chunk_size):
                if out is None:
                    self.stdout.write(piece, ending="")
                else:
                    out.write(piece)
        finally:
            if out is not None:
                out.close()
