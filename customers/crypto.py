"""Payment data at rest: card, bank account, driver's license and gift certificate numbers.

They are stored encrypted with Fernet (``cryptography``: AES-128-CBC plus HMAC-SHA256, a
random IV per value), so a database dump, a backup or a replica reveals none of them.
The key comes from ``settings.PAYMENT_ENCRYPTION_KEY``: one or more keys, comma separated;
the first encrypts, every one decrypts, so a key is rotated by putting the new one first
and re-saving the rows. A value that is not a Fernet key is stretched into one with HKDF,
so a long passphrase works too. Unset, the key is derived from ``SECRET_KEY`` — good enough
for development, and ``manage.py check --deploy`` warns about it.

Reading a row never decrypts: the field hands out a ``SecretValue`` that holds the token
and decrypts only when ``reveal()`` is called. Nothing in shopsite calls it — responses
and the admin show the masked copies stored beside the secret — and the value's ``repr``
and ``str`` are masked, so the plaintext cannot end up in a log or a debug page by accident.
"""

import base64
import binascii
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.db import models

from shopsite.api.checks import weak_secret

_KDF_INFO = b"shopsite.customers.payment-data"


def _as_fernet_key(secret: str) -> bytes:
    """``secret`` itself when it is a Fernet key, else a key derived from it with HKDF."""
    if _is_fernet_key(secret):
        return secret.encode()
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_KDF_INFO).derive(
        secret.encode()
    )
    return base64.urlsafe_b64encode(derived)


def configured_keys() -> tuple[str, ...]:
    raw = getattr(settings, "PAYMENT_ENCRYPTION_KEY", "") or ""
    keys = tuple(key.strip() for key in raw.split(",") if key.strip())
    return keys or (f"secret-key:{settings.SECRET_KEY}",)


@lru_cache(maxsize=4)
def _cipher_for(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(_as_fernet_key(key)) for key in keys])


def cipher() -> MultiFernet:
    # Keyed on the settings' value, so a changed setting (tests, rotation) takes effect.
    return _cipher_for(configured_keys())


def encrypt(plaintext: str) -> str:
    return cipher().encrypt(plaintext.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return cipher().decrypt(token.encode()).decode()
    except InvalidToken:
        raise ImproperlyConfigured(
            "A stored payment secret cannot be decrypted with PAYMENT_ENCRYPTION_KEY "
            "(was the key changed without keeping the old one?)"
        ) from None


def is_token(value: str) -> bool:
    """Whether ``value`` is a token our keys produced (an HMAC no plaintext can fake)."""
    try:
        cipher().decrypt(value.encode())
    except (InvalidToken, ValueError):
        return False
    return True


class SecretValue:
    """An encrypted value as read from the database; ``reveal()`` decrypts it."""

    __slots__ = ("token",)

    def __init__(self, token: str):
        self.token = token

    @classmethod
    def encrypt(cls, plaintext: str) -> "SecretValue":
        return cls(encrypt(plaintext))

    def reveal(self) -> str:
        return decrypt(self.token)

    def __eq__(self, other):
        return isinstance(other, SecretValue) and other.token == self.token

    def __hash__(self):
        return hash(self.token)

    def __repr__(self):
        return "<SecretValue: encrypted>"

    def __str__(self):
        return "********"


class EncryptedTextField(models.TextField):
    """A text column holding a Fernet token; the model attribute is a ``SecretValue``.

    Assign plaintext (a ``str``); saving encrypts it and replaces the attribute with the
    ``SecretValue``, so no plaintext stays on the instance after ``save()``. Empty stays
    empty (nothing to hide). Lookups on the column are meaningless: every encryption of the
    same value differs.
    """

    description = "Text encrypted at rest (Fernet)"

    def from_db_value(self, value, expression, connection):
        return SecretValue(value) if value else value

    def to_python(self, value):
        if isinstance(value, SecretValue) or not value:
            return value
        # Fixtures (dumpdata/loaddata) carry tokens; anything else is plaintext to encrypt.
        return SecretValue(value) if is_token(value) else value

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)
        if isinstance(value, str) and value:
            value = SecretValue.encrypt(value)
            setattr(model_instance, self.attname, value)
        return value

    def get_prep_value(self, value):
        if isinstance(value, SecretValue):
            return value.token
        if isinstance(value, str) and value:
            return encrypt(value)
        return super().get_prep_value(value)

    def value_to_string(self, obj):
        value = self.value_from_object(obj)
        return value.token if isinstance(value, SecretValue) else (value or "")


#: A passphrase shorter than this is refused in production, as is a placeholder or a
#: repeated pattern however long (``weak_secret``); a Fernet key is always fine.
MIN_PASSPHRASE_LENGTH = 32


def _is_fernet_key(key: str) -> bool:
    try:
        return len(base64.urlsafe_b64decode(key.encode())) == 32
    except (binascii.Error, ValueError):
        return False


@checks.register(checks.Tags.security, deploy=True)
def check_payment_encryption_key(app_configs, **kwargs):
    raw = getattr(settings, "PAYMENT_ENCRYPTION_KEY", "")
    if not raw:
        return [
            checks.Warning(
                "PAYMENT_ENCRYPTION_KEY is not set: stored payment data is encrypted with a "
                "key derived from SECRET_KEY, so rotating SECRET_KEY makes it unreadable.",
                hint="Set PAYMENT_ENCRYPTION_KEY (e.g. a Fernet.generate_key() value).",
                id="customers.W001",
            )
        ]
    weak = [
        position
        for position, key in enumerate(k.strip() for k in raw.split(","))
        if key
        and not _is_fernet_key(key)
        and (len(key) < MIN_PASSPHRASE_LENGTH or weak_secret(key))
    ]
    if not weak:
        return []
    # Which key is weak is said by position only: the message must not print a key.
    return [
        checks.Error(
            f"PAYMENT_ENCRYPTION_KEY key #{', #'.join(str(p + 1) for p in weak)} is neither a "
            f"Fernet key nor a random passphrase of at least {MIN_PASSPHRASE_LENGTH} "
            "characters (a placeholder or a repeated pattern is refused): payment data "
            "encrypted with it could be brute-forced from a database dump.",
            hint='Use python -c "from cryptography.fernet import Fernet; '
            'print(Fernet.generate_key().decode())"',
            id="customers.E001",
        )
    ]
