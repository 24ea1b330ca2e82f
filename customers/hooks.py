"""The hook implementations shopsite ships for the Customers resource.

Commerce Cloud implements a few extension points itself and lets a cartridge replace
them; these are shopsite's, registered as *defaults* in ``CustomersConfig.ready()``. They
run after any hook a project registers, so a project hook that returns ``Status.ok()``
replaces them; ``OCAPI["DEFAULT_HOOKS"]`` swaps one for another dotted path or turns it off
with ``None``::

    OCAPI = {"DEFAULT_HOOKS": {PASSWORD_RESET_AFTER_POST: "myshop.hooks.reset_sms"}}
"""

import logging

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError

from customers import outgoing_mail
from customers.models import Customer
from customers.password_reset import default_token_generator
from customers.passwords import set_new_password
from shopsite.api import hooks as api_hooks
from shopsite.api.hooks import Status

logger = logging.getLogger("shopsite.customers")

# Extension point names and status codes, not secrets (hence the S105 exemptions).
PUT_PASSWORD = "dw.ocapi.shop.customer.putPassword"  # noqa: S105
PASSWORD_RESET_AFTER_POST = "dw.ocapi.shop.customers.password_reset.afterPOST"  # noqa: S105
CUSTOMER_PASSWORD_RESET_AFTER_POST = "dw.ocapi.shop.customer.password_reset.afterPOST"  # noqa: S105


def send_reset_link(customer: Customer):
    """A new reset token for ``customer``, handed to ``CUSTOMER_PASSWORD_RESET_AFTER_POST``,
    whose default implementation queues the customer a mail with the link; returns the token.

    What staff's "Send password reset email", ``create_reset_token --send`` and
    ``send_reset_mails`` all do, as ``POST /customers/{id}/password_reset`` does. Call it in
    a transaction: an error status raises ``HookStatus``, and the token must go with it.
    """
    issued = default_token_generator.make_token(customer)
    api_hooks.call_hook(CUSTOMER_PASSWORD_RESET_AFTER_POST, customer, issued.token)
    return issued


# Status codes of the password change, worded as the documentation's sample words them
# (its code and message are both "The new password is empty.").
NEW_PASSWORD_EMPTY = "The new password is empty."  # noqa: S105
CURRENT_PASSWORD_WRONG = "The current password is not correct."  # noqa: S105
NEW_PASSWORD_INVALID = "The new password does not match the acceptance criteria."  # noqa: S105


def change_password(customer: Customer, password_change_request: dict) -> Status | None:
    """Default ``dw.ocapi.shop.customer.putPassword``: check and store the new password.

    The documentation describes this default: it changes the authenticated customer's
    password and, on failure, answers an error status, which the client receives as a
    ``HookStatusException`` naming ``dw.ocapi.shop.customer.putPassword``. A project whose
    passwords live in another system replaces it (``OCAPI["DEFAULT_HOOKS"]``).
    """
    new_password = password_change_request.get("password") or ""
    current_password = password_change_request.get("current_password") or ""
    if not new_password:
        return Status.error(NEW_PASSWORD_EMPTY)
    if not customer.check_password(current_password):
        return Status.error(CURRENT_PASSWORD_WRONG)
    try:
        password_validation.validate_password(new_password, user=customer)
    except ValidationError as exc:
        reason = " ".join(exc.messages)
        return Status.error(NEW_PASSWORD_INVALID, f"{NEW_PASSWORD_INVALID[:-1]}: {reason}")
    set_new_password(customer, new_password)
    return None


def send_password_reset_mail(customer: Customer, reset_token: str) -> Status | None:
    """Default ``password_reset.afterPOST``: queue the customer a mail with the reset link.

    Nothing is sent in the request: the mail is an ``OutgoingMail`` row (and, with the
    database task backend, its task) written in the request's transaction, so a reset that
    is rolled back (a later hook failed) queues nothing, and a committed one always has its
    mail queued, whatever the SMTP server does. The request answers in the same time
    whether or not it found an account and however slow the mail server is; a worker
    delivers, retries and records the outcome (``customers.outgoing_mail``). The token is
    never logged.
    """
    if not customer.email:
        logger.warning("No reset mail for customer %s: no email address", customer.customer_no)
        return None
    outgoing_mail.queue_reset_mail(customer, reset_token)
    return None
