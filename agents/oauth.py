"""The two grants of ``POST /dw/oauth2/access_token`` and their RFC 6749 errors.

* Business Manager user grant (``BM_USER_GRANT``): ``client_id`` in the query,
  ``Authorization: Basic base64(login:password:client_secret)``. The login and password
  are a Django staff user's, the secret is the API client's.
* ``client_credentials``: ``Authorization: Basic base64(client_id:client_secret)``.

A client that cannot prove itself is ``invalid_client`` (401); a staff login that fails is
``invalid_grant`` (400), the same answer whether the user is unknown, inactive, not
staff, locked or gave a wrong password. Failures are counted on the staff user's one
lockout, shared with the admin's login form (``agents.staff_login``). With
``STAFF_MFA_REQUIRED_FOR_OAUTH`` on, the grant also needs the form parameter ``otp_code``,
a current code of the user's authenticator app (``agents.mfa``); a missing or wrong code is
the same ``invalid_grant`` and counts as a failed attempt.
"""

from django.db import transaction
from django.utils import timezone

from agents import mfa, staff_login
from agents.tokens import AgentToken
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
        otp_code = request.data.get("otp_code", "")
        user = self.authenticated_user(login, password, otp_code)
        return AgentToken.issue(client, user)

    def authenticated_user(self, login: str, password: str, otp_code=""):
        # The attempt is counted (and the lock set) before the password is checked, in one
        # statement (LoginLockout.claim_login_attempt); every failure costs one hash.
        user = staff_login.check_password(login, password)
        if user is None:
            raise invalid_grant()
        if mfa.required_for_oauth() and not (
            isinstance(otp_code, str) and mfa.verify_code(user, clean(otp_code), recovery=False)
        ):
            raise invalid_grant()
        with transaction.atomic():
            staff_login.succeeded(user)
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
