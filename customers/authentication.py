"""DRF authentication of customers by their JWT (``Authorization: Bearer``)."""

from rest_framework_simplejwt.authentication import JWTAuthentication

from customers import obo, tokens


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
        customer, token = tokens.authenticate(raw, request.site, request.api_client.client_id)
        customer.acting_agent = obo.acting_agent(token)
        return customer, token
