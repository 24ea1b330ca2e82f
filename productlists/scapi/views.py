"""``/customers/{customerId}/product-lists[/{listId}[/items[/{itemId}]]]`` as SCAPI serves
them; each is its OCAPI view, answering creations 201."""

from customers.scapi.base import ShopperViewMixin
from productlists.views.items import CustomerProductListItemViewSet
from productlists.views.lists import CustomerProductListViewSet

CREATE = frozenset({"create"})


class ShopperProductListViewSet(ShopperViewMixin, CustomerProductListViewSet):
    created_actions = CREATE
    operation_ids = {
        "list": "getCustomerProductLists",
        "create": "createCustomerProductList",
        "retrieve": "getCustomerProductList",
        "partial_update": "updateCustomerProductList",
        "destroy": "deleteCustomerProductList",
    }


class ShopperProductListItemViewSet(ShopperViewMixin, CustomerProductListItemViewSet):
    created_actions = CREATE
    operation_ids = {
        "create": "createCustomerProductListItem",
        "retrieve": "getCustomerProductListItem",
        "partial_update": "updateCustomerProductListItem",
        "destroy": "deleteCustomerProductListItem",
    }
