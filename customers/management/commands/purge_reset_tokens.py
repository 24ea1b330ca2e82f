"""``manage.py purge_reset_tokens``: delete reset tokens that can never work again."""

from django.core.management.base import BaseCommand

from customers import purges, tasks


class Command(BaseCommand):
    help = (
        "Delete used and expired password reset tokens and print how many. Safe to run at "
        "any time (e.g. daily from cron): a token that can still be used is kept. With "
        "--enqueue, queue it as a task for the workers instead."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue", action="store_true", help="Queue the purge as a task and return."
        )

    def handle(self, *args, enqueue, **options):
        if enqueue:
            result = tasks.purge_reset_tokens.enqueue()
            self.stdout.write(f"Queued the reset token purge (task {result.id}).")
            return
        deleted = purges.purge_reset_tokens()
        self.stdout.write(f"Deleted {deleted} used or expired password reset token(s).")
