"""What every ``/customers/{customer_id}/...`` view shares: finding the customer in the URL,
making sure the principal may act on that customer, and auditing what agents write."""

from rest_framework.permissions import SAFE_METHODS

from agents import audit
from customers.models import Customer
from customers.permissions import CHANGE_CUSTOMER, VIEW_CUSTOMER
from shopsite.api import faults
from shopsite.api.permissions import IsCustomer, is_agent
from shopsite.api.views import OcapiGenericViewSet


class CustomerScopedViewSet(OcapiGenericViewSet):
    """Base for resources below a customer.

    ``get_customer()`` resolves ``customer_id`` within the request's site (404
    ``CustomerNotFoundException``) and refuses a customer token of another customer (400
    ``InvalidCustomerException``), so no subclass can forget either check. An agent token
    acts on any customer of the site (the documentation's "not relevant when using
    OAuth"), with the Django permissions of ``agent_permissions``: reading needs
    ``view_customer``, writing ``change_customer`` too. Subclasses query through the
    returned customer, which keeps every customer's data isolated.

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
            raise faults.CustomerNotFound(customerId=customer_id)
        if not is_agent(user) and customer.pk != user.pk:
            raise faults.InvalidCustomer()
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
