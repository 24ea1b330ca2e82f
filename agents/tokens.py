"""OAuth access tokens of agents (a staff user through an API client) and of API clients
acting alone (client credentials).

simplejwt, as for customer tokens, rather than django-oauth-toolkit: the project already
signs, expires and denylists customer JWTs with it, and OCAPI's Business Manager grant
(``urn:demandware:...:dwsid:dwsecuretoken`` with ``login:password:client_secret``) is not
a grant oauthlib knows, so the toolkit would bring a second client model and token tables
for one custom grant anyway. Verification here needs no token table; revocation uses the
customer tokens' denylist (database, or Redis), and every use re-checks that the user and
the client are still active, so deactivating either revokes all of their tokens at once.

Claims: ``token_type`` ``"oauth"`` (a customer JWT's is ``"access"``, so neither kind is
taken for the other), ``iss`` the client id, ``grant`` (``"user"`` or ``"client"``), ``sub``
the staff user's primary key for the user grant, and ``scope``.
"""

from datetime import timedelta

import jwt
from django.conf import settings
from rest_framework_simplejwt.exceptions import ExpiredTokenError, TokenError
from rest_framework_simplejwt.tokens import AccessToken

from customers import tokens as customer_tokens
from customers.tokens import ClientTokenClaims
from shopsite.api import faults
from shopsite.api.models import ApiClient

TOKEN_TYPE = "oauth"  # noqa: S105 - a claim value, not a secret
USER_GRANT = "user"
CLIENT_GRANT = "client"
SCOPES = {USER_GRANT: "agent", CLIENT_GRANT: "system"}


class AgentToken(ClientTokenClaims, AccessToken):
    token_type = TOKEN_TYPE

    @property
    def lifetime(self):
        return timedelta(minutes=settings.OCAPI["AGENT_TOKEN_LIFETIME_MINUTES"])

    @classmethod
    def issue(cls, client: ApiClient, user=None) -> "AgentToken":
        token = cls()
        grant = CLIENT_GRANT if user is None else USER_GRANT
        token["iss"] = client.client_id
        token["grant"] = grant
        token["sub"] = client.client_id if user is None else str(user.pk)
        token["scope"] = SCOPES[grant]
        return token

    @property
    def grant(self) -> str:
        return self.payload.get("grant", "")

    @property
    def expires_in(self) -> int:
        return int(self.lifetime.total_seconds())


def is_agent_token(raw: str) -> bool:
    """Whether a bearer token claims to be an OAuth token (unverified: for dispatch only)."""
    try:
        claims = jwt.decode(raw, options={"verify_signature": False})
    except jwt.InvalidTokenError:
        return False
    return claims.get("token_type") == TOKEN_TYPE


def verify(raw: str) -> AgentToken:
    """Signature, expiry, shape and revocation; the OCAPI fault a client should see."""
    try:
        token = AgentToken(raw)
    except ExpiredTokenError as exc:
        raise faults.ExpiredToken() from exc
    except TokenError as exc:
        raise faults.InvalidAccessToken() from exc
    if token.grant not in SCOPES or token["jti"] in customer_tokens.denylist():
        raise faults.InvalidAccessToken()
    return token


def active_client(token: AgentToken) -> ApiClient:
    client = ApiClient.objects.filter(client_id=token.client_id, is_active=True).first()
    if client is None:
        raise faults.InvalidAccessToken()
    return client


def revoke(token: AgentToken) -> None:
    customer_tokens.denylist().add(token["jti"], token.expires_at)
