"""``manage.py purge_guests``: delete guests nobody can come back to.

Every ``type: guest`` login stores a customer; without a basket or an order nothing refers
to it once its token has expired (``customers.purges``). ``--enqueue`` hands the work to the
task queue instead (``customers.tasks.purge_guests``), for a cron line that should return
at once and let a worker do it.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from customers import purges, tasks
from customers.management.base import at_least, positive_int


class Command(BaseCommand):
    help = (
        "Delete guest customers with no basket and no order that were last modified more "
        "than --days ago (default OCAPI['GUEST_RETENTION_DAYS']), in batches, and print how "
        "many. Safe to run at any time, e.g. daily from cron. With --enqueue, queue it as a "
        "task for the workers instead."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=at_least(0), default=settings.OCAPI["GUEST_RETENTION_DAYS"]
        )
        parser.add_argument("--batch-size", type=positive_int, default=1000)
        parser.add_argument(
            "--enqueue", action="store_true", help="Queue the purge as a task and return."
        )

    def handle(self, *args, days, batch_size, enqueue, **options):
        if enqueue:
            result = tasks.purge_guests.enqueue(days=days, batch_size=batch_size)
            self.stdout.write(f"Queued the guest purge (task {result.id}).")
            return
        deleted, idle_since = purges.purge_guests(days, batch_size)
        self.stdout.write(f"Deleted {deleted} guest customer(s) idle since {idle_since:%Y-%m-%d}.")
