"""Authenticating OAuth bearer tokens: agents on the Shop API, API clients on the
trusted-system endpoints."""

from rest_framework.authentication import BaseAuthentication

from agents import tokens
from agents.principal import Agent
from customers.tokens import bearer_token
from shopsite.accounts.staff import active_staff_user
from shopsite.api import faults
from shopsite.api.authentication import trusted_client_failure


class AgentTokenAuthentication(BaseAuthentication):
    """``Authorization: Bearer`` with an OAuth token from ``/dw/oauth2/access_token``.

    Leaves any other bearer token (a customer JWT) to the next authentication class. The
    token works only for the client it was issued to, while that client and its staff
    user are active (and the user still staff): turning either off revokes its tokens.
    """

    def authenticate(self, request):
        raw = bearer_token(request)
        if raw is None or not tokens.is_agent_token(raw):
            return None
        token = tokens.verify(raw)
        if token.client_id != request.api_client.client_id:
            raise faults.InvalidClientId(clientId=request.api_client.client_id)
        user = active_staff_user(token["sub"]) if token.grant == tokens.USER_GRANT else None
        return Agent(request.api_client, user), token

    def authenticate_header(self, request):
        return 'Bearer realm="shop"'


class ClientBearerAuthentication:
    """A client's client-credentials token, instead of HTTP Basic ``id:secret`` (a
    ``TrustedClientMixin`` authenticator, which then checks the client may act as a trusted
    system). A staff user's token does not count: these endpoints act for a system, not
    for a person."""

    def authenticate(self, request):
        raw = bearer_token(request)
        if raw is None or not tokens.is_agent_token(raw):
            return None
        try:
            token = tokens.verify(raw)
            client = tokens.active_client(token)
        except faults.OcapiFault:
            raise trusted_client_failure() from None
        if token.grant != tokens.CLIENT_GRANT:
            raise trusted_client_failure()
        return client
