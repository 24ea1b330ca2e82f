"""``/customers/{customer_id}/product_lists[/{list_id}]``: a registered customer's wish
lists, gift registries and shopping lists."""

from productlists.models.lists import items_for_documents
from productlists.serializers.lists import (
    ADDRESS_FIELDS,
    CustomerProductListSerializer,
    CustomerProductListUpdateSerializer,
)
from productlists.views.base import ProductListOwnedViewSet
from shopsite.api import faults

LISTS = "dw.ocapi.shop.customer.product_lists"
LIST = "dw.ocapi.shop.customer.product_list"


class CustomerProductListViewSet(ProductListOwnedViewSet):
    """Lists are few per customer and the result is not paged
    (``customer_product_list_result`` has no ``start``). Each list document embeds its
    items; the items of all lists come in one query, the addresses by join."""

    serializer_class = CustomerProductListSerializer
    update_serializer_class = CustomerProductListUpdateSerializer
    result_type = "customer_product_list_result"
    related_name = "product_lists"
    lookup_field = lookup_url_kwarg = "list_id"
    hook_prefix = LIST
    hook_prefix_by_action = {"list": LISTS, "create": LISTS}

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related(*ADDRESS_FIELDS)
            .prefetch_related(items_for_documents())
        )

    def not_found(self):
        return faults.ProductListNotFound(productListId=self.lookup_value())

    def list(self, request, *args, **kwargs):
        self.call_hook("beforeGET", self.kwargs["customer_id"])
        return self.list_response(self.get_queryset(), hook="modifyGETResponse_v2")

    def create(self, request, *args, **kwargs):
        customer = self.get_customer()
        serializer = self.get_serializer(data=request.data)
        product_list = self.save_document(serializer, "POST", customer=customer)
        document = self.get_serializer(product_list).data
        self.call_hook(f"{LIST}.modifyPOSTResponse", customer, product_list, document)
        return self.document_response(document)

    def retrieve(self, request, *args, **kwargs):
        self.call_hook("beforeGET", self.kwargs["customer_id"], self.lookup_value())
        return self.object_response(self.get_object(), hook="modifyGETResponse")

    def partial_update(self, request, *args, **kwargs):
        product_list = self.get_object()
        serializer = self.get_serializer(product_list, data=request.data, partial=True)
        product_list = self.save_document(serializer, "PATCH")
        document = self.get_serializer(product_list).data
        self.call_hook("modifyPATCHResponse", self.get_customer(), product_list, document)
        return self.document_response(document)

    def destroy(self, request, *args, **kwargs):
        """Deletes the list with its items and their purchases (one transaction)."""
        customer = self.get_customer()
        # Locked, so that items being added meanwhile are deleted with it, not orphaned.
        product_list = self.get_object(for_update=True)
        list_id = product_list.list_id
        self.call_hook("beforeDELETE", customer, product_list)
        product_list.delete()
        self.call_hook("afterDELETE", customer, list_id)
        return self.no_content()
