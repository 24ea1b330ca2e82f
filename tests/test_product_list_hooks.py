"""Every extension point the documentation lists for product lists, items and purchases:
exact names (singular and plural prefixes, ``modifyGETResponse_v2``), argument order,
and the abort contract (an error status rolls the request back)."""

import pytest

from productlists.models import (
    CustomerProductList,
    CustomerProductListItem,
    CustomerProductListItemPurchase,
)
from shopsite.api.hooks import Status
from tests.paths import items_path, lists_path, purchases_path
from tests.samples import SAMPLE_PRODUCT_ITEM, SAMPLE_PRODUCT_LIST

pytest_plugins = ["tests.fixtures_owned", "tests.fixtures_productlists"]

P = "dw.ocapi.shop.customer"
PURCHASE = {"purchaser_name": "first last", "quantity": 1}


@pytest.fixture
def purchase(shirt_item, add_purchase):
    return add_purchase(shirt_item)


@pytest.fixture
def record(hook_recorder):
    """Register recorders for ``names``; answer the (name, args) calls in order."""
    on, calls = hook_recorder

    def start(*names):
        for name in names:
            on(name)
        return calls

    return start


def test_get_lists(client, customer, token, wish_list, record):
    calls = record(f"{P}.product_lists.beforeGET", f"{P}.product_lists.modifyGETResponse_v2")

    client.call("GET", lists_path(customer), token=token)

    assert [name for name, _ in calls] == [
        f"{P}.product_lists.beforeGET",
        f"{P}.product_lists.modifyGETResponse_v2",
    ]
    assert calls[0][1] == (customer.customer_id,)
    hooked_customer, result = calls[1][1]
    assert hooked_customer == customer
    assert result["_type"] == "customer_product_list_result"


def test_post_list(client, customer, token, record):
    calls = record(
        f"{P}.product_lists.beforePOST",
        f"{P}.product_lists.afterPOST",
        f"{P}.product_list.modifyPOSTResponse",
    )

    response = client.call("POST", lists_path(customer), SAMPLE_PRODUCT_LIST, token=token)

    assert [name for name, _ in calls] == [
        f"{P}.product_lists.beforePOST",
        f"{P}.product_lists.afterPOST",
        f"{P}.product_list.modifyPOSTResponse",
    ]
    assert calls[0][1] == (customer, SAMPLE_PRODUCT_LIST)
    assert calls[1][1] == (customer, SAMPLE_PRODUCT_LIST)
    hooked_customer, product_list, document = calls[2][1]
    assert hooked_customer == customer
    assert product_list == CustomerProductList.objects.get()
    assert document["id"] == response.json()["id"]


def test_get_list(client, customer, token, wish_list, record):
    calls = record(f"{P}.product_list.beforeGET", f"{P}.product_list.modifyGETResponse")

    client.call("GET", lists_path(customer, wish_list.list_id), token=token)

    assert calls[0] == (f"{P}.product_list.beforeGET", (customer.customer_id, wish_list.list_id))
    name, (hooked_customer, product_list, document) = calls[1]
    assert name == f"{P}.product_list.modifyGETResponse"
    assert (hooked_customer, product_list) == (customer, wish_list)
    assert document["_type"] == "customer_product_list"


def test_patch_list(client, customer, token, wish_list, record):
    calls = record(
        f"{P}.product_list.beforePATCH",
        f"{P}.product_list.afterPATCH",
        f"{P}.product_list.modifyPATCHResponse",
    )
    change = {"description": "new description"}

    client.call("PATCH", lists_path(customer, wish_list.list_id), change, token=token)

    assert calls[0] == (f"{P}.product_list.beforePATCH", (customer, change))
    assert calls[1] == (f"{P}.product_list.afterPATCH", (customer, change))
    name, (hooked_customer, product_list, document) = calls[2]
    assert name == f"{P}.product_list.modifyPATCHResponse"
    assert (hooked_customer, product_list) == (customer, wish_list)
    assert document["description"] == "new description"


def test_delete_list(client, customer, token, wish_list, record):
    calls = record(f"{P}.product_list.beforeDELETE", f"{P}.product_list.afterDELETE")

    client.call("DELETE", lists_path(customer, wish_list.list_id), token=token)

    # The deleted instance has no primary key any more: compare what identifies it.
    (before, (hooked_customer, product_list)), after = calls
    assert before == f"{P}.product_list.beforeDELETE"
    assert (hooked_customer, product_list.list_id) == (customer, wish_list.list_id)
    assert after == (f"{P}.product_list.afterDELETE", (customer, wish_list.list_id))


def test_get_items(client, customer, token, wish_list, shirt_item, record):
    calls = record(
        f"{P}.product_list.items.beforeGET", f"{P}.product_list.items.modifyGETResponse_v2"
    )

    client.call("GET", items_path(customer, wish_list), token=token)

    assert calls[0] == (
        f"{P}.product_list.items.beforeGET",
        (customer.customer_id, wish_list.list_id),
    )
    name, (hooked_customer, product_list, result) = calls[1]
    assert name == f"{P}.product_list.items.modifyGETResponse_v2"
    assert (hooked_customer, product_list) == (customer, wish_list)
    assert result["_type"] == "customer_product_list_item_result"


def test_post_item(client, customer, token, wish_list, shirt, record):
    calls = record(
        f"{P}.product_list.items.beforePOST",
        f"{P}.product_list.items.afterPOST",
        f"{P}.product_list.item.modifyPOSTResponse",
    )

    client.call("POST", items_path(customer, wish_list), SAMPLE_PRODUCT_ITEM, token=token)

    assert calls[0] == (
        f"{P}.product_list.items.beforePOST",
        (customer, wish_list, SAMPLE_PRODUCT_ITEM),
    )
    assert calls[1] == (
        f"{P}.product_list.items.afterPOST",
        (customer, wish_list, SAMPLE_PRODUCT_ITEM),
    )
    name, (hooked_customer, product_list, response, request) = calls[2]
    assert name == f"{P}.product_list.item.modifyPOSTResponse"
    assert (hooked_customer, product_list, request) == (customer, wish_list, SAMPLE_PRODUCT_ITEM)
    assert response["_type"] == "customer_product_list_item"


def test_get_item(client, customer, token, wish_list, shirt_item, record):
    calls = record(f"{P}.product_list.item.beforeGET", f"{P}.product_list.item.modifyGETResponse")

    client.call("GET", items_path(customer, wish_list, shirt_item.item_id), token=token)

    assert calls[0] == (
        f"{P}.product_list.item.beforeGET",
        (customer.customer_id, wish_list.list_id, shirt_item.item_id),
    )
    name, (hooked_customer, item, document) = calls[1]
    assert name == f"{P}.product_list.item.modifyGETResponse"
    assert (hooked_customer, item) == (customer, shirt_item)
    assert document["id"] == shirt_item.item_id


def test_patch_item(client, customer, token, wish_list, shirt_item, record):
    calls = record(
        f"{P}.product_list.item.beforePATCH",
        f"{P}.product_list.item.afterPATCH",
        f"{P}.product_list.item.modifyPATCHResponse",
    )
    change = {"priority": 3}

    client.call(
        "PATCH",
        items_path(customer, wish_list, shirt_item.item_id),
        change,
        token=token,
    )

    assert calls[0] == (f"{P}.product_list.item.beforePATCH", (customer, wish_list, change))
    assert calls[1] == (f"{P}.product_list.item.afterPATCH", (customer, wish_list, change))
    name, (hooked_customer, product_list, response, request) = calls[2]
    assert name == f"{P}.product_list.item.modifyPATCHResponse"
    assert (hooked_customer, product_list, request) == (customer, wish_list, change)
    assert response["priority"] == 3


def test_delete_item(client, customer, token, wish_list, shirt_item, record):
    calls = record(f"{P}.product_list.item.beforeDELETE", f"{P}.product_list.item.afterDELETE")

    client.call("DELETE", items_path(customer, wish_list, shirt_item.item_id), token=token)

    (before, (hooked_customer, product_list, item)), after = calls
    assert before == f"{P}.product_list.item.beforeDELETE"
    assert (hooked_customer, product_list, item.item_id) == (
        customer,
        wish_list,
        shirt_item.item_id,
    )
    assert after == (
        f"{P}.product_list.item.afterDELETE",
        (customer, wish_list, shirt_item.item_id),
    )


def test_get_purchases(client, customer, token, wish_list, shirt_item, purchase, record):
    calls = record(
        f"{P}.product_list.item.purchases.beforeGET",
        f"{P}.product_list.item.purchases.modifyGETResponse_v2",
    )

    client.call("GET", purchases_path(customer, shirt_item), token=token)

    assert calls[0] == (
        f"{P}.product_list.item.purchases.beforeGET",
        (customer.customer_id, wish_list.list_id, shirt_item.item_id),
    )
    name, (hooked_customer, product_list, item, result) = calls[1]
    assert name == f"{P}.product_list.item.purchases.modifyGETResponse_v2"
    assert (hooked_customer, product_list, item) == (customer, wish_list, shirt_item)
    assert result["_type"] == "customer_product_list_item_purchase_result"


def test_post_purchase(client, customer, token, wish_list, shirt_item, record):
    calls = record(
        f"{P}.product_list.item.purchases.beforePOST",
        f"{P}.product_list.item.purchases.afterPOST",
        f"{P}.product_list.item.purchases.modifyPOSTResponse",
    )

    client.call("POST", purchases_path(customer, shirt_item), PURCHASE, token=token)

    owners = (customer, wish_list, shirt_item)
    assert calls[0] == (f"{P}.product_list.item.purchases.beforePOST", (*owners, PURCHASE))
    assert calls[1] == (f"{P}.product_list.item.purchases.afterPOST", (*owners, PURCHASE))
    name, args = calls[2]
    assert name == f"{P}.product_list.item.purchases.modifyPOSTResponse"
    assert args[:3] == owners and args[4] == PURCHASE
    assert args[3]["_type"] == "customer_product_list_item_purchase"


def test_get_purchase(client, customer, token, shirt_item, purchase, record):
    calls = record(
        f"{P}.product_list.item.purchase.beforeGET",
        f"{P}.product_list.item.purchase.modifyGETResponse",
    )

    client.call("GET", purchases_path(customer, shirt_item, purchase.purchase_id), token=token)

    assert calls[0] == (f"{P}.product_list.item.purchase.beforeGET", (customer.customer_id,))
    name, (hooked_customer, hooked_purchase, document) = calls[1]
    assert name == f"{P}.product_list.item.purchase.modifyGETResponse"
    assert (hooked_customer, hooked_purchase) == (customer, purchase)
    assert document["id"] == purchase.purchase_id


def test_patch_purchase(client, customer, token, wish_list, shirt_item, purchase, record):
    calls = record(
        f"{P}.product_list.item.purchase.beforePATCH",
        f"{P}.product_list.item.purchase.afterPATCH",
        f"{P}.product_list.item.purchase.modifyPATCHResponse",
    )
    change = {"c_thanked": True}

    client.call(
        "PATCH", purchases_path(customer, shirt_item, purchase.purchase_id), change, token=token
    )

    owners = (customer, wish_list, shirt_item)
    assert calls[0] == (f"{P}.product_list.item.purchase.beforePATCH", (*owners, change))
    assert calls[1] == (f"{P}.product_list.item.purchase.afterPATCH", (*owners, change))
    name, args = calls[2]
    assert name == f"{P}.product_list.item.purchase.modifyPATCHResponse"
    assert args[:3] == owners and args[4] == change
    assert args[3]["c_thanked"] is True


# --- the abort contract ---------------------------------------------------------------------


def state():
    return (
        list(CustomerProductList.objects.values_list("list_id", "description")),
        list(CustomerProductListItem.objects.values_list("item_id", "priority")),
        list(CustomerProductListItemPurchase.objects.values_list("purchase_id", "custom")),
    )


ABORTS = [
    ("product_lists.afterPOST", "POST", (), SAMPLE_PRODUCT_LIST),
    ("product_list.afterPATCH", "PATCH", ("{list}",), {"description": "changed"}),
    ("product_list.afterDELETE", "DELETE", ("{list}",), None),
    ("product_list.items.afterPOST", "POST", ("{list}", "items"), SAMPLE_PRODUCT_ITEM),
    ("product_list.item.afterPATCH", "PATCH", ("{list}", "items", "{item}"), {"priority": 9}),
    ("product_list.item.afterDELETE", "DELETE", ("{list}", "items", "{item}"), None),
    (
        "product_list.item.purchases.afterPOST",
        "POST",
        ("{list}", "items", "{item}", "purchases"),
        PURCHASE,
    ),
    (
        "product_list.item.purchase.afterPATCH",
        "PATCH",
        ("{list}", "items", "{item}", "purchases", "{purchase}"),
        {"c_x": 1},
    ),
    ("product_list.modifyPOSTResponse", "POST", (), SAMPLE_PRODUCT_LIST),
    ("product_list.item.modifyPOSTResponse", "POST", ("{list}", "items"), SAMPLE_PRODUCT_ITEM),
]


@pytest.mark.parametrize(("point", "method", "segments", "body"), ABORTS)
def test_an_error_status_rolls_the_request_back(
    client, customer, token, wish_list, shirt_item, purchase, hook_recorder, point, method,
    segments, body,
):  # fmt: skip
    on, _ = hook_recorder
    on(f"{P}.{point}", result=Status.error("NOPE", "Not today."))
    ids = {"list": wish_list.list_id, "item": shirt_item.item_id, "purchase": purchase.purchase_id}
    before = state()

    response = client.call(
        method, lists_path(customer, *(s.format(**ids) for s in segments)), body, token=token
    )

    assert response.status_code == 400
    assert response.json()["fault"] == {
        "type": "HookStatusException",
        "message": f"Error in ExtensionPoint '{P}.{point}'!",
        "arguments": {
            "extensionPoint": f"{P}.{point}",
            "statusCode": "NOPE",
            "statusMessage": "Not today.",
        },
    }
    assert state() == before


def test_a_before_hook_returning_ok_lets_the_request_proceed(
    client, customer, token, hook_recorder
):
    on, _ = hook_recorder
    on(f"{P}.product_lists.beforePOST", result=Status.ok())

    response = client.call("POST", lists_path(customer), {"type": "wish_list"}, token=token)

    assert response.status_code == 200


def test_a_response_hook_changes_the_document(client, customer, token, wish_list, hook_recorder):
    on, _ = hook_recorder
    on(
        f"{P}.product_lists.modifyGETResponse_v2",
        change=lambda customer, document: document.update(c_loyalty="gold"),
    )

    response = client.call("GET", lists_path(customer), token=token)

    assert response.json()["c_loyalty"] == "gold"
