"""``POST /customers/{customer_id}/auth``: an agent obtains an on-behalf-of token."""

from customers import obo
from customers.permissions import CREATE_ORDER_ON_BEHALF_OF
from customers.serializers.customer import CustomerSerializer
from customers.views.base import CustomerScopedViewSet
from shopsite.accounts import audit
from shopsite.api import faults
from shopsite.api.permissions import IsAgent


class CustomerOnBehalfAuthViewSet(CustomerScopedViewSet):
    """For an agent holding ``create_order_on_behalf_of``: the customer document and, in
    ``Authorization: Bearer``, a customer JWT naming the agent (``customers.obo``), which then
    works on every customer endpoint as the customer's own token would.

    Registered, enabled customers only. Each call is in the agent audit log, issued or
    refused (``CustomerScopedViewSet.finalize_response``); calling again renews the token.
    """

    hook_prefix = "dw.ocapi.shop.customer.auth"
    serializer_class = CustomerSerializer
    permission_classes = [IsAgent]
    agent_permissions = {"POST": (CREATE_ORDER_ON_BEHALF_OF,)}
    audit_action = audit.OBO_TOKEN

    def create(self, request, *args, **kwargs):
        customer = self.get_customer()
        if customer.is_guest:
            raise faults.InvalidCustomer("A guest customer cannot be acted on behalf of.")
        if not customer.enabled:
            raise faults.InvalidCustomer("The customer is disabled.")
        self.call_hook("beforePOST", customer)
        token, _ = obo.issue(customer, request.api_client.client_id, request.user.user)
        self.call_hook("afterPOST", customer)
        document = self.get_serializer(customer).data
        return self.document_response(
            document,
            hook="modifyPOSTResponse",
            hook_args=(customer,),
            headers={"Authorization": f"Bearer {token}"},
        )
