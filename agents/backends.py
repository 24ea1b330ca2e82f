"""The admin login form's authentication backend: staff users' passwords checked through
the one staff login (``agents.staff_login``), so the admin form and the OAuth user grant
count failures on the same lockout."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from agents import mfa, staff_login


class StaffLoginBackend(ModelBackend):
    """``ModelBackend`` (permissions, ``get_user``) whose password check counts and locks.

    Only active staff users log in here: the project's Django users are staff (customers
    are ``customers.Customer``), and the admin admits no one else. When the login needs a
    second factor, the failure count is cleared once that passes (``agents.admin_views``).
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if username is None or password is None:
            return None
        user = staff_login.check_password(username, password)
        if user is None:
            return None
        if not mfa.asks_admin_login(user):
            staff_login.succeeded(user)
        return user
