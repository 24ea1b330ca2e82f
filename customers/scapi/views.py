"""The Shopper Customers resources: OCAPI's views, served as SCAPI.

Only what SCAPI defines differently is written here: ``getCustomer`` always embeds
addresses and payment instruments; a renamed address is answered 200; creations 201;
``getResetPasswordToken`` is for the shopper tokens of private (trusted) clients.
"""

from drf_spectacular.utils import extend_schema

from customers.scapi.base import ShopperViewMixin
from customers.serializers.payment_instrument import (
    CustomerPaymentInstrumentRequestSerializer,
    CustomerPaymentInstrumentSerializer,
)
from customers.views.addresses import CustomerAddressViewSet
from customers.views.customer import CustomerViewSet
from customers.views.orders import CustomerBasketsViewSet, CustomerOrdersViewSet
from customers.views.password import PasswordViewSet
from customers.views.password_actions import CreateResetTokenViewSet, ResetPasswordViewSet
from customers.views.payment_instruments import CustomerPaymentInstrumentViewSet
from shopsite.api import faults
from shopsite.api.authentication import may_act_as_trusted_system
from shopsite.api.permissions import IsCustomer


class ShopperCustomerViewSet(ShopperViewMixin, CustomerViewSet):
    operation_ids = {
        "create": "registerCustomer",
        "retrieve": "getCustomer",
        "partial_update": "updateCustomer",
    }

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if self.request.method == "GET":
            context["expand"] = {"addresses", "paymentinstruments"}
        return context


class ShopperCustomerAddressViewSet(ShopperViewMixin, CustomerAddressViewSet):
    operation_ids = {
        "create": "createCustomerAddress",
        "retrieve": "getCustomerAddress",
        "partial_update": "updateCustomerAddress",
        "destroy": "removeCustomerAddress",
    }
    created_actions = frozenset({"create"})

    def renamed_response(self, document: dict, address):
        return self.document_response(document)


class ShopperCustomerPaymentInstrumentViewSet(ShopperViewMixin, CustomerPaymentInstrumentViewSet):
    operation_ids = {
        "create": "createCustomerPaymentInstrument",
        "retrieve": "getCustomerPaymentInstrument",
        "partial_update": "updateCustomerPaymentInstrument",
        "destroy": "deleteCustomerPaymentInstrument",
    }
    created_actions = frozenset({"create"})

    # Annotated here: the OCAPI view's annotations (customers.schema) have no PATCH.
    @extend_schema(
        summary="Replace what a saved payment instrument holds",
        request=CustomerPaymentInstrumentRequestSerializer,
        responses={200: CustomerPaymentInstrumentSerializer},
    )
    def partial_update(self, request, *args, **kwargs):
        """``updateCustomerPaymentInstrument`` (SCAPI only; OCAPI 19.5 has no PATCH here):
        the instrument, locked and its state checked, refilled by the request serializer
        that creates instruments, so the same checks and encryption apply."""
        customer = self.get_customer()
        instrument = self.get_object()
        payment_request = CustomerPaymentInstrumentRequestSerializer(
            instrument, data=request.data, context=self.get_serializer_context()
        )
        payment_request.is_valid(raise_exception=True)
        self.call_hook("beforePATCH", customer, instrument, request.data)
        instrument = payment_request.save()
        self.call_hook("afterPATCH", customer, instrument, request.data)
        return self.object_response(instrument, hook="modifyPATCHResponse")


class ShopperCustomerOrdersViewSet(ShopperViewMixin, CustomerOrdersViewSet):
    operation_ids = {"list": "getCustomerOrders"}


class ShopperCustomerBasketsViewSet(ShopperViewMixin, CustomerBasketsViewSet):
    operation_ids = {"list": "getCustomerBaskets"}


class ShopperPasswordViewSet(ShopperViewMixin, PasswordViewSet):
    operation_ids = {"update": "updateCustomerPassword"}


class ShopperCreateResetTokenViewSet(ShopperViewMixin, CreateResetTokenViewSet):
    """The token answers for any customer, so only a trusted client's token may ask: one
    obtained with its secret (``client_credentials`` of a private client)."""

    permission_classes = [IsCustomer]
    operation_ids = {"create": "getResetPasswordToken"}

    def check_permissions(self, request):
        super().check_permissions(request)
        client = request.api_client
        if not (client.is_slas_private and may_act_as_trusted_system(client)):
            raise faults.Forbidden("Only a trusted private client may create reset tokens.")


class ShopperResetPasswordViewSet(ShopperViewMixin, ResetPasswordViewSet):
    permission_classes = [IsCustomer]
    operation_ids = {"create": "resetPassword"}
