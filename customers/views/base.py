"""What every ``/customers/{customer_id}/...`` view shares: finding the customer in the URL
and making sure the token belongs to that customer."""

from customers.models import Customer
from shopsite.api import faults
from shopsite.api.permissions import IsCustomer
from shopsite.api.views import OcapiGenericViewSet


class CustomerScopedViewSet(OcapiGenericViewSet):
    """Base for resources below a customer.

    ``get_customer()`` resolves ``customer_id`` within the request's site (404
    ``CustomerNotFoundException``) and refuses a token of another customer (400
    ``InvalidCustomerException``), so no subclass can forget either check. Subclasses
    query through the returned customer, which keeps every customer's data isolated.
    """

    permission_classes = [IsCustomer]
    customer_url_kwarg = "customer_id"

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
        if customer.pk != self.request.user.pk:
            raise faults.InvalidCustomer()
        self._customer = customer
        return customer
