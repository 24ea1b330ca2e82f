"""``manage.py send_reset_mails``: invite imported customers to set a password, in batches.

Customers imported with a Commerce Cloud password hash have no usable password
(``import_customers`` never stores a foreign hash). Each can use "forgot password" on the
storefront; this command queues them all the reset mail instead, the way ``POST
/customers/{id}/password_reset`` does (the ``dw.ocapi.shop.customer.password_reset.afterPOST``
hook), a batch at a time with a pause between batches so the workers deliver at a pace a
mail provider's rate limit accepts. Each customer is one transaction: a hook failure undoes
that token only. The mails go at bulk priority, behind customers waiting for their own link.

Who is left out is decided from what really happened to earlier mails
(``OutgoingMail``): a mail delivered within ``--skip-recent`` hours, or one still queued or
being sent. A failed, superseded or discarded mail does not count: run the command again
and those customers are queued again.
"""

import time
from datetime import timedelta

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from customers import outgoing_mail
from customers.hooks import send_reset_link
from customers.management.base import CustomerCommand, at_least, positive_int
from customers.models import Customer, OutgoingMail


class Command(CustomerCommand):
    help = (
        "Queue a password reset mail for every enabled customer of the site that has no "
        "usable password (e.g. imported with a Commerce Cloud hash) and an email, in "
        "batches. Customers whose mail was delivered within --skip-recent hours, or is "
        "still queued, are left out, so the command can be run again (or from cron with "
        "--limit) without mailing twice. Prints how many were queued; exits non-zero when "
        "some could not be queued."
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
            "--limit", type=at_least(0), metavar="N", help="Queue at most N customers."
        )
        parser.add_argument(
            "--skip-recent",
            type=at_least(0, float),
            default=24.0,
            metavar="HOURS",
            help="Leave out customers whose reset mail was delivered within HOURS (default 24).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count who would be mailed."
        )
        super().add_arguments(parser)

    def handle(self, *args, batch_size, pause, limit, skip_recent, dry_run, site, **options):
        recently = timezone.now() - timedelta(hours=skip_recent)
        mailed_or_coming = OutgoingMail.objects.filter(
            Q(status__in=OutgoingMail.PENDING)
            | Q(status=OutgoingMail.Status.DELIVERED, delivered_at__gte=recently),
            kind=OutgoingMail.Kind.PASSWORD_RESET,
        )
        waiting = (
            Customer.objects.for_site(self.get_site(site))
            .registered()
            .filter(enabled=True, password__startswith=UNUSABLE_PASSWORD_PREFIX)
            .exclude(email="")
            .exclude(pk__in=mailed_or_coming.values("customer"))
            .order_by("pk")
        )
        if dry_run:
            count = waiting.count()
            self.stdout.write(f"{min(count, limit) if limit is not None else count} to mail.")
            return
        queued = failed = 0
        last_pk = 0
        while limit is None or queued + failed < limit:
            size = batch_size if limit is None else min(batch_size, limit - queued - failed)
            batch = list(waiting.filter(pk__gt=last_pk)[:size])
            if not batch:
                break
            for customer in batch:
                problem = self.queue_one(customer)
                if problem is None:
                    queued += 1
                else:
                    failed += 1
                    self.stderr.write(f"{customer.login}: {problem} (not queued)")
            last_pk = batch[-1].pk
            if len(batch) == size and pause:
                time.sleep(pause)
        self.stdout.write(f"Queued a reset mail for {queued} customer(s); {failed} not queued.")
        if failed:
            raise CommandError(f"{failed} reset mail(s) could not be queued.")

    def queue_one(self, customer: Customer) -> str | None:
        """Queue ``customer``'s reset mail in one transaction; what went wrong, if anything."""
        try:
            with (
                transaction.atomic(),
                outgoing_mail.requested(priority=outgoing_mail.BULK_PRIORITY) as mail_request,
            ):
                send_reset_link(customer)
                if not mail_request.queued:
                    raise LookupError("the reset hook queued no mail")
        except Exception as exc:
            return getattr(exc, "arguments", {}).get("statusMessage") or str(exc)
        return None
