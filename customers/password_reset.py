"""Password reset tokens: how they are made, checked and used up.

Modelled on Django's ``PasswordResetTokenGenerator``: one small strategy object with a
narrow interface (``make_token``, ``check_token``, ``consume``), constant-time comparison
and a ``_now()`` seam for tests. Unlike Django's stateless HMAC tokens these are random
and kept in the database (``PasswordResetToken``), because OCAPI's contract needs what a
stateless token cannot give:

* *single use*: ``consume`` marks the row used with a conditional UPDATE, so of two
  concurrent requests presenting the same token exactly one succeeds;
* *a new token supersedes older ones*: ``make_token`` marks the customer's unused tokens
  used before storing the new one, so only the newest link in a mailbox works;
* *expiry* after ``OCAPI["RESET_TOKEN_LIFETIME_MINUTES"]`` (default 30);
* *no usable secret at rest*: only a SHA-256 digest is stored. The token is 256 random
  bits, so a fast hash is enough (nothing to brute-force, unlike a password).

Every app server shares the table, so a token made by one is accepted by any other.
The token itself is returned once and must never be logged.
"""

import hmac
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from customers.models import Customer, PasswordResetToken
from shopsite.api import faults


@dataclass(frozen=True)
class IssuedToken:
    """A token just made: the only place the plain token exists (hidden from ``repr``)."""

    token: str = field(repr=False)
    expires_at: datetime
    lifetime_minutes: int


class PasswordResetTokenGenerator:
    """Makes, checks and consumes reset tokens of customers."""

    token_bytes = 32

    def _now(self) -> datetime:
        return timezone.now()

    @property
    def lifetime_minutes(self) -> int:
        return int(settings.OCAPI.get("RESET_TOKEN_LIFETIME_MINUTES", 30))

    def new_token(self) -> str:
        """256 random bits, URL-safe. Hex rather than base64: a token starting with ``-``
        would be taken for an option by ``reset_password --token TOKEN``."""
        return secrets.token_hex(self.token_bytes)

    def make_token(self, customer: Customer) -> IssuedToken:
        """A new token for ``customer``; every older one stops working."""
        now = self._now()
        token = self.new_token()
        expires_at = now + timedelta(minutes=self.lifetime_minutes)
        with transaction.atomic():
            # Lock the customer so that two concurrent requests cannot both leave a usable
            # token behind (a no-op on SQLite, which serialises writers anyway).
            list(Customer.objects.select_for_update().filter(pk=customer.pk).values_list("pk"))
            self.invalidate(customer, now=now)
            PasswordResetToken.objects.create(
                customer=customer,
                token_hash=PasswordResetToken.digest(token),
                expires_at=expires_at,
            )
        return IssuedToken(token, expires_at, self.lifetime_minutes)

    def make_decoy(self) -> None:
        """The token work of ``make_token`` without a customer to store it for.

        A request for an unknown login or email does this instead, so it does not answer
        conspicuously faster than one that found a customer.
        """
        PasswordResetToken.digest(self.new_token())

    def _find(self, customer: Customer | None, token: str) -> PasswordResetToken | None:
        """The unused token row of ``customer`` matching ``token``, compared in constant time.

        Candidates are the customer's unused rows (normally one: a new token supersedes
        the others); every candidate is compared, so the time does not depend on where a
        match is. No customer (unknown login) still hashes the token.
        """
        presented = PasswordResetToken.digest(token or "")
        if customer is None:
            return None
        match = None
        for row in customer.password_reset_tokens.filter(used_at__isnull=True):
            if hmac.compare_digest(row.token_hash, presented):
                match = row
        return match

    def verified(self, customer: Customer | None, token: str) -> PasswordResetToken:
        """The row ``token`` names if ``customer`` may use it now; else the fault to answer."""
        row = self._find(customer, token)
        if row is None:
            raise faults.InvalidResetToken()
        if row.expires_at <= self._now():
            raise faults.ExpiredResetToken()
        return row

    def check_token(self, customer: Customer | None, token: str) -> bool:
        """Whether ``token`` would be accepted for ``customer`` right now (nothing changes)."""
        try:
            self.verified(customer, token)
        except (faults.InvalidResetToken, faults.ExpiredResetToken):
            return False
        return True

    def consume(self, customer: Customer | None, token: str) -> None:
        """Use ``token`` up, or raise ``InvalidResetToken``/``ExpiredResetToken``."""
        row = self.verified(customer, token)
        used = PasswordResetToken.objects.filter(pk=row.pk, used_at__isnull=True).update(
            used_at=self._now()
        )
        if not used:  # a concurrent request consumed it between our read and this write
            raise faults.InvalidResetToken()

    def invalidate(self, customer: Customer, *, now: datetime | None = None) -> int:
        """Mark every unused token of ``customer`` used; how many there were."""
        return customer.password_reset_tokens.filter(used_at__isnull=True).update(
            used_at=now or self._now()
        )

    def purge(self, *, now: datetime | None = None) -> int:
        """Delete used and expired tokens (they can never work again); how many."""
        deleted, _ = PasswordResetToken.objects.purgeable(now or self._now()).delete()
        return deleted


default_token_generator = PasswordResetTokenGenerator()
