"""What every Shopper Customers view adds to ``shopsite.scapi.views.ScapiViewMixin``: the
shopper token is a SLAS access token (``customers.slas``), checked by the authentication
OCAPI uses (``customers.authentication``), so the two APIs have one notion of who acts."""

from customers import tokens
from customers.authentication import CustomerJWTAuthentication
from customers.slas import access_tokens
from shopsite.api import faults
from shopsite.scapi.views import ScapiViewMixin


class ShopperTokenAuthentication(CustomerJWTAuthentication):
    """Only SLAS tokens: SCAPI does not know OCAPI's customer tokens."""

    def authenticate(self, request):
        raw = tokens.bearer_token(request)
        if raw is None or not access_tokens.looks_like_slas(raw):
            raise faults.InvalidAccessToken()
        return super().authenticate(request)


class ShopperViewMixin(ScapiViewMixin):
    authentication_classes = [ShopperTokenAuthentication]
