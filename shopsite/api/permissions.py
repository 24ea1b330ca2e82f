"""Who may call what: customers (guest or registered, or an agent on behalf of one) and
agents (OAuth tokens of staff users), decided here and nowhere else.

Permissions raise OCAPI faults themselves so the status and type are exactly those the
documentation lists, rather than DRF's generic 401/403.

An agent is any principal with ``is_agent`` (``agents.principal.Agent``). A view says what
an agent needs with ``agent_permissions_for(request)`` (``OcapiViewMixin``): Django
permission names, or ``None`` where the documentation lists customer JWTs only.
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


class IsCustomer(BasePermission):
    """A valid customer token (guest or registered), or a permitted agent token."""

    def has_permission(self, request, view):
        principal = authenticated_customer(request)
        if principal is None:
            raise faults.Unauthorized()
        if is_agent(principal):
            check_agent_permissions(request, view)
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
