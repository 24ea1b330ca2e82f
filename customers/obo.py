"""On-behalf-of tokens: a customer JWT that also names the agent acting for the customer.

It is the customer's token in every respect (same claims, same checks, same endpoints),
plus the ``agent`` claim ``{"id": <staff user pk>, "login": <username>}``. While it is in
use, the agent must still be an active staff user holding ``create_order_on_behalf_of``:
taking the permission away ends every on-behalf-of token of that agent.

What the token may do is also capped by the agent's own permissions on customers: reading
needs ``view_customer``, writing ``change_customer`` too, exactly as with the agent's own
OAuth token (``shopsite.api.permissions.IsCustomer``). The token acts as the customer, not
beyond what the agent may do.

Nothing derives from it, as in Commerce Cloud, whose documentation renews an on-behalf-of
token by "calling this resource once more" (``POST /customers/{customer_id}/auth``, with
the agent's OAuth token): ``type: refresh`` refuses it (``customers.auth``) and
``POST /sessions`` will not turn it into storefront cookies (``IsCustomerThemselves``).
Every token acting for the customer is thus one the agent obtained, with the agent's claim,
its own expiry and its audit entry, and ends with the agent.
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


def is_on_behalf(token) -> bool:
    """Whether a verified customer token was issued to an agent on behalf of the customer."""
    return token.payload.get("agent") is not None


def acting_agent(token):
    """The staff user an on-behalf-of token names, ``None`` for a customer's own token."""
    claim = token.payload.get("agent")
    if claim is None:
        return None
    user = active_staff_user(claim.get("id") if isinstance(claim, dict) else None)
    if not user.has_perm(CREATE_ORDER_ON_BEHALF_OF):
        raise faults.InvalidAccessToken()
    return user
