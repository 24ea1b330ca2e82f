"""``manage.py create_reset_token LOGIN_OR_EMAIL [--send]``: a reset token for support staff."""

from django.core.management.base import CommandError
from django.db import transaction

from customers import outgoing_mail
from customers.hooks import CUSTOMER_PASSWORD_RESET_AFTER_POST, send_reset_link
from customers.management.base import CustomerCommand
from customers.password_reset import default_token_generator
from shopsite.api.faults import HookStatus
from shopsite.api.serializers import format_datetime


class Command(CustomerCommand):
    help = (
        "Create a password reset token for a customer, named by login or email, and print "
        "it with its expiry. The customer's older reset tokens stop working. With --send "
        "a mail with the reset link is also queued for the customer (the "
        f"{CUSTOMER_PASSWORD_RESET_AFTER_POST} hook, as POST "
        "/customers/{id}/password_reset does); a worker delivers it. Exits non-zero when "
        "no mail could be queued."
    )

    def add_arguments(self, parser):
        parser.add_argument("identification", metavar="LOGIN_OR_EMAIL")
        parser.add_argument(
            "--send", action="store_true", help="Mail the reset link to the customer too."
        )
        super().add_arguments(parser)

    def handle(self, *args, identification, send, site, **options):
        customer = self.customer_by_login_or_email(self.get_site(site), identification)
        if send and not customer.email:
            raise CommandError(f"Customer '{customer.login}' has no email address to send to.")
        try:
            # The token and its queued mail commit together; a failing hook undoes both.
            with transaction.atomic(), outgoing_mail.requested() as mail_request:
                if send:
                    issued = send_reset_link(customer)
                    if not mail_request.queued:
                        raise CommandError(
                            f"{CUSTOMER_PASSWORD_RESET_AFTER_POST} queued no mail; "
                            "no token was created."
                        )
                else:
                    issued = default_token_generator.make_token(customer)
        except HookStatus as exc:
            raise CommandError(
                f"{exc.arguments['extensionPoint']} failed: {exc.arguments['statusMessage']}"
            ) from None
        self.stdout.write(f"Reset token for {customer.login}: {issued.token}")
        self.stdout.write(
            f"Expires at {format_datetime(issued.expires_at)} "
            f"(in {issued.lifetime_minutes} minutes)."
        )
        if send:
            mail = mail_request.queued[-1]
            self.stdout.write(
                self.style.SUCCESS(
                    f"Reset mail queued for {mail.recipient} (outgoing mail #{mail.pk})."
                )
            )
