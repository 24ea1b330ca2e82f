"""``/customers/{customer_id}/product_lists/{list_id}/items/{item_id}/purchases
[/{purchase_id}]``: who bought what from a list (a guest at the wedding)."""

from productlists.serializers.purchases import (
    CustomerProductListItemPurchaseSerializer,
    CustomerProductListItemPurchaseUpdateSerializer,
)
from productlists.views.base import PRODUCT_LIST, PRODUCT_LIST_ITEM, ProductListOwnedViewSet
from shopsite.api import faults

PURCHASES = "dw.ocapi.shop.customer.product_list.item.purchases"
PURCHASE = "dw.ocapi.shop.customer.product_list.item.purchase"


class CustomerProductListItemPurchaseViewSet(ProductListOwnedViewSet):
    """The purchases of an item are not paged (the result has no ``start``). An item's
    ``purchased_quantity`` is their sum, computed when the item is read."""

    serializer_class = CustomerProductListItemPurchaseSerializer
    update_serializer_class = CustomerProductListItemPurchaseUpdateSerializer
    result_type = "customer_product_list_item_purchase_result"
    parents = (PRODUCT_LIST, PRODUCT_LIST_ITEM)
    related_name = "purchases"
    lookup_field = lookup_url_kwarg = "purchase_id"
    hook_prefix = PURCHASE
    hook_prefix_by_action = {"list": PURCHASES, "create": PURCHASES}

    def not_found(self):
        return faults.ProductListItemPurchaseNotFound(purchaseId=self.lookup_value())

    def owners(self) -> tuple:
        """(list, item), the documents the hooks receive after the customer."""
        return self.get_parent("list_id"), self.get_parent("item_id")

    def list(self, request, *args, **kwargs):
        self.call_hook(
            "beforeGET", self.kwargs["customer_id"], self.kwargs["list_id"], self.kwargs["item_id"]
        )
        purchases = self.get_queryset()
        return self.list_response(purchases, hook="modifyGETResponse_v2", hook_args=self.owners())

    def create(self, request, *args, **kwargs):
        # Locked (list, then item): neither can be deleted while the purchase is added.
        item = self.get_owner(for_update=True)
        serializer = self.get_serializer(data=request.data)
        purchase = self.save_document(serializer, "POST", *self.owners(), item=item)
        document = self.get_serializer(purchase).data
        self.call_hook(
            "modifyPOSTResponse", self.get_customer(), *self.owners(), document, request.data
        )
        return self.document_response(document)

    def retrieve(self, request, *args, **kwargs):
        self.call_hook("beforeGET", self.kwargs["customer_id"])
        return self.object_response(self.get_object(), hook="modifyGETResponse")

    def partial_update(self, request, *args, **kwargs):
        purchase = self.get_object()
        serializer = self.get_serializer(purchase, data=request.data, partial=True)
        purchase = self.save_document(serializer, "PATCH", *self.owners())
        document = self.get_serializer(purchase).data
        self.call_hook(
            "modifyPATCHResponse", self.get_customer(), *self.owners(), document, request.data
        )
        return self.document_response(document)
