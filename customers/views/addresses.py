"""``/customers/{customer_id}/addresses[/{address_name}]``: a registered customer's address
book."""

from django.db import IntegrityError, transaction
from django.urls import reverse
from rest_framework import status

from customers.models.address import ADDRESS_ID_MAX_LENGTH
from customers.serializers.address import CustomerAddressSerializer
from customers.views.owned import CustomerOwnedViewSet
from shopsite.api import faults
from shopsite.api.paging import TenPerPagePagination
from shopsite.api.permissions import IsRegisteredCustomer


class AddressPagination(TenPerPagePagination):
    """10 addresses a page unless asked otherwise, ``start`` up to 999.

    The endpoint's description says "The default page size is 10 customer addresses";
    its parameter table says 25, the value every paged Shop API list repeats. The
    description is the one written for this endpoint, so it wins.
    """

    max_start = 999


class CustomerAddressViewSet(CustomerOwnedViewSet):
    """List and create on the collection; get, update (or rename) and delete by name.

    An address name is unique per customer. A database constraint decides, not a prior
    lookup, so two concurrent requests creating (or renaming to) the same name get one
    success and one ``AddressIdAlreadyInUseException``, never two addresses.
    """

    permission_classes = [IsRegisteredCustomer]
    serializer_class = CustomerAddressSerializer
    pagination_class = AddressPagination
    result_type = "customer_address_result"
    related_name = "addresses"
    lookup_field = "address_id"
    lookup_url_kwarg = "address_name"
    lookup_max_length = ADDRESS_ID_MAX_LENGTH
    hook_prefix = "dw.ocapi.shop.customer.address"
    hook_prefix_by_action = {
        "list": "dw.ocapi.shop.customer.addresses",
        "create": "dw.ocapi.shop.customer.addresses",
    }

    def get_queryset(self):
        return super().get_queryset().in_book_order()

    def not_found(self):
        return faults.CustomerAddressNotFound(
            addressId=self.lookup_value(),
            customerNo=self.get_customer().customer_no,
            siteId=self.request.site.site_id,
        )

    def save_address(self, serializer, **kwargs):
        try:
            with transaction.atomic():
                return serializer.save(**kwargs)
        except IntegrityError:
            raise faults.AddressIdAlreadyInUse() from None

    def address_location(self, address) -> str:
        return reverse(
            "customer-address",
            kwargs={
                "site_id": self.request.site.site_id,
                "version": self.request.version,
                "customer_id": self.get_customer().customer_id,
                "address_name": address.address_id,
            },
        )

    def list(self, request, *args, **kwargs):
        self.call_hook("beforeGET", self.kwargs["customer_id"])
        return self.paged_response(self.get_queryset(), hook="modifyGETResponse")

    def create(self, request, *args, **kwargs):
        # Locked so that a concurrent request preferring another address waits for us.
        customer = self.get_customer(for_update=True)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        address_name = serializer.validated_data["address_id"]
        self.call_hook("beforePOST", customer, address_name, request.data)
        address = self.save_address(serializer, customer=customer)
        self.call_hook("afterPOST", customer, address_name, request.data)
        # The documentation lists addresses.modifyGETResponse as this endpoint's response
        # hook (the one of the list, shared by the collection's methods): called as listed.
        return self.document_response(self.get_serializer(address).data, hook="modifyGETResponse")

    def retrieve(self, request, *args, **kwargs):
        self.call_hook("beforeGET", self.kwargs["customer_id"], self.lookup_value())
        return self.object_response(self.get_object(), hook="modifyGETResponse")

    def partial_update(self, request, *args, **kwargs):
        """Update an address; changing its ``address_id`` renames it and answers 301 with
        the new address's URL in ``Location``, as the documentation's sample does."""
        customer = self.get_customer(for_update=True)
        address = self.get_object(for_update=True)
        address_name = address.address_id
        self.call_hook("beforePATCH", customer, address_name, request.data)
        serializer = self.get_serializer(address, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        address = self.save_address(serializer)
        self.call_hook("afterPATCH", customer, address_name, request.data)
        document = self.get_serializer(address).data
        self.call_hook("modifyPATCHResponse", customer, address, document, request.data)
        if address.address_id == address_name:
            return self.document_response(document)
        return self.document_response(
            document,
            status=status.HTTP_301_MOVED_PERMANENTLY,
            headers={"Location": self.address_location(address)},
        )

    def destroy(self, request, *args, **kwargs):
        customer = self.get_customer(for_update=True)
        address = self.get_object(for_update=True)
        address_name = address.address_id
        self.call_hook("beforeDELETE", customer, address_name)
        address.delete()
        self.call_hook("afterDELETE", customer, address_name)
        return self.no_content()
