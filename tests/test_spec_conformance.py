"""Every document shopsite answers is valid against the published Shop API spec.

Each response body is validated with jsonschema against the `definitions` of the Shop API
20.4 swagger, the spec the JS client was generated from (the ones these documents use,
kept in `tests/data/shop_api_definitions.json` by `tests/data/derive.py`), with one
strictness added: a document may not carry properties its definition does not declare
(besides `_v`, `_type`, `_resource_state` and `c_*` custom attributes). A misspelt or
invented property, a wrong type or a wrong nesting fails here.
"""

import json
from pathlib import Path

import pytest
from jsonschema import Draft4Validator

from shopsite.demo.management.commands.load_demo_data import Command
from tests.paths import lists_path
from tests.samples import (
    SAMPLE_ADDRESS,
    SAMPLE_PAYMENT_INSTRUMENT,
    SAMPLE_PRODUCT_ITEM,
    SAMPLE_PRODUCT_LIST,
)

pytest_plugins = [
    "tests.fixtures_owned",
    "tests.fixtures_passwords",
    "tests.fixtures_productlists",
]

SPEC = Path(__file__).resolve().parent / "data" / "shop_api_definitions.json"

# Properties a document may carry beyond its definition, each with the reason.
DOCUMENTED_EXTRAS = {
    # The resource documentation's samples name it so; the spec says masked_gift_certificate_code.
    # Its GET sample also carries `uuid` (the instrument id again).
    "customer_payment_instrument": {"gift_certificate_code_masked", "uuid"},
}
# Constraints of the spec that describe Salesforce's sandbox, not the API: its country list
# and its custom attributes (a sandbox's shipping methods all have c_storePickupEnabled).
SANDBOX_ENUMS = {("customer_address", "country_code"), ("order_address", "country_code")}
SANDBOX_REQUIRED = {("shipping_method", "c_storePickupEnabled")}


def strict(definitions: dict) -> dict:
    """The spec's definitions, closed to undeclared properties."""
    closed = {}
    for name, definition in definitions.items():
        definition = json.loads(json.dumps(definition))
        properties = definition.get("properties", {})
        for prop in properties:
            if (name, prop) in SANDBOX_ENUMS:
                properties[prop].pop("enum", None)
        if "required" in definition:
            definition["required"] = [
                prop for prop in definition["required"] if (name, prop) not in SANDBOX_REQUIRED
            ] or definition.pop("required")
        extras = DOCUMENTED_EXTRAS.get(name, set())
        definition["additionalProperties"] = False
        definition["patternProperties"] = {"^c_": {}, "^_(v|type|resource_state)$": {}}
        for extra in extras:
            properties[extra] = {}
        closed[name] = definition
    return closed


@pytest.fixture(scope="module")
def definitions():
    return strict(json.loads(SPEC.read_text())["definitions"])


@pytest.fixture
def conforms(definitions):
    def check(response, expected_type: str):
        assert response.status_code in (200, 301), response.content
        document = response.json()
        assert document["_type"] == expected_type
        validator = Draft4Validator(
            {"$ref": f"#/definitions/{expected_type}", "definitions": definitions}
        )
        errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
        assert not errors, "\n".join(
            f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}" for e in errors
        )
        return document

    return check


@pytest.fixture
def stocked(customer, add_address, add_card, add_order, add_basket):
    add_address(customer, "home", preferred=True, address1="10 Presidential Way", city="Woburn")
    add_address(customer, "work", company_name="Salesforce")
    add_card(customer)
    add_order(customer)
    add_basket(customer)
    return customer


def test_customer_documents(client, stocked, token, conforms):
    path = f"customers/{stocked.customer_id}"

    conforms(client.call("GET", path, token=token), "customer")
    full = conforms(
        client.call("GET", f"{path}?expand=addresses,paymentinstruments", token=token), "customer"
    )
    assert len(full["addresses"]) == 2 and len(full["payment_instruments"]) == 1
    conforms(client.call("PATCH", path, {"fax": "+49 1", "c_origin": "x"}, token=token), "customer")
    conforms(client.call("POST", "customers/auth", {"type": "guest"}), "customer")


def test_address_documents(client, stocked, token, conforms):
    base = f"customers/{stocked.customer_id}/addresses"

    conforms(client.call("GET", f"{base}?start=0&count=1", token=token), "customer_address_result")
    conforms(client.call("GET", f"{base}/home", token=token), "customer_address")
    conforms(client.call("POST", base, SAMPLE_ADDRESS, token=token), "customer_address")
    conforms(
        client.call("PATCH", f"{base}/work", {"address_id": "office"}, token=token),
        "customer_address",
    )


def test_payment_instrument_documents(client, stocked, token, conforms):
    base = f"customers/{stocked.customer_id}/payment_instruments"

    listed = conforms(client.call("GET", base, token=token), "customer_payment_instrument_result")
    instrument_id = listed["data"][0]["payment_instrument_id"]
    conforms(
        client.call("GET", f"{base}/{instrument_id}", token=token), "customer_payment_instrument"
    )
    conforms(
        client.call("POST", base, SAMPLE_PAYMENT_INSTRUMENT, token=token),
        "customer_payment_instrument",
    )


def test_order_and_basket_documents(client, stocked, token, conforms):
    base = f"customers/{stocked.customer_id}"

    orders = conforms(client.call("GET", f"{base}/orders", token=token), "customer_order_result")
    baskets = conforms(client.call("GET", f"{base}/baskets", token=token), "baskets_result")
    assert orders["total"] == 1 and baskets["total"] == 1


def test_a_whole_order_document(client, customer, token, conforms):
    """Every document an order holds (billing address, payment instruments, shipments,
    shipping items, price adjustments, coupons), as the demo data fills them."""
    Command().demo_orders(customer)

    result = conforms(
        client.call("GET", f"customers/{customer.customer_id}/orders", token=token),
        "customer_order_result",
    )

    assert result["total"] == 3
    for order in result["data"]:
        for prop in ("billing_address", "payment_instruments", "shipments", "shipping_items"):
            assert order[prop], prop
        assert order["shipments"][0]["shipping_method"]["_type"] == "shipping_method"
    discounted = [order for order in result["data"] if "order_price_adjustments" in order]
    assert len(discounted) == 1
    assert discounted[0]["order_price_adjustments"][0]["_type"] == "price_adjustment"
    assert discounted[0]["coupon_items"][0]["code"] == "WELCOME5"


def test_product_list_documents(client, stocked, token, conforms, shirt, add_product):
    add_product("008884303996", master_id="74974310M", image_urls=["https://cdn.example.com/v.jpg"])
    body = {
        **SAMPLE_PRODUCT_LIST,
        "type": "gift_registry",
        "shipping_address_link": {"address_id": "home"},
        "current_shipping_address_link": {"address_id": "work"},
        "post_event_shipping_address_link": {"address_id": "home"},
        "c_theme": "blue",
    }
    created = conforms(
        client.call("POST", lists_path(stocked), body, token=token), "customer_product_list"
    )
    list_id = created["id"]
    items = lists_path(stocked, list_id, "items")
    item = conforms(
        client.call("POST", items, {**SAMPLE_PRODUCT_ITEM, "c_note": "x"}, token=token),
        "customer_product_list_item",
    )
    conforms(
        client.call(
            "POST", items, {**SAMPLE_PRODUCT_ITEM, "product_id": "008884303996"}, token=token
        ),
        "customer_product_list_item",
    )
    conforms(
        client.call("POST", items, {"type": "gift_certificate"}, token=token),
        "customer_product_list_item",
    )
    purchases = lists_path(stocked, list_id, "items", item["id"], "purchases")
    purchase = conforms(
        client.call(
            "POST",
            purchases,
            {"purchaser_name": "Jane", "quantity": 1.5, "order_no": "1"},
            token=token,
        ),
        "customer_product_list_item_purchase",
    )
    expand = "?expand=product,images,availability"

    listed = conforms(
        client.call("GET", lists_path(stocked) + expand, token=token),
        "customer_product_list_result",
    )
    assert len(listed["data"][0]["customer_product_list_items"]) == 3
    assert listed["data"][0]["customer_product_list_items"][1]["product"]["master"]
    conforms(
        client.call("GET", lists_path(stocked, list_id) + expand, token=token),
        "customer_product_list",
    )
    conforms(
        client.call("PATCH", lists_path(stocked, list_id), {"name": "Ours"}, token=token),
        "customer_product_list",
    )
    paged = conforms(
        client.call("GET", items + expand + "&start=0&count=1", token=token),
        "customer_product_list_item_result",
    )
    assert "next" in paged
    conforms(
        client.call("GET", f"{items}/{item['id']}{expand}", token=token),
        "customer_product_list_item",
    )
    conforms(
        client.call("PATCH", f"{items}/{item['id']}", {"quantity": 3}, token=token),
        "customer_product_list_item",
    )
    conforms(
        client.call("GET", purchases, token=token), "customer_product_list_item_purchase_result"
    )
    conforms(
        client.call("GET", f"{purchases}/{purchase['id']}", token=token),
        "customer_product_list_item_purchase",
    )
    conforms(
        client.call("PATCH", f"{purchases}/{purchase['id']}", {"c_thanked": True}, token=token),
        "customer_product_list_item_purchase",
    )


def test_reset_token_result(client, customer, trusted, conforms):
    response = client.call(
        "POST",
        "customers/password/actions/create_reset_token",
        {"login": customer.login},
        headers={"Authorization": trusted.authorization},
    )

    conforms(response, "reset_password_token_result")


def test_the_check_refuses_undeclared_and_mistyped_properties(definitions):
    validator = Draft4Validator({"$ref": "#/definitions/customer", "definitions": definitions})
    document = {
        "_type": "customer",
        "c_anything": {"goes": True},
        "favourite_colour": "red",
        "gender": "male",
        "addresses": [{"address_id": 1}],
    }

    messages = {error.message for error in validator.iter_errors(document)}

    assert any("favourite_colour" in message for message in messages)
    assert "'male' is not of type 'integer'" in messages
    assert "1 is not of type 'string'" in messages
    assert not any("c_anything" in message for message in messages)
