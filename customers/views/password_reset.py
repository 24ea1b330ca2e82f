"""Starting a password reset: ``POST /customers/password_reset`` (anyone, by login or
email) and ``POST /customers/{customer_id}/password_reset`` (the customer itself).

Both make a reset token and hand it, with the customer, to their ``afterPOST`` hook; the
default implementation queues the customer a reset mail (``customers.hooks``). The token
never appears in a response: only whoever reads the customer's mailbox gets it.
"""

import time

from django.conf import settings

from customers.models import Customer
from customers.password_reset import default_token_generator
from customers.serializers.password import PasswordResetSerializer
from customers.views.base import CustomerScopedViewSet
from shopsite.api.permissions import IsRegisteredCustomer
from shopsite.api.views import OcapiGenericViewSet


class StartPasswordResetMixin:
    """Issue a token for ``customer`` and run the view's ``afterPOST`` hook with it.

    Both views run their action in one transaction (``OcapiViewMixin``), which the
    documentation asks for ("both hooks are performed in a single transaction"): a hook's
    error status rolls the new token back, and its queued reset mail with it.
    Throttled per client address (``password_reset`` rate): each call may send a mail.
    """

    token_generator = default_token_generator
    throttle_scope = "password_reset"

    def start_reset(self, customer: Customer) -> None:
        issued = self.token_generator.make_token(customer)
        self.call_hook("afterPOST", customer, issued.token)


class PasswordResetViewSet(StartPasswordResetMixin, OcapiGenericViewSet):
    """``POST /customers/password_reset``: only the client id is needed.

    The answer is 204 whether or not an account was found, and an unknown login or email
    does the same token work, so neither the response nor its timing tells an attacker
    which accounts exist. The reset mail is only queued (a worker sends it), so the mail
    server's speed never shows; what remains, the few milliseconds of writing the token and
    its mail, is hidden by answering no sooner than ``OCAPI["PASSWORD_RESET_ANSWER_SECONDS"]``
    after the request arrived (after the commit, so the floor covers it). As documented,
    an email shared by several customers does nothing (it names no one in particular);
    disabled customers get no mail either.
    Customer tokens are not looked at: a stale one must not make the request fail.
    """

    hook_prefix = "dw.ocapi.shop.customers.password_reset"
    authentication_classes = []
    permission_classes = []

    def dispatch(self, request, *args, **kwargs):
        started = time.monotonic()
        response = super().dispatch(request, *args, **kwargs)
        floor = settings.OCAPI["PASSWORD_RESET_ANSWER_SECONDS"]
        remaining = floor - (time.monotonic() - started)
        if remaining > 0:
            time.sleep(remaining)
        return response

    def create(self, request, *args, **kwargs):
        # The documentation validates the document only after beforePOST has seen it.
        self.call_hook("beforePOST", request.data)
        reset = PasswordResetSerializer(data=request.data)
        reset.is_valid(raise_exception=True)
        data = reset.validated_data
        customer = self.identified_customer(data["identification"], by=data["type"])
        if customer is None:
            self.token_generator.make_decoy()
        else:
            self.start_reset(customer)
        return self.no_content()

    def identified_customer(self, identification: str, *, by: str) -> Customer | None:
        """The one enabled, registered customer of the site with that login or email."""
        customers = Customer.objects.for_site(self.request.site).registered().filter(enabled=True)
        if by == "login":
            customers = customers.filter(login__iexact=identification)
        else:
            customers = customers.filter(email__iexact=identification)
        found = list(customers[:2])
        return found[0] if len(found) == 1 else None


class CustomerPasswordResetViewSet(StartPasswordResetMixin, CustomerScopedViewSet):
    """``POST /customers/{customer_id}/password_reset`` with that customer's token."""

    hook_prefix = "dw.ocapi.shop.customer.password_reset"
    permission_classes = [IsRegisteredCustomer]

    def create(self, request, *args, **kwargs):
        customer = self.get_customer(for_update=True)
        self.call_hook("beforePOST", customer)
        self.start_reset(customer)
        return self.no_content()
