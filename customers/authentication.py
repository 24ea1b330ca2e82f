"""DRF authentication of customers by their JWT (``Authorization: Bearer``)."""

from rest_framework_simplejwt.authentication import JWTAuthentication

from customers import tokens
from customers.models import Customer
from shopsite.api import faults


class CustomerJWTAuthentication(JWTAuthentication):
    """simplejwt's authentication, resolving a ``Customer`` instead of a Django user.

    Requests without a Bearer header are anonymous (permissions decide whether that is
    enough); a Bearer token that fails any check is a 401 fault, never silently ignored.
    """

    www_authenticate_realm = "shop"

    def authenticate(self, request):
        raw = tokens.bearer_token(request)
        if raw is None:
            return None
        token = tokens.verify(raw, client_id=request.api_client.client_id)
        customer = self.get_customer(request, token)
        tokens.check_still_valid_for(token, customer)
        return customer, token

    def get_customer(self, request, token) -> Customer:
        customer = (
            Customer.objects.for_site(request.site)
            .filter(customer_id=token.customer_id, enabled=True)
            .first()
        )
        if customer is None:
            raise faults.InvalidAccessToken()
        return customer
