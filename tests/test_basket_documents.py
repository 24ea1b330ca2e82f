"""Baskets carry the whole documented ``basket``: shipments, billing address, payment
instruments, coupons, shipping items, price adjustments, gift certificates, bonus discount
line items, notes, channel type, source code, agent basket and inventory reservation,
stored as the Shop API defines them (``customers.order_documents``, the definitions orders
use) and returned by ``GET /customers/{id}/baskets``."""

from datetime import datetime

import pytest
from django.core.exceptions import ValidationError

from customers.models import Basket
from shopsite.demo.management.commands.load_demo_data import DEMO_CARD_NUMBER, Command

pytest_plugins = ["tests.fixtures_owned"]

#: The basket properties the swagger defines beside the totals and product items.
WHOLE_BASKET = {
    "agent_basket",
    "billing_address",
    "bonus_discount_line_items",
    "channel_type",
    "coupon_items",
    "gift_certificate_items",
    "inventory_reservation_expiry",
    "order_price_adjustments",
    "payment_instruments",
    "shipments",
    "shipping_items",
    "source_code",
}


@pytest.fixture
def demo_basket(customer):
    customer.first_name = "John"
    customer.save()
    Command().demo_basket(customer)
    return customer.baskets.get()


def baskets_of(client, customer, token):
    response = client.call("GET", f"customers/{customer.customer_id}/baskets", token=token)
    assert response.status_code == 200
    return response.json()["baskets"]


def test_the_demo_basket_answers_every_document(client, customer, token, demo_basket):
    [basket] = baskets_of(client, customer, token)

    assert set(basket) >= WHOLE_BASKET
    assert basket["basket_id"] == demo_basket.basket_id
    assert basket["billing_address"]["_type"] == "order_address"
    assert basket["billing_address"]["country_code"] == "US"
    shipment = basket["shipments"][0]
    assert shipment["_type"] == "shipment"
    assert shipment["shipping_address"]["_type"] == "order_address"
    assert shipment["shipping_method"]["_type"] == "shipping_method"
    payment = basket["payment_instruments"][0]
    assert payment["_type"] == "order_payment_instrument"
    assert payment["payment_card"]["masked_number"] == "************1111"
    assert payment["amount"] == basket["order_total"]
    assert basket["coupon_items"][0] == {
        "_type": "coupon_item",
        "code": "SPRING10",
        "coupon_item_id": basket["coupon_items"][0]["coupon_item_id"],
        "status_code": "applied",
        "valid": True,
    }
    assert basket["order_price_adjustments"][0]["_type"] == "price_adjustment"
    assert basket["shipping_items"][0]["_type"] == "shipping_item"
    certificate = basket["gift_certificate_items"][0]
    assert certificate["_type"] == "gift_certificate_item"
    assert certificate["amount"] == 25.0
    bonus = basket["bonus_discount_line_items"][0]
    assert bonus["_type"] == "bonus_discount_line_item"
    assert bonus["bonus_products"][0]["_type"] == "product_details_link"
    assert basket["product_items"][0]["_type"] == "product_item"
    assert basket["product_items"][0]["shipment_id"] == "me"
    assert basket["channel_type"] == "storefront"
    assert basket["source_code"] == "NEWSLETTER"
    assert basket["agent_basket"] is False
    expiry = datetime.fromisoformat(basket["inventory_reservation_expiry"].replace("Z", "+00:00"))
    assert abs(expiry - demo_basket.inventory_reservation_expiry).total_seconds() < 0.001
    # The gift certificate is part of the order total; the card covers all of it.
    assert basket["order_total"] == round(
        basket["product_total"] + basket["shipping_total"] + basket["tax_total"] + 25.0, 2
    )
    assert DEMO_CARD_NUMBER not in str(basket)


def test_the_demo_basket_passes_the_models_validation(demo_basket):
    demo_basket.full_clean()


def test_notes_and_an_agent_basket_are_answered(client, customer, token, add_basket):
    add_basket(
        customer,
        notes={"link": "https://example.com/dw/shop/v19_5/baskets/b1/notes"},
        agent_basket=True,
        channel_type=Basket.ChannelType.CALLCENTER,
    )

    [basket] = baskets_of(client, customer, token)

    assert basket["notes"] == {
        "_type": "simple_link",
        "link": "https://example.com/dw/shop/v19_5/baskets/b1/notes",
    }
    assert basket["agent_basket"] is True
    assert basket["channel_type"] == "callcenter"


def test_an_empty_basket_leaves_its_empty_documents_out(client, customer, token, add_basket):
    add_basket(customer)

    [basket] = baskets_of(client, customer, token)

    assert not {"billing_address", "shipments", "notes", "coupon_items"} & set(basket)


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("billing_address", {"city": "Woburn", "street": "x"}, "street"),
        ("shipments", [{"shipping_method": {"name": "Ground"}}], "'id' is a required property"),
        ("gift_certificate_items", [{"amount": 25}], "'recipient_email' is a required"),
        ("bonus_discount_line_items", [{"bonus_products": [{}]}], "'product_id' is a required"),
        ("notes", {"link": ["x"]}, "is not of type 'string'"),
        ("channel_type", "carrier-pigeon", "not a valid choice"),
    ],
)
def test_a_basket_document_the_spec_does_not_define_is_refused(
    customer, add_basket, field, value, problem
):
    basket = add_basket(customer)
    setattr(basket, field, value)

    with pytest.raises(ValidationError) as refused:
        basket.full_clean()

    assert field in refused.value.message_dict
    assert problem in " ".join(refused.value.message_dict[field])
