"""The baseline's endpoints: plain DRF generic views and simplejwt, as a team would write them.

Reads (customer, customer with addresses and payment instruments, a page of the address
book) authenticate with simplejwt's ``JWTAuthentication`` reading shopsite's own customer
tokens (same key and claims), and serialize with ``ModelSerializer``s of the same fields.
Logins are simplejwt-style token views: a guest token (one new guest row, as shopsite's
guest login stores), a credentials token (the customer's Argon2 hash checked with Django's
hasher at the same parameters) and a refresh (a valid token exchanged for a new one). No
site/client checks beyond finding the row, no envelope, hooks, lockout, throttles or faults,
except one more guest token view behind django-ratelimit: what the same token view costs
with the rate limit a team would add before letting anyone create rows.
"""

import base64
import binascii
import functools
import json

from django.contrib.auth.hashers import check_password
from django.utils.decorators import method_decorator
from django_ratelimit.decorators import ratelimit
from rest_framework import generics, serializers
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle
from rest_framework.views import APIView
from rest_framework_simplejwt.tokens import AccessToken

from bench.baseline.authentication import CustomerTokenAuthentication
from bench.baseline.fields import ADDRESS_FIELDS, CUSTOMER_FIELDS, PAYMENT_INSTRUMENT_FIELDS
from bench.baseline.models import Customer, CustomerAddress, CustomerPaymentInstrument, Site


class AddressSerializer(serializers.ModelSerializer):
    class Meta:
        model = CustomerAddress
        fields = ADDRESS_FIELDS


class PaymentInstrumentSerializer(serializers.ModelSerializer):
    class Meta:
        model = CustomerPaymentInstrument
        fields = PAYMENT_INSTRUMENT_FIELDS


class CustomerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Customer
        fields = CUSTOMER_FIELDS


class CustomerExpandedSerializer(CustomerSerializer):
    addresses = AddressSerializer(many=True)
    payment_instruments = PaymentInstrumentSerializer(many=True)

    class Meta(CustomerSerializer.Meta):
        fields = [*CustomerSerializer.Meta.fields, "addresses", "payment_instruments"]


class CustomerView(generics.RetrieveAPIView):
    """One row: the customer."""

    queryset = Customer.objects.all()
    serializer_class = CustomerSerializer
    lookup_field = "customer_id"


class CustomerExpandedView(CustomerView):
    """The customer with addresses and payment instruments."""

    queryset = Customer.objects.prefetch_related("addresses", "payment_instruments")
    serializer_class = CustomerExpandedSerializer


class TenPerPage(LimitOffsetPagination):
    default_limit = 10  # OCAPI's address list pages by 10, with the total


class AddressListView(generics.ListAPIView):
    """A page of the address book in book order, with its total."""

    serializer_class = AddressSerializer
    pagination_class = TenPerPage

    def get_queryset(self):
        return CustomerAddress.objects.filter(
            customer__customer_id=self.kwargs["customer_id"]
        ).in_book_order()


@functools.cache
def site_pk(site_id: str) -> int:
    """Sites never change during a run: looked up once per process."""
    return Site.objects.only("pk").get(site_id=site_id).pk


def token_for(customer, client_id: str) -> str:
    token = AccessToken()
    token["sub"] = json.dumps(
        {
            "_v": "1",
            "customer_info": {"customer_id": customer.customer_id, "guest": customer.is_guest},
        },
        separators=(",", ":"),
    )
    token["iss"] = client_id
    token["token_version"] = customer.token_version
    return str(token)


class TokenView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]

    def answer(self, request, customer):
        token = token_for(customer, request.headers.get("x-dw-client-id", ""))
        return Response(
            {"customer_id": customer.customer_id}, headers={"Authorization": f"Bearer {token}"}
        )


class GuestTokenView(TokenView):
    """A guest token: one new guest row and its token."""

    def post(self, request, site_id):
        return self.answer(request, Customer.objects.create(site_id=site_pk(site_id)))


def client_address(request) -> str:
    """The client address as DRF's throttles read it (``NUM_PROXIES``: behind one load
    balancer, X-Forwarded-For's last entry), for django-ratelimit's ``ip`` key."""
    return BaseThrottle().get_ident(request)


class RateLimitedGuestTokenView(GuestTokenView):
    """The guest token behind the rate limit a Django team would add: django-ratelimit,
    per client address (``client_address``), counting in the shared cache (Redis) so that
    it holds across servers, as shopsite's login throttle does. The rate is never reached:
    the benchmark measures the counting, not refusals."""

    @method_decorator(ratelimit(key="ip", rate="100000000/m", block=True))
    def post(self, request, site_id):
        return super().post(request, site_id)


class CredentialsTokenView(TokenView):
    """simplejwt's TokenObtainPairView's work: find the login, check its password, sign."""

    def post(self, request, site_id):
        try:
            _scheme, _, encoded = request.headers.get("Authorization", "").partition(" ")
            login, _, password = base64.b64decode(encoded).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError) as exc:
            raise AuthenticationFailed() from exc
        customer = Customer.objects.filter(
            site_id=site_pk(site_id), is_guest=False, login__iexact=login, enabled=True
        ).first()
        if customer is None or not check_password(password, customer.password):
            raise AuthenticationFailed()
        return self.answer(request, customer)


class RefreshTokenView(TokenView):
    """simplejwt's TokenRefreshView's work: a valid token of an enabled customer, re-signed."""

    authentication_classes = [CustomerTokenAuthentication]

    def post(self, request, site_id):
        if request.user is None:
            raise AuthenticationFailed()
        return self.answer(request, request.user)
