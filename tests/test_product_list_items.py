"""Items of a product list: /customers/{id}/product_lists/{list_id}/items[/{item_id}]."""

import pytest

from productlists.models import CustomerProductListItem
from tests.paths import items_path, lists_path
from tests.samples import SAMPLE_PRODUCT_ITEM

pytest_plugins = ["tests.fixtures_owned", "tests.fixtures_productlists"]

INVALID = "PropertyConstraintViolationException"


# --- create ---------------------------------------------------------------------------------


def test_add_a_product_answers_the_documented_document(client, customer, token, wish_list, shirt):
    response = client.call(
        "POST", items_path(customer, wish_list), SAMPLE_PRODUCT_ITEM, token=token
    )

    assert response.status_code == 200, response.content
    body = response.json()
    stored = CustomerProductListItem.objects.get()
    assert {key: value for key, value in body.items() if not key.startswith("_")} == {
        "id": stored.item_id,
        "priority": 4,
        "product_details_link": {
            "_type": "product_simple_link",
            "link": "http://testserver/s/SiteGenesis/dw/shop/v19_5/products/008884303989",
            "title": "Platinum Blue Stripes Easy Care Fitted Shirt",
        },
        "product_id": "008884303989",
        "public": True,
        "purchased_quantity": 0,
        "quantity": 2,
        "type": "product",
    }
    assert body["_type"] == "customer_product_list_item"
    assert len(body["_resource_state"]) == 64
    assert (stored.product, stored.product_list, stored.quantity) == (shirt, wish_list, 2)


def test_add_keeps_custom_attributes_and_fractional_quantities(
    client, customer, token, wish_list, shirt
):
    body = {**SAMPLE_PRODUCT_ITEM, "quantity": 1.25, "c_strValue": "private product item"}

    response = client.call("POST", items_path(customer, wish_list), body, token=token)

    assert response.status_code == 200
    assert response.json()["quantity"] == 1.25
    assert response.json()["c_strValue"] == "private product item"
    assert CustomerProductListItem.objects.get().custom == {"strValue": "private product item"}


def test_add_a_gift_certificate(client, customer, token, wish_list):
    body = {"type": "gift_certificate", "priority": 2, "product_id": "ignored", "quantity": 5}

    response = client.call("POST", items_path(customer, wish_list), body, token=token)

    assert response.status_code == 200
    document = response.json()
    assert document["type"] == "gift_certificate"
    assert document["purchased_quantity"] == 0
    # "used for product item type only"
    assert "product_id" not in document and "quantity" not in document
    assert CustomerProductListItem.objects.get().product is None


def test_a_second_gift_certificate_is_refused(client, customer, token, wish_list, add_item):
    add_item(wish_list)

    response = client.call(
        "POST", items_path(customer, wish_list), {"type": "gift_certificate"}, token=token
    )

    assert response.status_code == 400
    assert response.json()["fault"]["type"] == "ProductListDuplicateGiftCertificateException"
    assert CustomerProductListItem.objects.count() == 1


def test_another_list_may_have_its_own_gift_certificate(
    client, customer, token, wish_list, add_list, add_item
):
    add_item(add_list(customer))

    response = client.call(
        "POST", items_path(customer, wish_list), {"type": "gift_certificate"}, token=token
    )

    assert response.status_code == 200


@pytest.mark.parametrize(
    ("body", "fault_type", "arguments"),
    [
        ({"product_id": "008884303989"}, "ProductListItemTypeMissingException", None),
        ({"type": None}, "ProductListItemTypeMissingException", None),
        ({"type": "product"}, "ProductListProductIdMissingException", None),
        ({"type": "product", "product_id": ""}, "ProductListProductIdMissingException", None),
        (
            {"type": "product", "product_id": "nosuchsku"},
            "ProductListProductNotFoundException",
            {"productId": "nosuchsku"},
        ),
        (
            {"type": "product", "product_id": "offline-sku"},
            "ProductListProductNotFoundException",
            {"productId": "offline-sku"},
        ),
        ({"type": "service"}, INVALID, None),
        ({"type": "product", "product_id": 42}, INVALID, None),
        ({"type": "product", "product_id": "p" * 101}, INVALID, None),
        ({**SAMPLE_PRODUCT_ITEM, "quantity": -1}, INVALID, None),
        ({**SAMPLE_PRODUCT_ITEM, "quantity": "2"}, INVALID, None),
        ({**SAMPLE_PRODUCT_ITEM, "quantity": True}, INVALID, None),
        ({**SAMPLE_PRODUCT_ITEM, "quantity": 1e300}, INVALID, None),
        ({**SAMPLE_PRODUCT_ITEM, "quantity": 1.005}, INVALID, None),
        ({**SAMPLE_PRODUCT_ITEM, "priority": 2**31}, INVALID, None),
        ({**SAMPLE_PRODUCT_ITEM, "priority": -(2**31) - 1}, INVALID, None),
        ({**SAMPLE_PRODUCT_ITEM, "priority": 1.5}, INVALID, None),
        ({**SAMPLE_PRODUCT_ITEM, "public": 1}, INVALID, None),
        ({**SAMPLE_PRODUCT_ITEM, "wishes": 3}, "UnknownPropertyException", None),
    ],
)
def test_add_checks_the_item(
    client, customer, token, wish_list, shirt, add_product, body, fault_type, arguments
):
    add_product("offline-sku", online=False)

    response = client.call("POST", items_path(customer, wish_list), body, token=token)

    assert response.status_code == 400, response.content
    fault = response.json()["fault"]
    assert fault["type"] == fault_type
    if arguments:
        assert fault["arguments"] == arguments
    assert not CustomerProductListItem.objects.exists()


def test_add_to_an_unknown_list(client, customer, token, shirt):
    response = client.call(
        "POST",
        lists_path(customer, "a3c7975278be9a387e10db66f7", "items"),
        SAMPLE_PRODUCT_ITEM,
        token=token,
    )

    assert response.status_code == 404
    assert response.json()["fault"] == {
        "type": "ProductListNotFoundException",
        "message": "The product list with ID 'a3c7975278be9a387e10db66f7' was not found.",
        "arguments": {"productListId": "a3c7975278be9a387e10db66f7"},
    }


# --- list -----------------------------------------------------------------------------------


def test_list_answers_the_items_result(
    client, customer, token, wish_list, shirt_item, add_item, add_purchase
):
    gift = add_item(wish_list, priority=2)
    add_purchase(shirt_item, 1)
    add_purchase(shirt_item, 0.5)

    response = client.call("GET", items_path(customer, wish_list), token=token)

    assert response.status_code == 200
    body = response.json()
    assert body["_type"] == "customer_product_list_item_result"
    assert (body["count"], body["start"], body["total"]) == (2, 0, 2)
    assert "next" not in body
    first, second = body["data"]
    assert first["id"] == shirt_item.item_id
    assert first["purchased_quantity"] == 1.5
    assert len(first["_resource_state"]) == 64
    assert second == {
        "_type": "customer_product_list_item",
        "_resource_state": second["_resource_state"],
        "id": gift.item_id,
        "priority": 2,
        "public": False,
        "purchased_quantity": 0,
        "type": "gift_certificate",
    }


def test_list_pages_ten_items_by_default(client, customer, token, wish_list, shirt, add_item):
    for _ in range(12):
        add_item(wish_list, shirt)

    body = client.call("GET", items_path(customer, wish_list), token=token).json()

    assert (body["count"], body["total"]) == (10, 12)
    assert "next" not in body


def test_list_links_pages_when_asked(client, customer, token, wish_list, shirt, add_item):
    items = [add_item(wish_list, shirt, priority=index) for index in range(5)]

    body = client.call(
        "GET", items_path(customer, wish_list) + "?start=2&count=2", token=token
    ).json()

    assert [item["id"] for item in body["data"]] == [items[2].item_id, items[3].item_id]
    assert body["next"].endswith("/items?count=2&start=4")
    assert body["previous"].endswith("/items?count=2&start=0")


@pytest.mark.parametrize(
    ("query", "ok"),
    [("count=200", True), ("count=201", False), ("count=0", False), ("start=-1", False)],
)
def test_list_paging_bounds(client, customer, token, wish_list, query, ok):
    response = client.call("GET", items_path(customer, wish_list) + f"?{query}", token=token)

    assert response.status_code == (200 if ok else 400)
    if not ok:
        assert response.json()["fault"]["type"] == "MalformedParameterException"


def test_list_of_an_unknown_list(client, customer, token):
    response = client.call("GET", lists_path(customer, "nolist", "items"), token=token)

    assert response.status_code == 404
    assert response.json()["fault"]["type"] == "ProductListNotFoundException"


# --- expand ---------------------------------------------------------------------------------


def test_expand_product_embeds_the_catalogue_product(
    client, customer, token, wish_list, shirt_item
):
    body = client.call(
        "GET", items_path(customer, wish_list) + "?expand=product", token=token
    ).json()

    product = body["data"][0]["product"]
    assert product == {
        "_type": "product",
        "currency": "USD",
        "id": "008884303989",
        "name": "Platinum Blue Stripes Easy Care Fitted Shirt",
        "price": 49.99,
        "short_description": "A fitted shirt.",
        "type": {"_type": "product_type", "item": True},
    }


def test_expand_images_and_availability_add_to_the_product(
    client, customer, token, wish_list, shirt_item
):
    body = client.call(
        "GET",
        items_path(customer, wish_list, shirt_item.item_id) + "?expand=product,images,availability",
        token=token,
    ).json()

    product = body["product"]
    assert product["image_groups"] == [
        {
            "_type": "image_group",
            "images": [
                {
                    "_type": "image",
                    "alt": "Platinum Blue Stripes Easy Care Fitted Shirt",
                    "link": "https://cdn.example.com/shirt-large.jpg",
                    "title": "Platinum Blue Stripes Easy Care Fitted Shirt",
                },
                {
                    "_type": "image",
                    "alt": "Platinum Blue Stripes Easy Care Fitted Shirt",
                    "link": "https://cdn.example.com/s2.jpg",
                    "title": "Platinum Blue Stripes Easy Care Fitted Shirt",
                },
            ],
            "view_type": "large",
        }
    ]
    assert product["inventory"] == {
        "_type": "inventory",
        "ats": 7,
        "backorderable": False,
        "id": "inventory",
        "orderable": True,
        "preorderable": False,
        "stock_level": 7,
    }


def test_availability_of_a_product_out_of_stock(
    client, customer, token, wish_list, add_product, add_item
):
    variant = add_product("008884303996", stock_level=0, master_id="74974310M")
    item = add_item(wish_list, variant)

    body = client.call(
        "GET",
        items_path(customer, wish_list, item.item_id) + "?expand=product,availability",
        token=token,
    ).json()

    assert body["product"]["inventory"]["orderable"] is False
    assert body["product"]["type"] == {"_type": "product_type", "variant": True}
    assert body["product"]["master"] == {
        "_type": "master",
        "link": "http://testserver/s/SiteGenesis/dw/shop/v19_5/products/74974310M",
        "master_id": "74974310M",
    }


def test_images_and_availability_need_the_product_expanded(
    client, customer, token, wish_list, shirt_item
):
    body = client.call(
        "GET", items_path(customer, wish_list) + "?expand=images,availability", token=token
    ).json()

    assert "product" not in body["data"][0]


@pytest.mark.parametrize("size", [1, 50])
def test_items_cost_a_constant_number_of_queries(
    client,
    customer,
    token,
    wish_list,
    shirt,
    add_item,
    add_purchase,
    django_assert_max_num_queries,
    size,
):
    for _ in range(size):
        add_purchase(add_item(wish_list, shirt), 1)

    # Savepoint and release, site, client, denylist, token's customer, the list, COUNT and
    # the page (products joined, purchased quantities as a subquery).
    with django_assert_max_num_queries(9):
        response = client.call(
            "GET",
            items_path(customer, wish_list) + "?count=200&expand=product,images,availability",
            token=token,
        )

    body = response.json()
    assert body["count"] == size
    assert all(item["purchased_quantity"] == 1 for item in body["data"])
    assert all(item["product"]["inventory"]["stock_level"] == 7 for item in body["data"])


# --- get ------------------------------------------------------------------------------------


def test_get_an_item(client, customer, token, wish_list, shirt_item):
    response = client.call("GET", items_path(customer, wish_list, shirt_item.item_id), token=token)

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == shirt_item.item_id
    assert body["c_intValue"] == 7
    assert "product" not in body


def test_get_an_unknown_item(client, customer, token, wish_list):
    item_id = "noitem"
    response = client.call("GET", items_path(customer, wish_list, item_id), token=token)

    assert response.status_code == 404
    assert response.json()["fault"]["type"] == "ProductListItemNotFoundException"


def test_an_item_is_found_only_in_its_own_list(client, customer, token, shirt_item, add_list):
    other_list = add_list(customer)

    response = client.call("GET", items_path(customer, other_list, shirt_item.item_id), token=token)

    assert response.status_code == 404
    assert response.json()["fault"]["arguments"] == {"itemId": shirt_item.item_id}


# --- update ---------------------------------------------------------------------------------


def test_update_changes_priority_quantity_public_and_custom_attributes(
    client, customer, token, wish_list, shirt_item, add_purchase
):
    add_purchase(shirt_item, 1)

    response = client.call(
        "PATCH",
        items_path(customer, wish_list, shirt_item.item_id),
        {"priority": 3, "quantity": 4, "public": False, "c_strValue": "x"},
        token=token,
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["priority"], body["quantity"], body["public"]) == (3, 4, False)
    assert (body["c_intValue"], body["c_strValue"]) == (7, "x")
    assert body["purchased_quantity"] == 1
    shirt_item.refresh_from_db()
    assert (shirt_item.priority, shirt_item.quantity) == (3, 4)


def test_update_ignores_the_type_and_product(
    client, customer, token, wish_list, shirt_item, add_product
):
    add_product("other")

    response = client.call(
        "PATCH",
        items_path(customer, wish_list, shirt_item.item_id),
        {"type": "gift_certificate", "product_id": "other", "priority": 1},
        token=token,
    )

    assert response.status_code == 200
    shirt_item.refresh_from_db()
    assert (shirt_item.type, shirt_item.product.product_id) == ("product", "008884303989")


def test_update_checks_the_values(client, customer, token, wish_list, shirt_item):
    response = client.call(
        "PATCH",
        items_path(customer, wish_list, shirt_item.item_id),
        {"quantity": -2},
        token=token,
    )

    assert response.status_code == 400
    assert response.json()["fault"]["type"] == "PropertyConstraintViolationException"
    shirt_item.refresh_from_db()
    assert shirt_item.quantity == 2


def test_update_of_an_unknown_item(client, customer, token, wish_list):
    response = client.call(
        "PATCH", items_path(customer, wish_list, "noitem"), {"priority": 1}, token=token
    )

    assert response.status_code == 404
    assert response.json()["fault"]["type"] == "ProductListItemNotFoundException"


# --- delete ---------------------------------------------------------------------------------


def test_delete_an_item_and_its_purchases(
    client, customer, token, wish_list, shirt_item, add_purchase, add_item
):
    add_purchase(shirt_item)
    kept = add_item(wish_list)

    response = client.call(
        "DELETE", items_path(customer, wish_list, shirt_item.item_id), token=token
    )

    assert response.status_code == 204
    assert list(CustomerProductListItem.objects.values_list("item_id", flat=True)) == [kept.item_id]
    assert not shirt_item.purchases.exists()


def test_delete_an_unknown_item(client, customer, token, wish_list):
    response = client.call("DELETE", items_path(customer, wish_list, "noitem"), token=token)

    assert response.status_code == 404
    assert response.json()["fault"]["type"] == "ProductListItemNotFoundException"
