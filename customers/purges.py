"""The periodic clean-ups, run by their commands or as tasks (``customers.tasks``)."""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from customers.models import Customer
from customers.password_reset import default_token_generator


def purge_guests(days: int, batch_size: int = 1000) -> tuple[int, datetime]:
    """Delete guests with no basket and no order idle for ``days``, in batches; how many,
    and the idle cut-off. Each batch is one short transaction (its cascade to the guests'
    sessions and tokens included), so a large table is never locked long."""
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
    return deleted, idle_since


def purge_reset_tokens() -> int:
    """Delete used and expired reset tokens (they can never work again); how many."""
    return default_token_generator.purge()
