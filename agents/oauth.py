"""The two grants of ``POST /dw/oauth2/access_token`` and their RFC 6749 errors.

* Business Manager user grant (``BM_USER_GRANT``): ``client_id`` in the query,
  ``Authorization: Basic base64(login:password:client_secret)``. The login and password
  are a Django staff user's, the secret is the API client's.
* ``client_credentials``: ``Authorization: Basic base64(client_id:client_secret)``.

A client that cannot prove itself is ``invalid_client`` (401); a staff login that fails is
``invalid_grant`` (400), the same answer whether the user is unknown, inactive, not
staff, locked or gave a wrong password. Wrong passwords of a staff user are counted and
lock the user out like a customer (``shopsite.accounts.lockout``).
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from agents.models import StaffLoginState
from agents.tokens import AgentToken
from shopsite.accounts.passwords import spend_password_check
from shopsite.api.authentication import MalformedCredentials, basic_credentials
from shopsite.api.models import ApiClient

BM_USER_GRANT = "urn:demandware:params:oauth:grant-type:client-id:dwsid:dwsecuretoken"
CLIENT_CREDENTIALS_GRANT = "client_credentials"
# Longer values are refused before any database work (Django's username is 150 chars).
MAX_CREDENTIAL_LENGTH = 4096


class OAuthError(Exception):
    """An RFC 6749 section 5.2 error response."""

    def __init__(self, error: str, description: str, status: int = 400):
        super().__init__(description)
        self.error = error
        self.description = description
        self.status = status

    def as_document(self) -> dict:
        return {"error": self.error, "error_description": self.description}


def invalid_client() -> OAuthError:
    return OAuthError("invalid_client", "Client authentication failed.", 401)


def invalid_grant() -> OAuthError:
    return OAuthError("invalid_grant", "The user credentials are invalid.")


def invalid_request(description: str) -> OAuthError:
    return OAuthError("invalid_request", description)


def clean(value: str) -> str:
    """A credential as given, refused when it could never be valid (NUL, huge)."""
    if "\x00" in value or len(value) > MAX_CREDENTIAL_LENGTH:
        raise invalid_request("A parameter or credential contains invalid characters.")
    return value


def basic_header(request) -> tuple[str, str]:
    try:
        credentials = basic_credentials(request)
    except MalformedCredentials:
        raise invalid_client() from None
    if credentials is None:
        raise invalid_client()
    return clean(credentials[0]), clean(credentials[1])


def authenticated_client(client_id: str, secret: str) -> ApiClient:
    client = ApiClient.authenticated(client_id, secret)
    if client is None:
        raise invalid_client()
    return client


class ClientCredentialsGrant:
    def token(self, request) -> AgentToken:
        client_id, secret = basic_header(request)
        return AgentToken.issue(authenticated_client(client_id, secret))


class BusinessManagerUserGrant:
    def token(self, request) -> AgentToken:
        client_id = clean(
            request.query_params.get("client_id") or request.data.get("client_id", "")
        )
        if not client_id:
            raise invalid_request("The client_id parameter is required.")
        login, rest = basic_header(request)
        password, separator, secret = rest.rpartition(":")
        if not separator:
            raise invalid_client()
        client = authenticated_client(client_id, secret)
        return AgentToken.issue(client, self.authenticated_user(login, password))

    def authenticated_user(self, login: str, password: str):
        user = get_user_model()._default_manager.filter(username=login).first()
        if user is None or not (user.is_active and user.is_staff):
            spend_password_check(password)
            raise invalid_grant()
        # The attempt is counted (and the lock set) before the password is checked, in one
        # statement (LoginLockout.claim_login_attempt); every failure costs one hash.
        state = StaffLoginState.objects.get_or_create(user=user)[0]
        if not state.claim_login_attempt():
            spend_password_check(password)
            raise invalid_grant()
        if not user.check_password(password):
            raise invalid_grant()
        with transaction.atomic():
            state.clear_failed_logins()
            user.last_login = timezone.now()
            user.save(update_fields=["last_login"])
        return user


GRANTS = {
    BM_USER_GRANT: BusinessManagerUserGrant(),
    CLIENT_CREDENTIALS_GRANT: ClientCredentialsGrant(),
}


def grant_for(grant_type: str):
    if not grant_type:
        raise invalid_request("The grant_type parameter is required.")
    grant = GRANTS.get(clean(grant_type))
    if grant is None:
        raise OAuthError(
            "unsupported_grant_type", f"The grant type '{grant_type}' is not supported."
        )
    return grant
