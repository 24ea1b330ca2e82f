"""Recording what agents do to customers (``AgentAuditEntry``).

Four kinds of entry: an on-behalf-of token issued, a write through the Shop API with an
agent or on-behalf-of token (with the response status, success or not), a back-office
action, and a change to a staff user's login security (MFA, lockout). Only names, ids,
the method and the path are stored: never a token, a secret, a query string or a request
body.
"""

from typing import NamedTuple

from shopsite.accounts.models import AgentAuditEntry

OBO_TOKEN = AgentAuditEntry.Action.OBO_TOKEN
API_WRITE = AgentAuditEntry.Action.API_WRITE
ADMIN = AgentAuditEntry.Action.ADMIN
STAFF_SECURITY = AgentAuditEntry.Action.STAFF_SECURITY
Via = AgentAuditEntry.Via
VIEW_OWN = "accounts.view_agentauditentry"
VIEW_ALL = "accounts.view_all_agentauditentry"


def visible_entries(user):
    """The entries ``user`` may read: a supervisor (``view_all_agentauditentry``)
    everyone's, an agent (``view_agentauditentry``) its own, anyone else none."""
    entries = AgentAuditEntry.objects.all()
    if user.has_perm(VIEW_ALL):
        return entries
    if user.has_perm(VIEW_OWN):
        return entries.filter(agent=user)
    return entries.none()


class ActingAgent(NamedTuple):
    user: object
    via: str


def acting_agent(principal) -> ActingAgent | None:
    """The staff user behind a request's principal, and how: an agent token, or a
    customer token issued on behalf of the customer. ``None`` for customers themselves."""
    if getattr(principal, "is_agent", False):
        return ActingAgent(principal.user, Via.AGENT_TOKEN) if principal.user else None
    agent = getattr(principal, "acting_agent", None)
    return ActingAgent(agent, Via.OBO_TOKEN) if agent is not None else None


def customer_label(customer) -> str:
    """How staff name a customer: login and customer no, never the random id."""
    if customer is None:
        return ""
    if customer.is_guest:
        return "guest"
    return f"{customer.login} ({customer.customer_no})"


def changed_fields(data) -> str:
    """What a write changed, by property name (the request document's keys: a PATCH's
    are exactly the changed properties). Names only, never a value."""
    if not isinstance(data, dict):
        return ""
    names = sorted(str(name) for name in data if not str(name).startswith("_"))
    return ", ".join(names)


def record(*, user, customer=None, customer_ref="", label="", **fields) -> AgentAuditEntry:
    return AgentAuditEntry.objects.create(
        agent=user,
        agent_login=user.get_username(),
        customer=customer,
        customer_ref=(customer.customer_id if customer is not None else customer_ref)[:256],
        customer_label=(customer_label(customer) or label)[:512],
        **fields,
    )


def record_api_request(request, response, *, agent: ActingAgent, action, customer, customer_ref):
    label = ""
    if customer is None and isinstance(response.data, dict):
        # A customer the request made (an agent registering one): named by the answer.
        customer_ref = customer_ref or str(response.data.get("customer_id", ""))
        if response.data.get("login"):
            label = f"{response.data['login']} ({response.data.get('customer_no', '')})"
    try:
        changed = changed_fields(request.data)
    except Exception:  # an unreadable body: nothing to name
        changed = ""
    return record(
        user=agent.user,
        customer=customer,
        customer_ref=customer_ref,
        label=label,
        action=action,
        via=agent.via,
        site_id=request.site.site_id,
        client_id=request.api_client.client_id,
        method=request.method,
        path=request.path[:512],
        status_code=response.status_code,
        description=f"Fields: {changed}"[:256] if changed else "",
    )


def record_admin_action(request, customer, description: str, *, action=ADMIN):
    """A back-office action on ``customer`` by the logged-in staff user."""
    return record(
        user=request.user,
        customer=customer,
        action=action,
        via=Via.ADMIN,
        site_id=customer.site.site_id,
        description=description[:256],
        method=request.method,
        path=request.path[:512],
    )


def record_staff_security(request, subject, description: str) -> AgentAuditEntry:
    """A change to ``subject``'s login security (a staff user), by the logged-in staff user
    (the subject itself when enrolling)."""
    return record(
        user=request.user,
        action=STAFF_SECURITY,
        via=Via.ADMIN,
        description=f"{description}: {subject.get_username()}"[:256],
        method=request.method,
        path=request.path[:512],
    )
