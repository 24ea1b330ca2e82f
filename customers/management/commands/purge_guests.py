"""``manage.py purge_guests``: delete guests nobody can come back to.

Every ``type: guest`` login stores a customer; without a basket or an order nothing refers
to it once its token has expired. Deleting in batches keeps each transaction (and its
cascade to the guest's sessions and tokens) short on a large table.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from customers.management.base import at_least, positive_int
from customers.models import Customer


class Command(BaseCommand):
    help = (
        "Delete guest customers with no basket and no order that were last modified more "
        "than --days ago (default OCAPI['GUEST_RETENTION_DAYS']), in batches, and print how "
        "many. Safe to run at any time, e.g. daily from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=at_least(0), default=settings.OCAPI["GUEST_RETENTION_DAYS"]
        )
        parser.add_argument("--batch-size", type=positive_int, default=1000)

    def handle(self, *args, days, batch_size, **options):
        idle_since = timezone.now() - timedelta(days=days)
        deleted = 0
        while True:
            batch = list(
                Customer.objects.stale_guests(idle_since)
                .order_by("pk")
                .values_list("pk", flat=True)[:batch_size]
            )
            if not batch:
                break
            with transaction.atomic():
                # Checked again: a guest may have opened a basket since the batch was read.
                stale = Customer.objects.stale_guests(idle_since).filter(pk__in=batch)
                deleted += stale.delete()[1].get(Customer._meta.label, 0)
            if len(batch) < batch_size:
                break
        self.stdout.write(f"Deleted {deleted} guest customer(s) idle since {idle_since:%Y-%m-%d}.")
