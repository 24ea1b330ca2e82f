"""``manage.py purge_reset_tokens``: delete reset tokens that can never work again."""

from django.core.management.base import BaseCommand

from customers.password_reset import default_token_generator


class Command(BaseCommand):
    help = (
        "Delete used and expired password reset tokens and print how many. Safe to run at "
        "any time (e.g. daily from cron): a token that can still be used is kept."
    )

    def handle(self, *args, **options):
        deleted = default_token_generator.purge()
        self.stdout.write(f"Deleted {deleted} used or expired password reset token(s).")
