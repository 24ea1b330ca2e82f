"""Authenticating API clients themselves, for the endpoints only a trusted system may call.

Most Shop API requests only *name* their client (``x-dw-client-id``): the id is public, it
ships inside every storefront. A few endpoints act for any customer without that
customer's password (``/customers/auth/trustedsystem``, ``/customers/password/actions/
create_reset_token``); a public id must not be enough for them. There the client proves
who it is with its secret, and must be allowed those resources: by its settings document
when it has one (``shopsite.api.client_settings``; the view's usual resource check then
decides, 403 ``ClientAccessForbiddenException`` when not granted), else by being marked
trusted in the admin.

The proof is pluggable: a view lists its ``trusted_client_authenticators``, each a small
object whose ``authenticate(request)`` returns the ``ApiClient``, ``None`` when the request
carries no credentials of its kind, or raises. HTTP Basic ``client_id:secret`` is the one
shipped, and ``OCAPI["TRUSTED_CLIENT_AUTHENTICATORS"]`` lists more (the agents app adds the
OAuth client-credentials bearer token) without touching views.
"""

import base64
import binascii

from django.conf import settings
from django.utils.module_loading import import_string

from shopsite.api import faults
from shopsite.api.models import ApiClient


class MalformedCredentials(ValueError):
    """An ``Authorization: Basic`` header whose value is not base64 ``name:secret``."""


def basic_credentials(request) -> tuple[str, str] | None:
    """``(name, secret)`` of an ``Authorization: Basic`` header; ``None`` without one."""
    header = request.headers.get("Authorization", "")
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic" or not encoded.strip():
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        raise MalformedCredentials() from None
    name, separator, secret = decoded.partition(":")
    if not separator:
        raise MalformedCredentials()
    return name, secret


def bearer_token(request) -> str | None:
    """The raw token of an ``Authorization: Bearer`` header, if there is one."""
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


def trusted_client_failure() -> faults.OcapiFault:
    # One answer for every failure (no credentials, unknown client, wrong secret, client not
    # trusted or inactive): the response must not tell which part of a guess was right.
    return faults.Unauthorized(
        "The request is unauthorized: the credentials of a trusted API client are required."
    )


def may_act_as_trusted_system(client: ApiClient) -> bool:
    """Without a settings document the "trusted" flag decides; with one, the document does
    (``check_resource_access``, which runs right after the client is known)."""
    return client.settings is not None or client.is_trusted


class ClientSecretBasicAuthentication:
    """HTTP Basic ``client_id:secret`` of an active API client.

    The secret is checked with Django's password hashers (it is stored like a password);
    an unknown client id spends the same hashing time, so response times do not reveal
    which client ids exist.
    """

    def authenticate(self, request) -> ApiClient | None:
        try:
            credentials = basic_credentials(request)
        except MalformedCredentials:
            raise trusted_client_failure() from None
        if credentials is None:
            return None
        client = ApiClient.authenticated(*credentials)
        if client is None:
            raise trusted_client_failure()
        return client


class TrustedClientMixin:
    """For views only a trusted API client may call.

    The client is whoever the credentials prove, not whatever ``x-dw-client-id`` names, so
    the header is not required here. Customer JWT authentication is off: the
    ``Authorization`` header carries the client's credentials.
    """

    authentication_classes = []
    permission_classes = []

    @property
    def trusted_client_authenticators(self):
        return [import_string(path)() for path in settings.OCAPI["TRUSTED_CLIENT_AUTHENTICATORS"]]

    def get_api_client(self, request) -> ApiClient:
        for authenticator in self.trusted_client_authenticators:
            client = authenticator.authenticate(request)
            if client is not None:
                if not may_act_as_trusted_system(client):
                    raise trusted_client_failure()
                return client
        raise trusted_client_failure()
