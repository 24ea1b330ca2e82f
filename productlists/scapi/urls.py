"""Shopper Customers product list routes, relative to
``/customer/shopper-customers/v1/organizations/{organizationId}/``."""

from django.urls import path

from productlists.scapi.public import ShopperPublicProductListViewSet as Public
from productlists.scapi.views import ShopperProductListItemViewSet, ShopperProductListViewSet

LISTS = "customers/<str:customer_id>/product-lists"
ITEMS = f"{LISTS}/<str:list_id>/items"
DOCUMENT = {"get": "retrieve", "patch": "partial_update", "delete": "destroy"}

urlpatterns = [
    path(LISTS, ShopperProductListViewSet.as_view({"get": "list", "post": "create"})),
    path(f"{LISTS}/<str:list_id>", ShopperProductListViewSet.as_view(DOCUMENT)),
    path(ITEMS, ShopperProductListItemViewSet.as_view({"post": "create"})),
    path(f"{ITEMS}/<str:item_id>", ShopperProductListItemViewSet.as_view(DOCUMENT)),
    path("product-lists", Public.as_view({"get": "list"})),
    path("product-lists/<str:list_id>", Public.as_view({"get": "retrieve"})),
    path("product-lists/<str:list_id>/items", Public.as_view({"get": "items"})),
    path("product-lists/<str:list_id>/items/<str:item_id>", Public.as_view({"get": "item"})),
]
