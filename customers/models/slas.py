"""What SLAS (``customers.slas``) keeps between requests: its signing keys, authorization
codes and refresh tokens. Every app server reads the same rows, so none holds state.

Codes and refresh tokens are stored as SHA-256 digests: a database dump reveals nothing a
client could present. Private keys are encrypted at rest with the project's key material
(``customers.crypto``, ``PAYMENT_ENCRYPTION_KEY``).
"""

import hashlib

from django.db import models
from django.utils import timezone

from customers.models.customer import Customer
from shopsite.api.models import Site


def digest(secret: str) -> str:
    """The stored form of a code or refresh token (high-entropy: a plain hash suffices)."""
    return hashlib.sha256(secret.encode()).hexdigest()


class SlasSigningKey(models.Model):
    """An asymmetric key signing SLAS access tokens (ES256).

    The newest active key signs. ``manage.py rotate_slas_keys`` adds a key and retires the
    others; a retired key's public half stays in the JWKS until the tokens it signed have
    expired, so verifiers never meet a ``kid`` they cannot resolve.
    """

    kid = models.CharField(max_length=64, unique=True)
    algorithm = models.CharField(max_length=8, default="ES256")
    #: PEM private key, encrypted (``customers.crypto``).
    private_key_encrypted = models.TextField()
    #: The public key as a JWK (no private member), served by ``/oauth2/jwks``.
    public_jwk = models.JSONField()
    created = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = "SLAS signing key"

    def __str__(self):
        return self.kid


class SlasAuthorizationCode(models.Model):
    """A code ``authorize``/``login`` redirect with: single-use, short-lived, bound to the
    client, the redirect URI and (public clients) the PKCE challenge."""

    code_digest = models.CharField(max_length=64, unique=True)
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="+")
    client_id = models.CharField(max_length=64)
    redirect_uri = models.TextField()
    code_challenge = models.CharField(max_length=128, blank=True)
    usid = models.CharField(max_length=64)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"code for {self.customer_id}"


class SlasRefreshTokenQuerySet(models.QuerySet):
    def live(self):
        return self.filter(used_at__isnull=True, expires_at__gt=timezone.now())


class SlasRefreshToken(models.Model):
    """An opaque refresh token. Single use: redeeming it marks it used and issues the next
    one of its ``family`` (one login's chain). Presenting a used one again means a copy
    leaked, so the whole family is revoked, as SLAS does."""

    token_digest = models.CharField(max_length=64, unique=True)
    family = models.CharField(max_length=64, db_index=True)
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="+")
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="+")
    client_id = models.CharField(max_length=64)
    usid = models.CharField(max_length=64, db_index=True)
    #: The staff user acting (trusted agent on behalf), as the OCAPI ``agent`` claim.
    agent = models.JSONField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(db_index=True)
    used_at = models.DateTimeField(null=True, blank=True)

    objects = SlasRefreshTokenQuerySet.as_manager()

    def __str__(self):
        return f"refresh token of {self.customer_id}"
