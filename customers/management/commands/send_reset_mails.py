"""``manage.py send_reset_mails``: invite imported customers to set a password, in batches.

Customers imported with a Commerce Cloud password hash have no usable password
(``import_customers`` never stores a foreign hash). Each can use "forgot password" on the
storefront; this command mails them all the reset link instead, the way ``POST
/customers/{id}/password_reset`` does (the ``dw.ocapi.shop.customer.password_reset.afterPOST``
hook), a batch at a time with a pause between batches so a mail provider's rate limit is
respected. Each customer is one transaction: a hook failure undoes that token only.
"""

import time
from datetime import timedelta

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import transaction
from django.utils import timezone

from customers.hooks import send_reset_link
from customers.management.base import CustomerCommand, at_least, positive_int
from customers.models import Customer, PasswordResetToken
from shopsite.api.faults import HookStatus


class Command(CustomerCommand):
    help = (
        "Mail a password reset link to every enabled customer of the site that has no "
        "usable password (e.g. imported with a Commerce Cloud hash) and an email, in "
        "batches. Customers mailed a link within --skip-recent hours are left out, so the "
        "command can be run again (or from cron with --limit) without mailing twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=positive_int, default=100, metavar="N")
        parser.add_argument(
            "--pause",
            type=at_least(0, float),
            default=1.0,
            metavar="SECONDS",
            help="Wait between batches (default 1).",
        )
        parser.add_argument(
            "--limit", type=at_least(0), metavar="N", help="Mail at most N customers."
        )
        parser.add_argument(
            "--skip-recent",
            type=at_least(0, float),
            default=24.0,
            metavar="HOURS",
            help="Leave out customers given a reset token within HOURS (default 24).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count who would be mailed."
        )
        super().add_arguments(parser)

    def handle(self, *args, batch_size, pause, limit, skip_recent, dry_run, site, **options):
        recently = timezone.now() - timedelta(hours=skip_recent)
        waiting = (
            Customer.objects.for_site(self.get_site(site))
            .registered()
            .filter(enabled=True, password__startswith=UNUSABLE_PASSWORD_PREFIX)
            .exclude(email="")
            .exclude(
                pk__in=PasswordResetToken.objects.filter(created__gte=recently).values("customer")
            )
            .order_by("pk")
        )
        if dry_run:
            count = waiting.count()
            self.stdout.write(f"{min(count, limit) if limit is not None else count} to mail.")
            return
        mailed = failed = 0
        last_pk = 0
        while limit is None or mailed + failed < limit:
            size = batch_size if limit is None else min(batch_size, limit - mailed - failed)
            batch = list(waiting.filter(pk__gt=last_pk)[:size])
            if not batch:
                break
            for customer in batch:
                try:
                    with transaction.atomic():
                        send_reset_link(customer)
                    mailed += 1
                except HookStatus as exc:
                    failed += 1
                    self.stderr.write(
                        f"{customer.login}: {exc.arguments['statusMessage']} (not mailed)"
                    )
            last_pk = batch[-1].pk
            if len(batch) == size and pause:
                time.sleep(pause)
        self.stdout.write(f"Mailed a reset link to {mailed} customer(s); {failed} failed.")
