"""On-behalf-of tokens: a customer JWT that also names the agent acting for the customer.

It is the customer's token in every respect (same claims, same checks, same endpoints),
plus the ``agent`` claim ``{"id": <staff user pk>, "login": <username>}``. While it is in
use, the agent must still be an active staff user holding ``create_order_on_behalf_of``:
taking the permission away ends every on-behalf-of token of that agent.
"""

from datetime import datetime

from customers import tokens
from customers.permissions import CREATE_ORDER_ON_BEHALF_OF
from shopsite.accounts.staff import active_staff_user
from shopsite.api import faults


def issue(customer, client_id: str, user) -> tuple[str, datetime]:
    """A new on-behalf-of token for ``customer`` by ``user`` and when it expires."""
    token = tokens.CustomerToken.for_customer(
        customer, client_id, agent={"id": user.pk, "login": user.get_username()}
    )
    return str(token), token.expires_at


def acting_agent(token):
    """The staff user an on-behalf-of token names, ``None`` for a customer's own token."""
    claim = token.payload.get("agent")
    if claim is None:
        return None
    user = active_staff_user(claim.get("id") if isinstance(claim, dict) else None)
    if not user.has_perm(CREATE_ORDER_ON_BEHALF_OF):
        raise faults.InvalidAccessToken()
    return user
