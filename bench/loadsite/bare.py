"""Plain DRF endpoints doing the same work as shopsite's, without the OCAPI layer.

What a team would write with the same libraries and no OCAPI contract: simplejwt
authentication (reading the customer id from the same tokens), ``ModelSerializer``s with the
same fields, generic views. No site or client check, no envelope, no hooks, no faults. They
are the framework's limit that issue #15 measures shopsite against.
"""

import json

from rest_framework import generics, serializers
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import InvalidToken

from bench.baseline.fields import ADDRESS_FIELDS, CUSTOMER_FIELDS, PAYMENT_INSTRUMENT_FIELDS
from customers.models import Customer, CustomerAddress, CustomerPaymentInstrument


class CustomerTokenAuthentication(JWTAuthentication):
    def get_user(self, validated_token):
        try:
            customer_id = json.loads(validated_token["sub"])["customer_info"]["customer_id"]
            return Customer.objects.get(customer_id=customer_id, enabled=True)
        except (KeyError, ValueError, Customer.DoesNotExist) as exc:
            raise InvalidToken() from exc


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


class BareView:
    authentication_classes = [CustomerTokenAuthentication]
    permission_classes = [IsAuthenticated]
    renderer_classes = [JSONRenderer]
    lookup_field = "customer_id"


class CustomerView(BareView, generics.RetrieveAPIView):
    """One row: the customer."""

    queryset = Customer.objects.all()
    serializer_class = CustomerSerializer


class CustomerExpandedView(BareView, generics.RetrieveAPIView):
    """The customer with addresses and payment instruments: GET customer?expand=...'s work."""

    queryset = Customer.objects.prefetch_related("addresses", "payment_instruments")
    serializer_class = CustomerExpandedSerializer


class AddressListView(BareView, generics.ListAPIView):
    """A page of the address book in book order, with its total."""

    serializer_class = AddressSerializer
    pagination_class = LimitOffsetPagination

    def get_queryset(self):
        return CustomerAddress.objects.filter(
            customer__customer_id=self.kwargs["customer_id"]
        ).in_book_order()
