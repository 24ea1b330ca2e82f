"""Who may call what: customers (guest or registered, or an agent on behalf of one) and
agents (OAuth tokens of staff users), decided here and nowhere else.

Permissions raise OCAPI faults themselves so the status and type are exactly those the
documentation lists, rather than DRF's generic 401/403.

An agent is any principal with ``is_agent`` (``agents.principal.Agent``). A view says what
an agent needs with ``agent_permissions_for(request)`` (``OcapiViewMixin``): Django
permission names, or ``None`` where the documentation lists customer JWTs only.

An on-behalf-of token (a customer principal whose ``acting_agent`` is the staff user it
names, ``customers.obo``) needs the same permissions of its agent as the agent's own token
would on that view: it acts as the customer, never beyond what the agent may do.
"""

from rest_framework.permissions import BasePermission

from shopsite.api import faults


def authenticated_customer(request):
    """The authenticated principal (customer or agent), or ``None``."""
    user = getattr(request, "user", None)
    return user if getattr(user, "is_authenticated", False) else None


def is_agent(principal) -> bool:
    return getattr(principal, "is_agent", False)


def check_agent_permissions(request, view) -> None:
    """403 unless the view accepts agents and the agent's user holds its permissions."""
    required = view.agent_permissions_for(request)
    if required is None:
        raise faults.Forbidden("This resource accepts customer tokens (JWT) only, not agents.")
    if not request.user.has_perms(required):
        raise faults.Forbidden(
            f"The agent lacks the permission required here: {', '.join(sorted(required))}."
        )


def acting_agent(principal):
    """The staff user an on-behalf-of token acts for, ``None`` for any other principal."""
    return getattr(principal, "acting_agent", None)


def check_on_behalf_permissions(request, view, agent) -> None:
    """403 unless the agent behind an on-behalf-of token holds what its own token would
    need here (views for customer tokens only, ``None``, ask nothing more)."""
    required = view.agent_permissions_for(request)
    if required and not agent.has_perms(required):
        raise faults.Forbidden(
            "The agent acting on behalf of the customer lacks the permission required here: "
            f"{', '.join(sorted(required))}."
        )


class IsCustomer(BasePermission):
    """A valid customer token (guest or registered), or a permitted agent token; an
    on-behalf-of token within its agent's permissions."""

    def has_permission(self, request, view):
        principal = authenticated_customer(request)
        if principal is None:
            raise faults.Unauthorized()
        if is_agent(principal):
            check_agent_permissions(request, view)
        elif acting_agent(principal) is not None:
            check_on_behalf_permissions(request, view, acting_agent(principal))
        return True


class IsCustomerThemselves(IsCustomer):
    """A customer's own token, not one an agent holds on the customer's behalf: for what
    would outlive the agent's token (``POST /sessions``, storefront cookies)."""

    def has_permission(self, request, view):
        super().has_permission(request, view)
        if acting_agent(request.user) is not None:
            raise faults.Forbidden("An on-behalf-of token cannot open a storefront session.")
        return True


class IsRegisteredCustomer(IsCustomer):
    """Resources that only make sense for a registered customer (address book, password)."""

    def has_permission(self, request, view):
        super().has_permission(request, view)
        if request.user.is_guest:
            raise faults.Forbidden("This resource requires a registered customer.")
        return True


class IsAgent(BasePermission):
    """Agent-only resources (``POST /customers/{customer_id}/auth``)."""

    def has_permission(self, request, view):
        principal = authenticated_customer(request)
        if principal is None:
            raise faults.Unauthorized()
        if not is_agent(principal):
            raise faults.Forbidden("This resource requires an agent (OAuth) token.")
        check_agent_permissions(request, view)
        return True
