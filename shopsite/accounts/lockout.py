"""Failed-login lockout, shared by customers and staff users (Business Manager logins).

One abstract model holds the two columns and the counting, so a customer's credentials
login and a staff user's OAuth login lock out the same way, with the same settings
(``OCAPI["MAX_FAILED_LOGINS"]``, ``OCAPI["LOCKOUT_MINUTES"]``).
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone


class LoginLockout(models.Model):
    failed_login_count = models.PositiveIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)

    #: A boolean field that must be true for the account to log in at all, if any.
    login_enabled_field: str | None = None

    class Meta:
        abstract = True

    def is_locked(self, now=None) -> bool:
        return self.locked_until is not None and self.locked_until > (now or timezone.now())

    # --- single UPDATE statements, safe under concurrent requests ---

    def claim_login_attempt(self, now=None) -> bool:
        """Count a login attempt before its password is checked; False when the account is
        locked or disabled (then no password may be checked at all).

        Counting and locking are one UPDATE statement whose WHERE re-reads the row: under
        concurrent requests the database serializes them, so a burst gets exactly
        ``MAX_FAILED_LOGINS`` password checks before the lock, never more. The attempt that
        reaches the maximum sets the lock; if its password is right, the successful login
        lifts it as it resets the count.
        """
        now = now or timezone.now()
        options = settings.OCAPI
        reaches_maximum = Q(failed_login_count__gte=options["MAX_FAILED_LOGINS"] - 1)
        rows = type(self)._default_manager.filter(pk=self.pk)
        if self.login_enabled_field:
            rows = rows.filter(**{self.login_enabled_field: True})
        claimed = rows.filter(Q(locked_until__isnull=True) | Q(locked_until__lte=now)).update(
            failed_login_count=Case(
                When(reaches_maximum, then=Value(0)), default=F("failed_login_count") + 1
            ),
            locked_until=Case(
                When(
                    reaches_maximum,
                    then=Value(now + timedelta(minutes=options["LOCKOUT_MINUTES"])),
                ),
                default=Value(None),
            ),
        )
        return claimed == 1

    def clear_failed_logins(self) -> None:
        """Forget failed attempts and any lock (a successful login, or staff unlocking)."""
        self.failed_login_count = 0
        self.locked_until = None
        type(self)._default_manager.filter(pk=self.pk).update(
            failed_login_count=0, locked_until=None
        )
