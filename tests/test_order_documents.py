"""Orders carry the whole documented ``order``: billing address, payment instruments,
shipments, shipping items, price adjustments, coupons... stored as the Shop API defines
them (``customers.order_documents``) and returned by ``GET /customers/{id}/orders``."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from customers import order_documents
from customers.models import Basket, Order
from shopsite.demo.management.commands.load_demo_data import (
    DEMO_CARD_NUMBER,
    SHIPPING,
    Command,
    line_items,
)

pytest_plugins = ["tests.fixtures_owned"]

SPEC = Path(__file__).resolve().parents[2] / "shared" / "spec" / "shop-api-20.4.swagger.json"


@pytest.fixture
def demo_orders(customer):
    customer.first_name = "John"
    customer.save()
    Command().demo_orders(customer)
    return list(customer.orders.order_by("creation_date"))


def orders_of(client, customer, token, query=""):
    return client.call("GET", f"customers/{customer.customer_id}/orders{query}", token=token)


def test_the_listing_returns_every_document_of_an_order(client, customer, token, demo_orders):
    response = orders_of(client, customer, token, "?count=1")

    assert response.status_code == 200
    order = response.json()["data"][0]
    newest = demo_orders[-1]
    assert order["order_no"] == newest.order_no
    assert order["billing_address"] == {
        "_type": "order_address",
        "address1": "10 Presidential Way",
        "city": "Woburn",
        "country_code": "US",
        "first_name": "John",
        "full_name": "John Smith",
        "last_name": "Smith",
        "phone": "781-555-0100",
        "postal_code": "01801",
        "state_code": "MA",
    }
    payment = order["payment_instruments"][0]
    assert payment["_type"] == "order_payment_instrument"
    assert payment["amount"] == float(newest.order_total)
    assert payment["payment_card"]["_type"] == "payment_card"
    assert payment["payment_card"]["masked_number"] == "************1111"
    shipment = order["shipments"][0]
    assert shipment["shipment_id"] == "me" and shipment["shipping_status"] == "not_shipped"
    assert shipment["shipping_address"]["_type"] == "order_address"
    assert shipment["shipping_method"] == {
        "_type": "shipping_method",
        "description": "Order received within 7-10 business days",
        "id": "001",
        "name": "Ground",
        "price": float(SHIPPING),
    }
    assert order["shipping_items"][0]["_type"] == "shipping_item"
    assert order["shipping_items"][0]["price"] == order["shipping_total"]
    assert order["product_items"][0]["shipment_id"] == "me"
    assert order["channel_type"] == "storefront"
    assert order["export_status"] == "ready"
    assert DEMO_CARD_NUMBER not in response.content.decode()


def test_an_order_answers_its_global_party_id_notes_and_token(client, customer, token, add_order):
    # The order document's global_party_id, notes (a simple_link) and order_token.
    order = add_order(
        customer,
        global_party_id="GP-0001",
        notes={"link": "https://example.com/dw/shop/v19_5/orders/00000001/notes"},
    )
    order.full_clean()

    document = orders_of(client, customer, token).json()["data"][0]

    assert document["global_party_id"] == "GP-0001"
    assert document["notes"] == {
        "_type": "simple_link",
        "link": "https://example.com/dw/shop/v19_5/orders/00000001/notes",
    }
    assert len(document["order_token"]) == 32
    assert document["order_token"] == Order.objects.get(pk=order.pk).order_token
    other = add_order(customer)
    assert other.order_token != order.order_token


def test_a_coupon_order_shows_its_adjustment_and_adds_up(client, customer, token, demo_orders):
    documents = orders_of(client, customer, token).json()["data"]

    [discounted] = [order for order in documents if order.get("coupon_items")]
    adjustment = discounted["order_price_adjustments"][0]
    assert adjustment["_type"] == "price_adjustment"
    assert adjustment["price"] == -5.0
    assert adjustment["applied_discount"] == {"_type": "discount", "amount": 5.0, "type": "amount"}
    assert discounted["coupon_items"][0]["_type"] == "coupon_item"
    assert discounted["product_total"] == round(discounted["product_sub_total"] - 5.0, 2)
    assert discounted["order_total"] == round(
        discounted["product_total"] + discounted["shipping_total"] + discounted["tax_total"], 2
    )


def test_line_items_keeps_its_signature_for_the_bench():
    plain = line_items([("25591862M", "Classic Shirt", 2, "59.00")])
    discounted = line_items([("25591862M", "Classic Shirt", 2, "59.00")], discount=Decimal("10"))

    assert plain["product_total"] == plain["product_sub_total"] == Decimal("118.00")
    assert discounted["product_total"] == Decimal("108.00")
    assert discounted["order_total"] < plain["order_total"]


@pytest.mark.parametrize("model", [Order, Basket])
def test_each_document_is_checked_with_the_definition_it_answers_with(model):
    """The model's validators and the serializer's typing (``LISTS``/``SINGLE``) name the
    definition of each document separately: they must agree, for orders and baskets."""
    checked = {
        field.name: (validator.definition, validator.many)
        for field in model._meta.concrete_fields
        for validator in field.validators
        if isinstance(validator, order_documents.DocumentValidator)
    }
    answered = {name: (definition, True) for name, definition in order_documents.LISTS.items()}
    answered |= {name: (definition, False) for name, definition in order_documents.SINGLE.items()}
    assert checked == answered


def test_demo_orders_pass_the_models_validation(demo_orders):
    for order in demo_orders:
        order.full_clean()


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("billing_address", {"city": "Woburn", "street": "x"}, "street"),
        ("billing_address", {"city": 5}, "city"),
        ("payment_instruments", [{"payment_card": {"number": "4111111111111111"}}], "number"),
        ("shipments", [{"shipping_method": {"name": "Ground"}}], "'id' is a required property"),
        ("shipments", {"shipment_id": "me"}, "is not of type 'array'"),
        ("shipping_items", [{"price": "5.99"}], "is not of type 'number'"),
        ("order_price_adjustments", [{"applied_discount": {"amount": 5}}], "'type' is a required"),
        ("coupon_items", [{"status_code": "applied"}], "'code' is a required property"),
        ("product_items", [{"product_id": "P-1", "quantity": 1, "colour": "red"}], "colour"),
        ("notes", {"link": 5}, "is not of type 'string'"),
        ("notes", {"text": "call first"}, "text"),
    ],
)
def test_a_document_the_spec_does_not_define_is_refused(customer, add_order, field, value, problem):
    order = add_order(customer)
    setattr(order, field, value)

    with pytest.raises(ValidationError) as refused:
        order.full_clean()

    assert field in refused.value.message_dict
    assert problem in " ".join(refused.value.message_dict[field])


def test_custom_attributes_are_allowed_in_documents(customer, add_order):
    order = add_order(customer, billing_address={"city": "Woburn", "c_note": "gate code 12"})

    order.full_clean()


def test_orders_are_read_only(client, customer, token, add_order):
    add_order(customer)
    path = f"customers/{customer.customer_id}/orders"

    answers = [
        client.call(method, path, {"order_no": "x"}, token=token)
        for method in ("POST", "PATCH", "PUT", "DELETE")
    ]

    assert {response.status_code for response in answers} == {405}
    assert {response.json()["fault"]["type"] for response in answers} == {
        "MethodNotAllowedException"
    }
    assert list(Order.objects.values_list("order_no", flat=True)) != ["x"]


def test_the_schema_copy_matches_the_spec():
    if not SPEC.exists():
        pytest.skip("shared/spec is not beside the checkout")
    swagger = json.loads(SPEC.read_text())["definitions"]

    expected = order_documents.definitions_from_swagger(swagger)

    assert order_documents.vendored_definitions() == expected, (
        "regenerate customers/schemas/order_documents.json: python -m customers.order_documents "
        "../shared/spec/shop-api-20.4.swagger.json > customers/schemas/order_documents.json"
    )
