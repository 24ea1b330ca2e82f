"""The two things every OCAPI request names before anything else: a site and a client."""

import logging
import re
import secrets
from functools import cached_property
from urllib.parse import urlsplit

from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.db import models

from shopsite.api.client_settings import (
    ClientSettings,
    SettingsDocumentError,
    parse_client_document,
)

logger = logging.getLogger(__name__)


#: What a site id may be: a URL segment that needs no escaping, as Commerce Cloud's site
#: ids (Business Manager allows letters, digits, ``-`` and ``_``).
SITE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
SITE_ID_RULE = "letters, digits, '-' and '_', starting with a letter or digit"


def invalid_redirect_uris(lines) -> list[str]:
    """The SLAS redirect URIs among ``lines`` that cannot be registered: not absolute
    (``scheme:...``), or with a fragment or a wildcard (they are compared exactly)."""
    bad = []
    for line in lines:
        uri = line.strip()
        if not uri:
            continue
        parts = urlsplit(uri)
        if not parts.scheme or not (parts.netloc or parts.path) or "#" in uri or "*" in uri:
            bad.append(uri)
    return bad


class Site(models.Model):
    """A storefront site, addressed as `/s/{site_id}/` in every URL."""

    site_id = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=256, blank=True)
    is_online = models.BooleanField(
        default=True, help_text="An offline site answers every API request with a fault."
    )

    class Meta:
        ordering = ["site_id"]

    def __str__(self):
        return self.site_id

    def clean(self):
        # In clean(), not a field validator: the rule needs no migration and the admin and
        # create_site both apply it.
        if not SITE_ID.fullmatch(self.site_id or ""):
            raise ValidationError({"site_id": f"A site id is made of {SITE_ID_RULE}."})


class ApiClient(models.Model):
    """An application allowed to call the API (OCAPI's client id).

    Storefronts identify themselves with the public `client_id`. A client marked trusted
    may also authenticate with its secret (HTTP Basic `client_id:secret`) to use the
    trusted-system endpoints. The secret is stored hashed like a password: it is shown
    once, when generated, and never again.

    ``ocapi_settings`` is the client's entry of OCAPI's settings document
    (``shopsite.api.client_settings``): the resources, methods and attributes it may use.
    Without one the client may call everything, as before settings documents existed.
    """

    client_id = models.CharField(max_length=64, unique=True, editable=False)
    name = models.CharField(max_length=256)
    is_active = models.BooleanField(default=True)
    is_trusted = models.BooleanField(
        default=False, help_text="May obtain customer tokens through auth/trustedsystem."
    )
    secret_hash = models.CharField(max_length=256, blank=True, editable=False)
    allowed_origins = models.TextField(
        blank=True,
        help_text="Browser origins (one per line, e.g. https://shop.example.com) whose "
        "cross-origin requests are allowed (CORS).",
    )
    ocapi_settings = models.JSONField(
        null=True,
        blank=True,
        help_text="The client's OCAPI settings document (resources, methods, read and write "
        "attributes, cache time, allowed origins), as in Business Manager. Empty: every "
        "resource is allowed.",
    )
    # --- SLAS (customers.slas): the same client, seen by the Shopper Login service ---
    SLAS_PUBLIC = "public"
    SLAS_PRIVATE = "private"
    slas_client_type = models.CharField(
        "SLAS client type",
        max_length=16,
        choices=[(SLAS_PUBLIC, "Public (PKCE, no secret)"), (SLAS_PRIVATE, "Private (secret)")],
        default=SLAS_PUBLIC,
        help_text="Public clients (browser and mobile storefronts) prove themselves with PKCE; "
        "private clients (a server) with their secret, and may get guest tokens with "
        "client_credentials.",
    )
    redirect_uris = models.TextField(
        "SLAS redirect URIs",
        blank=True,
        help_text="URIs (one per line, compared exactly) SLAS may redirect a shopper to with "
        "an authorization code, e.g. http://localhost:3000/callback.",
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "API client"

    def __str__(self):
        return f"{self.name} ({self.client_id})"

    def save(self, *args, **kwargs):
        if not self.client_id:
            self.client_id = self.generate_client_id()
        self.__dict__.pop("settings", None)
        super().save(*args, **kwargs)

    @cached_property
    def settings(self) -> ClientSettings | None:
        """The settings document compiled, once per instance: the context cache keeps the
        instance, so requests reuse it. ``None``: no document, everything allowed."""
        if self.ocapi_settings is None:
            return None
        try:
            return parse_client_document(self.ocapi_settings)
        except SettingsDocumentError as error:
            # Stored around the admin's and the import's validation (a shell, raw SQL):
            # fail closed, the client may call nothing until the document is fixed.
            logger.error("API client %s: invalid settings document: %s", self.client_id, error)
            return ClientSettings()

    @staticmethod
    def generate_client_id() -> str:
        # OCAPI client ids are 36 characters, UUID-shaped.
        raw = secrets.token_hex(16)
        return f"{raw[:8]}-{raw[8:12]}-{raw[12:16]}-{raw[16:20]}-{raw[20:]}"

    def set_new_secret(self) -> str:
        """Generate, store (hashed) and return a new secret."""
        return self.set_secret(secrets.token_urlsafe(32))

    def set_secret(self, secret: str) -> str:
        """Store ``secret`` (hashed) and return it; a known one only for the demo."""
        self.secret_hash = make_password(secret)
        return secret

    @property
    def listed_origins(self) -> set[str]:
        """The origins of the "Allowed origins" field (one per line)."""
        return {
            line.strip().rstrip("/") for line in self.allowed_origins.splitlines() if line.strip()
        }

    @property
    def listed_redirect_uris(self) -> set[str]:
        """The SLAS redirect URIs (one per line), compared exactly: no prefixes, no wildcards."""
        return {line.strip() for line in self.redirect_uris.splitlines() if line.strip()}

    @property
    def is_slas_private(self) -> bool:
        return self.slas_client_type == self.SLAS_PRIVATE

    @property
    def origins(self) -> set[str]:
        """Browser origins allowed (CORS): the field's and the settings document's."""
        return self.listed_origins | (self.settings.allowed_origins if self.settings else set())

    def check_secret(self, secret: str) -> bool:
        return bool(self.secret_hash) and check_password(secret, self.secret_hash)

    @classmethod
    def authenticated(cls, client_id: str, secret: str, **conditions) -> "ApiClient | None":
        """The active client ``client_id`` (meeting ``conditions``) whose secret this is.

        An unknown client id spends the same hashing time as a wrong secret, so response
        times do not reveal which client ids exist.
        """
        client = cls.objects.filter(client_id=client_id, is_active=True, **conditions).first()
        if client is None:
            make_password(secret)
            return None
        return client if client.check_secret(secret) else None


class ThrottleCount(models.Model):
    """Requests counted in one throttle window (``shopsite.api.throttling``), when no Redis
    is configured: a row per (scope, client), counted by one ``INSERT ... ON CONFLICT``
    so concurrent requests never read the same count. Unlogged on PostgreSQL (migration
    0007 says why)."""

    key = models.CharField(max_length=255, unique=True)
    count = models.PositiveIntegerField(default=0)
    expires = models.DateTimeField(db_index=True)

    def __str__(self):
        return f"{self.key}: {self.count}"
