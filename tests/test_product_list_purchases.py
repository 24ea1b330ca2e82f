"""Purchases of a list item: .../items/{item_id}/purchases[/{purchase_id}], and the item's
``purchased_quantity``, which is always their sum."""

import threading

import pytest
from django.db import connection

from productlists.models import CustomerProductListItemPurchase
from tests.conftest import OcapiClient
from tests.paths import items_path, lists_path, purchases_path

pytest_plugins = ["tests.fixtures_owned", "tests.fixtures_productlists"]

PURCHASE = {"purchaser_name": "first last", "quantity": 1}


def purchased_quantity(client, customer, item, token):
    path = items_path(customer, item.product_list, item.item_id)
    return client.call("GET", path, token=token).json()["purchased_quantity"]


# --- create ---------------------------------------------------------------------------------


def test_add_a_purchase_answers_the_documented_document(client, customer, token, shirt_item):
    response = client.call("POST", purchases_path(customer, shirt_item), PURCHASE, token=token)

    assert response.status_code == 200, response.content
    body = response.json()
    stored = CustomerProductListItemPurchase.objects.get()
    assert {key: value for key, value in body.items() if not key.startswith("_")} == {
        "id": stored.purchase_id,
        "product_list_item_id": shirt_item.item_id,
        "purchaser_name": "first last",
        "quantity": 1,
    }
    assert body["_type"] == "customer_product_list_item_purchase"
    assert (stored.item, stored.quantity) == (shirt_item, 1)
    assert purchased_quantity(client, customer, shirt_item, token) == 1


def test_add_keeps_the_order_number_and_custom_attributes(client, customer, token, shirt_item):
    body = {**PURCHASE, "quantity": 0.5, "order_no": "00001234", "c_gift": True}

    response = client.call("POST", purchases_path(customer, shirt_item), body, token=token)

    document = response.json()
    assert (document["order_no"], document["quantity"], document["c_gift"]) == (
        "00001234",
        0.5,
        True,
    )
    stored = CustomerProductListItemPurchase.objects.get()
    assert (stored.order_no, stored.custom) == ("00001234", {"gift": True})


@pytest.mark.parametrize(
    ("body", "property_name"),
    [
        ({"quantity": 1}, "purchaser_name"),
        ({"purchaser_name": "", "quantity": 1}, "purchaser_name"),
        ({"purchaser_name": "x" * 257, "quantity": 1}, "purchaser_name"),
        ({"purchaser_name": "Jane\x00", "quantity": 1}, "purchaser_name"),
        ({"purchaser_name": "Jane"}, "quantity"),
        ({"purchaser_name": "Jane", "quantity": None}, "quantity"),
        ({"purchaser_name": "Jane", "quantity": -1}, "quantity"),
        ({"purchaser_name": "Jane", "quantity": "1"}, "quantity"),
        ({**PURCHASE, "order_no": 12}, "order_no"),
    ],
)
def test_purchaser_name_and_quantity_are_mandatory(
    client, customer, token, shirt_item, body, property_name
):
    response = client.call("POST", purchases_path(customer, shirt_item), body, token=token)

    assert response.status_code == 400
    fault = response.json()["fault"]
    assert fault["type"] == "PropertyConstraintViolationException"
    assert fault["arguments"]["property"] == property_name
    assert not CustomerProductListItemPurchase.objects.exists()


def test_add_to_an_unknown_item(client, customer, token, wish_list):
    path = items_path(customer, wish_list, "noitem", "purchases")

    response = client.call("POST", path, PURCHASE, token=token)

    assert response.status_code == 404
    assert response.json()["fault"] == {
        "type": "ProductListItemNotFoundException",
        "message": "The product list item with ID 'noitem' was not found.",
        "arguments": {"itemId": "noitem"},
    }


def test_add_to_an_item_of_an_unknown_list(client, customer, token, shirt_item):
    path = lists_path(customer, "nolist", "items", shirt_item.item_id, "purchases")

    response = client.call("POST", path, PURCHASE, token=token)

    assert response.status_code == 404
    assert response.json()["fault"]["type"] == "ProductListNotFoundException"


# --- list and get ---------------------------------------------------------------------------


def test_list_the_purchases_of_an_item(client, customer, token, shirt_item, add_purchase, add_item):
    first = add_purchase(shirt_item, 1, "Jane Doe")
    second = add_purchase(shirt_item, 2, "John Doe", order_no="42")
    add_purchase(add_item(shirt_item.product_list, shirt_item.product), 5)

    response = client.call("GET", purchases_path(customer, shirt_item), token=token)

    assert response.status_code == 200
    body = response.json()
    assert body["_type"] == "customer_product_list_item_purchase_result"
    assert (body["count"], body["total"]) == (2, 2)
    assert "start" not in body
    assert body["data"][0] == {
        "_type": "customer_product_list_item_purchase",
        "id": first.purchase_id,
        "product_list_item_id": shirt_item.item_id,
        "purchaser_name": "Jane Doe",
        "quantity": 1,
    }
    assert body["data"][1]["id"] == second.purchase_id
    assert body["data"][1]["order_no"] == "42"
    assert purchased_quantity(client, customer, shirt_item, token) == 3


@pytest.mark.parametrize("size", [1, 30])
def test_purchases_cost_a_constant_number_of_queries(
    client, customer, token, shirt_item, add_purchase, django_assert_max_num_queries, size
):
    for _ in range(size):
        add_purchase(shirt_item)

    # Savepoint and release, site, client, denylist, token's customer, list, item, purchases.
    with django_assert_max_num_queries(9):
        response = client.call("GET", purchases_path(customer, shirt_item), token=token)

    assert response.json()["count"] == size


def test_get_a_purchase(client, customer, token, shirt_item, add_purchase):
    purchase = add_purchase(shirt_item, 1, custom={"note": "wrapped"})

    response = client.call(
        "GET", purchases_path(customer, shirt_item, purchase.purchase_id), token=token
    )

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == purchase.purchase_id
    assert body["c_note"] == "wrapped"


def test_get_an_unknown_purchase(client, customer, token, shirt_item):
    purchase_id = "nope"
    response = client.call("GET", purchases_path(customer, shirt_item, purchase_id), token=token)

    assert response.status_code == 404
    assert response.json()["fault"]["type"] == "ProductListItemPurchaseNotFoundException"


def test_a_purchase_is_found_only_under_its_own_item(
    client, customer, token, shirt_item, add_item, add_purchase
):
    purchase = add_purchase(shirt_item)
    other_item = add_item(shirt_item.product_list, shirt_item.product)

    response = client.call(
        "GET", purchases_path(customer, other_item, purchase.purchase_id), token=token
    )

    assert response.status_code == 404
    assert response.json()["fault"]["arguments"] == {"purchaseId": purchase.purchase_id}


# --- update ---------------------------------------------------------------------------------


def test_update_changes_only_custom_attributes(client, customer, token, shirt_item, add_purchase):
    purchase = add_purchase(shirt_item, 1, "Jane Doe", custom={"a": 1})

    response = client.call(
        "PATCH",
        purchases_path(customer, shirt_item, purchase.purchase_id),
        {"c_b": 2, "quantity": 9, "purchaser_name": "Mallory"},
        token=token,
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["c_a"], body["c_b"]) == (1, 2)
    assert (body["quantity"], body["purchaser_name"]) == (1, "Jane Doe")
    purchase.refresh_from_db()
    assert purchase.custom == {"a": 1, "b": 2}
    assert purchased_quantity(client, customer, shirt_item, token) == 1


def test_update_of_an_unknown_purchase(client, customer, token, shirt_item):
    response = client.call(
        "PATCH", purchases_path(customer, shirt_item, "nope"), {"c_b": 2}, token=token
    )

    assert response.status_code == 404
    assert response.json()["fault"]["type"] == "ProductListItemPurchaseNotFoundException"


# --- concurrency (PostgreSQL: SQLite serialises all writes anyway) --------------------------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent transactions")
@pytest.mark.django_db(transaction=True)
def test_concurrent_purchases_all_count(client, customer, token, shirt_item, api_client_app):
    workers = 8
    barrier = threading.Barrier(workers)
    statuses = []

    def purchase(index):
        try:
            own_client = OcapiClient(api_client_app.client_id)
            barrier.wait(timeout=10)
            body = {"purchaser_name": f"guest {index}", "quantity": index + 1}
            response = own_client.call(
                "POST", purchases_path(customer, shirt_item), body, token=token
            )
            statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=purchase, args=(index,)) for index in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert statuses == [200] * workers
    expected = sum(range(1, workers + 1))
    assert CustomerProductListItemPurchase.objects.filter(item=shirt_item).count() == workers
    assert purchased_quantity(client, customer, shirt_item, token) == expected


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent transactions")
@pytest.mark.django_db(transaction=True)
def test_a_purchase_racing_the_items_deletion_is_stored_or_not_found(
    client, customer, token, shirt_item, api_client_app
):
    barrier = threading.Barrier(2)
    results = {}
    item_path = items_path(customer, shirt_item.product_list, shirt_item.item_id)

    def act(name, method, path, body):
        try:
            own_client = OcapiClient(api_client_app.client_id)
            barrier.wait(timeout=10)
            results[name] = own_client.call(method, path, body, token=token).status_code
        finally:
            connection.close()

    threads = [
        threading.Thread(
            target=act, args=("purchase", "POST", purchases_path(customer, shirt_item), PURCHASE)
        ),
        threading.Thread(target=act, args=("delete", "DELETE", item_path, None)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    # Never a 500 from a purchase inserted under a deleted item.
    assert results["delete"] == 204
    assert results["purchase"] in (200, 404)
    assert not CustomerProductListItemPurchase.objects.exists()
