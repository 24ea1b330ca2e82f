"""Routes of customer product lists and the catalogue's products, relative to
``/s/{site_id}/dw/shop/{version}/``."""

from django.urls import path

from productlists.views.items import CustomerProductListItemViewSet
from productlists.views.lists import CustomerProductListViewSet
from productlists.views.products import ProductViewSet
from productlists.views.purchases import CustomerProductListItemPurchaseViewSet

LISTS = "customers/<str:customer_id>/product_lists"
ITEMS = f"{LISTS}/<str:list_id>/items"
PURCHASES = f"{ITEMS}/<str:item_id>/purchases"
COLLECTION = {"get": "list", "post": "create"}
DOCUMENT = {"get": "retrieve", "patch": "partial_update", "delete": "destroy"}

urlpatterns = [
    path("products/<str:id>", ProductViewSet.as_view({"get": "retrieve"}), name="product"),
    path(LISTS, CustomerProductListViewSet.as_view(COLLECTION), name="customer-product-lists"),
    path(
        f"{LISTS}/<str:list_id>",
        CustomerProductListViewSet.as_view(DOCUMENT),
        name="customer-product-list",
    ),
    path(
        ITEMS,
        CustomerProductListItemViewSet.as_view(COLLECTION),
        name="customer-product-list-items",
    ),
    path(
        f"{ITEMS}/<str:item_id>",
        CustomerProductListItemViewSet.as_view(DOCUMENT),
        name="customer-product-list-item",
    ),
    path(
        PURCHASES,
        CustomerProductListItemPurchaseViewSet.as_view(COLLECTION),
        name="customer-product-list-item-purchases",
    ),
    path(
        f"{PURCHASES}/<str:purchase_id>",
        CustomerProductListItemPurchaseViewSet.as_view(
            {"get": "retrieve", "patch": "partial_update"}
        ),
        name="customer-product-list-item-purchase",
    ),
]
