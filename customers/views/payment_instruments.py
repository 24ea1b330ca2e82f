"""``/customers/{customer_id}/payment_instruments[/{payment_instrument_id}]``: a registered
customer's saved payment instruments. Numbers go in; only masked numbers come out."""

from customers.serializers.payment_instrument import (
    CustomerPaymentInstrumentRequestSerializer,
    CustomerPaymentInstrumentSerializer,
)
from customers.views.owned import CustomerOwnedViewSet
from shopsite.api import faults
from shopsite.api.permissions import IsRegisteredCustomer


class CustomerPaymentInstrumentViewSet(CustomerOwnedViewSet):
    """The list is not paged (``customer_payment_instrument_result`` has no ``start``):
    a customer keeps a handful of instruments, loaded in one query."""

    permission_classes = [IsRegisteredCustomer]
    serializer_class = CustomerPaymentInstrumentSerializer
    result_type = "customer_payment_instrument_result"
    related_name = "payment_instruments"
    lookup_field = lookup_url_kwarg = "payment_instrument_id"
    hook_prefix = "dw.ocapi.shop.customer.payment_instrument"
    hook_prefix_by_action = {"list": "dw.ocapi.shop.customer.payment_instruments"}

    def not_found(self):
        return faults.PaymentInstrumentNotFound(paymentInstrumentId=self.lookup_value())

    def list(self, request, *args, **kwargs):
        payment_method_id = request.query_params.get("payment_method_id") or None
        self.call_hook("beforeGET", self.kwargs["customer_id"], payment_method_id)
        instruments = self.get_queryset()
        if payment_method_id:
            instruments = instruments.filter(payment_method_id=payment_method_id)
        return self.list_response(instruments, hook="modifyGETResponse_v2")

    def create(self, request, *args, **kwargs):
        customer = self.get_customer()
        payment_request = CustomerPaymentInstrumentRequestSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        payment_request.is_valid(raise_exception=True)
        self.call_hook("beforePOST", customer, request.data)
        instrument = payment_request.save(customer=customer)
        self.call_hook("afterPOST", customer, request.data)
        return self.object_response(instrument, hook="modifyPOSTResponse")

    def retrieve(self, request, *args, **kwargs):
        self.call_hook("beforeGET", self.kwargs["customer_id"])
        return self.object_response(self.get_object(), hook="modifyGETResponse")

    def destroy(self, request, *args, **kwargs):
        customer = self.get_customer()
        instrument = self.get_object()
        self.call_hook("beforeDELETE", customer, instrument.payment_instrument_id)
        instrument.delete()
        self.call_hook("afterDELETE", customer, instrument.payment_instrument_id)
        return self.no_content()
