"""``POST /customers``, ``GET``/``PATCH /customers/{customer_id}``."""

from django.db import IntegrityError, transaction

from customers.models import Customer
from customers.permissions import ADD_CUSTOMER, VIEW_CUSTOMER
from customers.serializers.customer import CustomerRegistrationSerializer, CustomerSerializer
from customers.views.base import CustomerScopedViewSet
from shopsite.api import faults
from shopsite.api.permissions import is_agent

EXPAND_VALUES = frozenset({"addresses", "paymentinstruments"})


def parse_expand(request, allowed: frozenset[str] = EXPAND_VALUES) -> set[str]:
    """The ``expand`` values of the request; one it does not know is a fault."""
    raw = request.query_params.get("expand", "")
    values = {value.strip() for value in raw.split(",") if value.strip()}
    for value in values:
        if value not in allowed:
            raise faults.InvalidExpandValue(expandValue=value)
    return values


class CustomerViewSet(CustomerScopedViewSet):
    hook_prefix = "dw.ocapi.shop.customer"
    serializer_class = CustomerSerializer

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["expand"] = parse_expand(self.request) if self.request.method == "GET" else set()
        return context

    agent_permissions = {
        **CustomerScopedViewSet.agent_permissions,
        "POST": (VIEW_CUSTOMER, ADD_CUSTOMER),
    }

    def create(self, request, *args, **kwargs):
        """Register a customer. Needs a guest token (a registered one is refused) or an
        agent token, with which the customer is registered without a password."""
        by_agent = is_agent(request.user)
        if not (by_agent or request.user.is_guest):
            raise faults.CustomerAlreadyRegistered()
        registration = CustomerRegistrationSerializer(
            data=request.data, context={**self.get_serializer_context(), "by_agent": by_agent}
        )
        registration.is_valid(raise_exception=True)
        self.call_hook("beforePOST", request.data)
        try:
            customer = Customer.objects.create_registered(
                request.site,
                registration.validated_data["password"],
                **registration.validated_data["profile"],
            )
        except IntegrityError:
            # Another request registered the same login between our check and the insert.
            raise faults.LoginAlreadyInUse() from None
        self._customer = customer
        self.call_hook("afterPOST", customer, request.data)
        document = self.get_serializer(customer).data
        return self.document_response(document, hook="modifyPOSTResponse", hook_args=(customer,))

    def retrieve(self, request, *args, **kwargs):
        self.call_hook("beforeGET", self.kwargs["customer_id"])
        customer = self.get_customer()
        document = self.get_serializer(customer).data
        return self.document_response(document, hook="modifyGETResponse", hook_args=(customer,))

    def get_object(self):
        """The customer a PATCH changes, locked, its resource state checked."""
        return self.check_resource_state(self.get_customer(for_update=True))

    def partial_update(self, request, *args, **kwargs):
        customer = self.get_object()
        self.call_hook("beforePATCH", customer, request.data)
        serializer = self.get_serializer(customer, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        try:
            with transaction.atomic():
                customer = serializer.save()
        except IntegrityError:
            raise faults.LoginAlreadyInUse() from None
        self.call_hook("afterPATCH", customer, request.data)
        document = self.get_serializer(customer).data
        return self.document_response(document, hook="modifyGETResponse", hook_args=(customer,))
