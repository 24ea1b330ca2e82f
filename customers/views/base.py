"""What every ``/customers/{customer_id}/...`` view shares: finding the customer in the URL,
making sure the principal may act on that customer, and auditing what agents write."""

from rest_framework.permissions import SAFE_METHODS

from customers.models import Customer
from customers.permissions import CHANGE_CUSTOMER, VIEW_CUSTOMER
from shopsite.accounts import audit
from shopsite.api import faults
from shopsite.api.permissions import IsCustomer, authenticated_customer, is_agent
from shopsite.api.views import OcapiGenericViewSet


class CustomerScopedViewSet(OcapiGenericViewSet):
    """Base for resources below a customer.

    Who may name which customer is decided here, before any other permission or lookup
    (``check_permissions``): a customer token (JWT, guest or registered, on-behalf-of
    included) names its own customer and no other. Any other ``customer_id`` is 400
    ``InvalidCustomerException``, as documented, whether or not it exists: the answer must
    not tell which ids do, and a guest token on a registered customer's address book is
    the same mismatch, not a 403. An agent token acts on any customer of the site (the
    documentation's "not relevant when using OAuth"), with the Django permissions of
    ``agent_permissions``: reading needs ``view_customer``, writing ``change_customer``
    too; for agents alone an unknown id is 404 ``CustomerNotFoundException``
    (``get_customer()``). Subclasses query through the returned customer, which keeps
    every customer's data isolated.

    Every write made by an agent, with its own token or on behalf of a customer, is
    recorded in the agent audit log with its outcome (``finalize_response``).
    """

    permission_classes = [IsCustomer]
    customer_url_kwarg = "customer_id"
    agent_permissions = {
        "GET": (VIEW_CUSTOMER,),
        "HEAD": (VIEW_CUSTOMER,),
        "*": (VIEW_CUSTOMER, CHANGE_CUSTOMER),
    }
    #: What the audit log calls a write here by an agent.
    audit_action = audit.API_WRITE

    def check_permissions(self, request):
        principal = authenticated_customer(request)
        customer_id = self.kwargs.get(self.customer_url_kwarg)
        if (
            principal is not None
            and not is_agent(principal)
            and customer_id is not None
            and customer_id != principal.customer_id
        ):
            raise faults.InvalidCustomer()
        super().check_permissions(request)

    def get_customer(self, *, for_update: bool = False) -> Customer:
        cached = getattr(self, "_customer", None)
        if cached is not None and not for_update:
            return cached
        customer_id = self.kwargs[self.customer_url_kwarg]
        user = self.request.user
        if not for_update and getattr(user, "customer_id", None) == customer_id:
            # The token's customer, already loaded (within this site) by authentication.
            self._customer = user
            return user
        queryset = Customer.objects.for_site(self.request.site).filter(customer_id=customer_id)
        if for_update:
            queryset = queryset.select_for_update()
        customer = queryset.first()
        if customer is None:
            # Only an agent gets here with an unknown id: ``check_permissions`` answered
            # any customer token naming another id.
            raise faults.CustomerNotFound(customerId=customer_id)
        self._customer = customer
        return customer

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # Known only once authentication and permissions have passed: refused requests
        # are not writes an agent made.
        self.audited_agent = audit.acting_agent(request.user)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        agent = getattr(self, "audited_agent", None)
        if agent is not None and request.method not in SAFE_METHODS:
            audit.record_api_request(
                request,
                response,
                agent=agent,
                action=self.audit_action,
                customer=getattr(self, "_customer", None),
                customer_ref=self.kwargs.get(self.customer_url_kwarg, ""),
            )
        return response
