"""Path parameters against their documented constraints (19.5 documentation, "Path
Parameters"): a value longer than the parameter's ``maxLength`` (``address_name`` 256,
``list_id``/``item_id``/``purchase_id`` 28, the product ``id`` 100) is 400
``MalformedParameterException`` ("a query, header, or path parameter value is malformed",
OCAPI's global exceptions), before any lookup and whatever the method; a value within it
that names nothing is the resource's own 404. ``customer_id`` and
``payment_instrument_id`` are documented with ``minLength=1`` only: any length is a value
that may be unknown."""

import pytest

from customers.models import CustomerAddress
from tests.paths import items_path, lists_path, purchases_path

pytest_plugins = ["tests.fixtures_owned", "tests.fixtures_productlists"]


def malformed(response, parameter: str):
    assert response.status_code == 400, response.content
    fault = response.json()["fault"]
    assert fault["type"] == "MalformedParameterException"
    assert fault["arguments"]["parameter"] == parameter
    return fault


@pytest.mark.parametrize("method", ["GET", "PATCH", "DELETE"])
def test_an_address_name_past_256_characters_is_malformed(
    client, customer, token, add_address, method
):
    add_address(customer, "a" * 256)
    path = f"customers/{customer.customer_id}/addresses/{'a' * 257}"

    malformed(client.call(method, path, {"city": "Boston"}, token=token), "address_name")
    assert CustomerAddress.objects.get(customer=customer).city == ""


def test_an_address_name_of_256_characters_is_looked_up(client, customer, token, add_address):
    add_address(customer, "a" * 256)
    found = client.call(
        "GET", f"customers/{customer.customer_id}/addresses/{'a' * 256}", token=token
    )
    unknown = client.call(
        "GET", f"customers/{customer.customer_id}/addresses/{'b' * 256}", token=token
    )

    assert found.status_code == 200
    assert unknown.status_code == 404
    assert unknown.json()["fault"]["type"] == "CustomerAddressNotFoundException"


def test_a_list_id_past_28_characters_is_malformed(client, customer, token, wish_list):
    malformed(client.call("GET", lists_path(customer, "x" * 29), token=token), "list_id")
    malformed(client.call("DELETE", lists_path(customer, "x" * 29), token=token), "list_id")
    malformed(client.call("GET", lists_path(customer, "x" * 29, "items"), token=token), "list_id")
    unknown = client.call("GET", lists_path(customer, "x" * 28), token=token)
    assert unknown.status_code == 404
    assert unknown.json()["fault"]["type"] == "ProductListNotFoundException"
    assert wish_list.__class__.objects.filter(pk=wish_list.pk).exists()


def test_an_item_id_past_28_characters_is_malformed(client, customer, token, wish_list):
    malformed(client.call("GET", items_path(customer, wish_list, "i" * 29), token=token), "item_id")
    unknown = client.call("GET", items_path(customer, wish_list, "i" * 28), token=token)
    assert unknown.status_code == 404
    assert unknown.json()["fault"]["type"] == "ProductListItemNotFoundException"


def test_a_purchase_id_past_28_characters_is_malformed(client, customer, token, shirt_item):
    path = purchases_path(customer, shirt_item, "p" * 29)
    malformed(client.call("GET", path, token=token), "purchase_id")
    unknown = client.call("GET", purchases_path(customer, shirt_item, "p" * 28), token=token)
    assert unknown.status_code == 404
    assert unknown.json()["fault"]["type"] == "ProductListItemPurchaseNotFoundException"


def test_parameters_without_a_documented_maximum_are_unknown_values(client, customer, token):
    instrument = client.call(
        "GET", f"customers/{customer.customer_id}/payment_instruments/{'p' * 300}", token=token
    )
    other_customer = client.call("GET", f"customers/{'c' * 300}", token=token)

    assert instrument.status_code == 404
    assert instrument.json()["fault"]["type"] == "PaymentInstrumentNotFoundException"
    assert other_customer.status_code == 400
    assert other_customer.json()["fault"]["type"] == "InvalidCustomerException"


def test_the_schema_documents_the_limits(client):
    schema = client.get("/api/schema/?format=json").json()
    limits = {
        parameter["name"]: parameter["schema"].get("maxLength")
        for operations in schema["paths"].values()
        for operation in operations.values()
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "path"
    }

    assert limits["address_name"] == 256
    assert limits["list_id"] == limits["item_id"] == limits["purchase_id"] == 28
    assert limits["customer_id"] is None and limits["payment_instrument_id"] is None
