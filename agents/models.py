"""What the agents app stores: staff login lockout. (The audit log of agent activity is in
``shopsite.accounts``, below customers, whose views and admin write to it.)"""

from django.conf import settings
from django.db import models

from shopsite.accounts.lockout import LoginLockout


class StaffLoginState(LoginLockout):
    """A staff user's failed OAuth logins, counted and locked exactly as a customer's are.

    A separate row rather than columns on ``auth.User``, so the project keeps Django's
    user model; created on an active staff user's first OAuth login.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="login_state",
    )

    class Meta:
        verbose_name = "staff login state"

    def __str__(self):
        return f"login state of {self.user}"
