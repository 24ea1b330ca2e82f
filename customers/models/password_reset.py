"""Password reset tokens: random, stored hashed, single use, expiring."""

import hashlib

from django.db import models
from django.utils import timezone


class PasswordResetTokenQuerySet(models.QuerySet):
    def usable(self, now=None):
        return self.filter(used_at__isnull=True, expires_at__gt=now or timezone.now())

    def purgeable(self, now=None):
        return self.filter(
            models.Q(used_at__isnull=False) | models.Q(expires_at__lte=now or timezone.now())
        )


class PasswordResetToken(models.Model):
    """One reset token of one customer.

    Only a SHA-256 digest of the token is stored: the token itself is handed to the
    ``password_reset.afterPOST`` hook (the reset mail) or returned once by
    ``create_reset_token``, and a database leak reveals no usable token. A token is
    single use (``used_at``) and expires (``expires_at``); issuing a new one marks the
    customer's older tokens used, so only the newest works.
    """

    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.CASCADE, related_name="password_reset_tokens"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    objects = PasswordResetTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]

    def __str__(self):
        return f"reset token of {self.customer} (expires {self.expires_at:%Y-%m-%d %H:%M})"

    @staticmethod
    def digest(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()
