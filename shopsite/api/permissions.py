"""Who may call what. Permissions raise OCAPI faults themselves so the status and type are
exactly those the documentation lists, rather than DRF's generic 401/403."""

from rest_framework.permissions import BasePermission

from shopsite.api import faults


def authenticated_customer(request):
    user = getattr(request, "user", None)
    return user if getattr(user, "is_authenticated", False) else None


class IsCustomer(BasePermission):
    """A valid customer token (guest or registered) is required."""

    def has_permission(self, request, view):
        if authenticated_customer(request) is None:
            raise faults.Unauthorized()
        return True


class IsRegisteredCustomer(IsCustomer):
    """Resources that only make sense for a registered customer (address book, password)."""

    def has_permission(self, request, view):
        super().has_permission(request, view)
        if request.user.is_guest:
            raise faults.Forbidden("This resource requires a registered customer.")
        return True
