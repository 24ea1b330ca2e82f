"""DRF authentication of customers by their JWT (``Authorization: Bearer``)."""

from rest_framework_simplejwt.authentication import JWTAuthentication

from customers import obo, tokens
from customers.slas import access_tokens as slas_tokens
from customers.slas import authentication as slas
from shopsite.api import faults


class CustomerJWTAuthentication(JWTAuthentication):
    """simplejwt's authentication, resolving a ``Customer`` instead of a Django user.

    Requests without a Bearer header are anonymous (permissions decide whether that is
    enough); a Bearer token that fails any check is a 401 fault, never silently ignored.
    An on-behalf-of token also names its agent: ``customer.acting_agent``, checked here
    on every request (``customers.obo``).
    """

    www_authenticate_realm = "shop"

    def authenticate(self, request):
        raw = tokens.bearer_token(request)
        if raw is None:
            return None
        if slas_tokens.looks_like_slas(raw):
            # SLAS secures both shopper APIs, as on Commerce Cloud (customers.slas).
            customer, token = slas_customer(raw, request)
        else:
            customer, token = tokens.authenticate(raw, request.site, request.api_client.client_id)
        customer.acting_agent = obo.acting_agent(token)
        return customer, token


def slas_customer(raw: str, request):
    """The customer of a SLAS access token presented to OCAPI: valid for the request's site
    and issued to the request's client, like an OCAPI token (else the same faults)."""
    try:
        customer, token = slas.authenticate(raw, request.site)
    except slas_tokens.InvalidSlasToken:
        raise faults.InvalidAccessToken() from None
    if token.client_id != request.api_client.client_id:
        raise faults.InvalidClientId(clientId=request.api_client.client_id)
    return customer, token
