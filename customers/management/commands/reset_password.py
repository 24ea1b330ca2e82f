"""``manage.py reset_password LOGIN --token TOKEN``: set a new password with a reset token."""

import getpass
import sys

from django.core.management.base import CommandError

from customers.management.base import CustomerCommand
from customers.passwords import reset_password
from shopsite.api.faults import OcapiFault


class Command(CustomerCommand):
    help = (
        "Set a customer's new password with a reset token (see create_reset_token). The "
        "password is never an argument (it would stay in the shell history and the process "
        "list): it is prompted for on a terminal, else read from the first line of stdin. "
        "It must pass the password validators; every session of the customer ends."
    )
    # call_command(..., stdin=...) in tests, as Django's createsuperuser allows.
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        parser.add_argument("login", metavar="LOGIN")
        parser.add_argument("--token", required=True, help="The password reset token.")
        super().add_arguments(parser)

    def handle(self, *args, login, token, site, **options):
        customer = self.customer_by_login(self.get_site(site), login)
        new_password = self.read_password(options.get("stdin") or sys.stdin)
        try:
            reset_password(customer, token, new_password)
        except OcapiFault as fault:
            raise CommandError(fault.message) from None
        self.stdout.write(self.style.SUCCESS(f"Password of {customer.login} changed."))

    def read_password(self, stdin) -> str:
        if stdin.isatty():
            password = getpass.getpass("New password: ")
            if password != getpass.getpass("New password (again): "):
                raise CommandError("The passwords do not match.")
        else:
            password = stdin.readline().rstrip("\r\n")
        if not password:
            raise CommandError("No password given.")
        return password
