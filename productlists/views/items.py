"""``/customers/{customer_id}/product_lists/{list_id}/items[/{item_id}]``: the items of
a list, paged, with ``expand=product,images,availability``."""

from django.db import IntegrityError, transaction

from productlists.serializers.items import (
    CustomerProductListItemSerializer,
    CustomerProductListItemUpdateSerializer,
)
from productlists.views.base import PRODUCT_LIST, ProductListOwnedViewSet
from shopsite.api import faults
from shopsite.api.paging import TenPerPagePagination

ITEMS = "dw.ocapi.shop.customer.product_list.items"
ITEM = "dw.ocapi.shop.customer.product_list.item"


class CustomerProductListItemViewSet(ProductListOwnedViewSet):
    """A page of items costs the same queries whatever its size: the product is joined
    and ``purchased_quantity`` is a subquery of the same statement."""

    serializer_class = CustomerProductListItemSerializer
    update_serializer_class = CustomerProductListItemUpdateSerializer
    pagination_class = TenPerPagePagination
    result_type = "customer_product_list_item_result"
    result_resource_state = True
    parents = (PRODUCT_LIST,)
    related_name = "items"
    lookup_field = lookup_url_kwarg = "item_id"
    hook_prefix = ITEM
    hook_prefix_by_action = {"list": ITEMS, "create": ITEMS}

    def get_queryset(self):
        return super().get_queryset().for_documents()

    def not_found(self):
        return faults.ProductListItemNotFound(itemId=self.lookup_value())

    def list(self, request, *args, **kwargs):
        self.call_hook("beforeGET", self.kwargs["customer_id"], self.kwargs["list_id"])
        product_list = self.get_owner()
        return self.paged_response(
            self.get_queryset(),
            hook="modifyGETResponse_v2",
            hook_args=(self.get_customer(), product_list),
        )

    def create(self, request, *args, **kwargs):
        # Locked: the list cannot be deleted while the item is added to it.
        product_list = self.get_owner(for_update=True)
        serializer = self.get_serializer(data=request.data)
        try:
            with transaction.atomic():
                item = self.save_document(
                    serializer, "POST", product_list, product_list=product_list
                )
        except IntegrityError:
            # The partial unique index: one gift certificate item per list, also when two
            # requests add one at the same time.
            raise faults.ProductListDuplicateGiftCertificate() from None
        document = self.get_serializer(self.get_queryset().get(pk=item.pk)).data
        self.call_hook(
            f"{ITEM}.modifyPOSTResponse", self.get_customer(), product_list, document, request.data
        )
        return self.document_response(document)

    def retrieve(self, request, *args, **kwargs):
        self.call_hook(
            "beforeGET", self.kwargs["customer_id"], self.kwargs["list_id"], self.lookup_value()
        )
        return self.object_response(self.get_object(), hook="modifyGETResponse")

    def partial_update(self, request, *args, **kwargs):
        item = self.get_object()
        product_list = self.get_parent("list_id")
        serializer = self.get_serializer(item, data=request.data, partial=True)
        item = self.save_document(serializer, "PATCH", product_list)
        document = self.get_serializer(item).data
        self.call_hook(
            "modifyPATCHResponse", self.get_customer(), product_list, document, request.data
        )
        return self.document_response(document)

    def destroy(self, request, *args, **kwargs):
        customer = self.get_customer()
        # Locked, so that purchases being added meanwhile are deleted with it.
        item = self.get_object(for_update=True)
        product_list = self.get_parent("list_id")
        item_id = item.item_id
        self.call_hook("beforeDELETE", customer, product_list, item)
        item.delete()
        self.call_hook("afterDELETE", customer, product_list, item_id)
        return self.no_content()
