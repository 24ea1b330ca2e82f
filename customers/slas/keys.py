"""SLAS signing keys: ES256 key pairs stored in the database, shared by every app server.

Private keys are encrypted at rest with ``customers.crypto`` (the project's
``PAYMENT_ENCRYPTION_KEY`` material). The newest key that is not retired signs; the JWKS
lists it and every retired key whose tokens may still be alive (retired less than an
access-token lifetime ago), so a rotation never breaks a token in flight.

Public keys never change for a ``kid``, so each process keeps the ones it has loaded
(``_public_key``); that is a cache of immutable data, not state.
"""

import secrets
from datetime import timedelta
from functools import lru_cache

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from jwt.algorithms import ECAlgorithm

from customers import crypto
from customers.models import SlasSigningKey
from shopsite.api.context import context_cache

ALGORITHM = "ES256"


def access_token_lifetime() -> timedelta:
    return timedelta(minutes=settings.SCAPI["ACCESS_TOKEN_MINUTES"])


def create_key() -> SlasSigningKey:
    private = ec.generate_private_key(ec.SECP256R1())
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    kid = secrets.token_hex(16)
    jwk = ECAlgorithm.to_jwk(private.public_key(), as_dict=True)
    jwk.update({"kid": kid, "use": "sig", "alg": ALGORITHM})
    return SlasSigningKey.objects.create(
        kid=kid, algorithm=ALGORITHM, private_key_encrypted=crypto.encrypt(pem), public_jwk=jwk
    )


def rotate() -> SlasSigningKey:
    """A new signing key; every older one is retired (kept in the JWKS for a while)."""
    with transaction.atomic():
        SlasSigningKey.objects.filter(retired_at__isnull=True).update(retired_at=timezone.now())
        key = create_key()
    context_cache.clear()
    return key


def current_key() -> SlasSigningKey | None:
    return SlasSigningKey.objects.filter(retired_at__isnull=True).first()


def signing_key() -> tuple[str, object]:
    """``(kid, private key)`` of the key that signs now, created on first use. Each process
    keeps it like sites and clients (``OCAPI["CONTEXT_CACHE_SECONDS"]``): after a rotation
    the other servers sign with the new key within that time (both keys verify)."""
    key = context_cache.get("slas-signing-key", "current", current_key)
    if key is None:
        with transaction.atomic():
            # Two servers starting at once may both create one: the newest simply wins.
            key = create_key()
    return key.kid, _private_key(key.kid, key.private_key_encrypted)


@lru_cache(maxsize=16)
def _private_key(kid: str, encrypted: str):
    return serialization.load_pem_private_key(crypto.decrypt(encrypted).encode(), password=None)


def published() -> list[dict]:
    """The JWKS ``keys``: the signing key and the retired keys whose tokens may live."""
    horizon = timezone.now() - access_token_lifetime()
    keys = SlasSigningKey.objects.exclude(retired_at__lt=horizon)
    return [key.public_jwk for key in keys]


_public_keys: dict[str, object] = {}


def public_key(kid: str):
    """The public key ``kid`` names, or ``None``. A key retired by a rotation still verifies
    the tokens it signed: their own ``exp`` ends them. Unknown ids are not remembered, so a
    key created by another server is found on its first token."""
    if not isinstance(kid, str) or len(kid) > 64:
        return None
    key = _public_keys.get(kid)
    if key is None:
        row = SlasSigningKey.objects.filter(kid=kid).first()
        if row is None:
            return None
        key = _public_keys[kid] = ECAlgorithm.from_jwk(row.public_jwk)
    return key
