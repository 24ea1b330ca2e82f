"""The product lists app's models: the catalogue the lists point at, and the lists."""

from productlists.models.lists import (
    CustomerProductList,
    CustomerProductListItem,
    CustomerProductListItemPurchase,
)
from productlists.models.product import Product

__all__ = [
    "CustomerProductList",
    "CustomerProductListItem",
    "CustomerProductListItemPurchase",
    "Product",
]
