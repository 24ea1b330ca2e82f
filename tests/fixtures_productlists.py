"""Fixtures for product lists: a small catalogue, lists, items and purchases, and paths.
Test modules load them with ``pytest_plugins`` (after ``tests.fixtures_owned``)."""

from decimal import Decimal

import pytest

from productlists.models import (
    CustomerProductList,
    CustomerProductListItem,
    CustomerProductListItemPurchase,
    Product,
)


@pytest.fixture
def add_product(db):
    def add(product_id="008884303989", **fields):
        fields.setdefault("name", "Platinum Blue Stripes Easy Care Fitted Shirt")
        fields.setdefault("price", Decimal("49.99"))
        fields.setdefault("currency", "USD")
        fields.setdefault("stock_level", 7)
        return Product.objects.create(product_id=product_id, **fields)

    return add


@pytest.fixture
def shirt(add_product):
    return add_product(
        short_description="A fitted shirt.",
        image_urls=["https://cdn.example.com/shirt-large.jpg", "https://cdn.example.com/s2.jpg"],
    )


@pytest.fixture
def add_list():
    def add(customer, type="wish_list", **fields):
        return CustomerProductList.objects.create(customer=customer, type=type, **fields)

    return add


@pytest.fixture
def add_item():
    def add(product_list, product=None, **fields):
        kind = fields.pop("type", "product" if product else "gift_certificate")
        return CustomerProductListItem.objects.create(
            product_list=product_list, product=product, type=kind, **fields
        )

    return add


@pytest.fixture
def add_purchase():
    def add(item, quantity=1, purchaser_name="Jane Doe", **fields):
        return CustomerProductListItemPurchase.objects.create(
            item=item, quantity=Decimal(str(quantity)), purchaser_name=purchaser_name, **fields
        )

    return add


@pytest.fixture
def wish_list(customer, add_list):
    return add_list(customer, name="Birthday", description="a productlist")


@pytest.fixture
def shirt_item(wish_list, shirt, add_item):
    return add_item(wish_list, shirt, priority=4, quantity=2, custom={"intValue": 7})
