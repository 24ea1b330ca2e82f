"""What staff can do to a customer from the admin, one function each, each checking its
permission and recording itself in the agent audit log.

The customer admin calls these from its list actions and from the buttons on the customer
page, so both paths behave the same.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction

from customers import obo, outgoing_mail
from customers.hooks import send_reset_link
from customers.models import Customer, CustomerNote
from customers.permissions import ADD_CUSTOMER_NOTE, CHANGE_CUSTOMER, CREATE_ORDER_ON_BEHALF_OF
from shopsite.accounts import audit
from shopsite.api import faults
from shopsite.api.models import ApiClient


def require(request, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied(f"This needs the permission {permission}.")


@dataclass
class OnBehalfToken:
    token: str
    expires_at: datetime
    api_client: ApiClient


def act_on_behalf(request, customer: Customer, api_client: ApiClient) -> OnBehalfToken:
    """An on-behalf-of token for the logged-in staff user, as the Shop API would issue it."""
    require(request, CREATE_ORDER_ON_BEHALF_OF)
    if not customer.can_be_acted_on_behalf_of:
        raise ValueError("Only registered, enabled customers can be acted on behalf of.")
    with transaction.atomic():
        token, expires_at = obo.issue(customer, api_client.client_id, request.user)
        audit.record_admin_action(
            request,
            customer,
            f"On-behalf-of token for client {api_client.client_id}",
            action=audit.OBO_TOKEN,
        )
    return OnBehalfToken(token, expires_at, api_client)


@transaction.atomic
def send_password_reset(request, customer: Customer) -> None:
    """A reset token handed to ``dw.ocapi.shop.customer.password_reset.afterPOST``, whose
    default implementation queues the customer a mail with the reset link (the token is
    never shown). The audit entry says "queued"; the worker adds "delivered" or "failed"."""
    require(request, CHANGE_CUSTOMER)
    if customer.is_guest or not customer.email:
        raise ValueError(f"{customer} has no login or no email address.")
    try:
        with outgoing_mail.requested(by=request.user) as mail_request:
            send_reset_link(customer)
    except faults.OcapiFault as fault:
        raise ValueError(fault.message) from None
    if not mail_request.queued:
        raise ValueError("The password reset hook queued no mail.")
    mail = mail_request.queued[-1]
    audit.record_admin_action(request, customer, f"Password reset email queued (mail #{mail.pk})")


@transaction.atomic
def unlock(request, customer: Customer) -> None:
    require(request, CHANGE_CUSTOMER)
    customer.unlock()
    audit.record_admin_action(request, customer, "Account unlocked")


@transaction.atomic
def set_enabled(request, customer: Customer, enabled: bool) -> None:
    """Disabling refuses the customer's logins and every token it holds at once
    (authentication only accepts enabled customers)."""
    require(request, CHANGE_CUSTOMER)
    customer.enabled = enabled
    customer.save(update_fields=["enabled", "last_modified"])
    audit.record_admin_action(request, customer, "Enabled" if enabled else "Disabled")


@transaction.atomic
def add_note(request, customer: Customer, text: str) -> CustomerNote:
    """Append a note to the customer's history; the audit entry says a note was added
    (the text is in the note, not copied into the log)."""
    require(request, ADD_CUSTOMER_NOTE)
    note = CustomerNote.objects.create(
        customer=customer,
        author=request.user,
        author_name=request.user.get_username(),
        text=text,
    )
    audit.record_admin_action(request, customer, "Note added")
    return note
