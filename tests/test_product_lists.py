"""Customer product lists: /customers/{customer_id}/product_lists[/{list_id}]."""

import pytest

from customers.models import Customer
from productlists.models import (
    CustomerProductList,
    CustomerProductListItem,
    CustomerProductListItemPurchase,
)
from tests.paths import lists_path
from tests.samples import SAMPLE_PRODUCT_LIST

pytest_plugins = ["tests.fixtures_owned", "tests.fixtures_productlists", "tests.fixtures_agents"]


# --- create ---------------------------------------------------------------------------------


def test_create_answers_the_documented_document(client, customer, token):
    response = client.call("POST", lists_path(customer), SAMPLE_PRODUCT_LIST, token=token)

    assert response.status_code == 200, response.content
    body = response.json()
    stored = CustomerProductList.objects.get(customer=customer)
    assert body["_type"] == "customer_product_list"
    assert body["_v"] == "19.5"
    assert len(body["_resource_state"]) == 64
    assert body["id"] == stored.list_id and len(stored.list_id) <= 28
    assert body["type"] == "wish_list"
    assert body["name"] == "OurProductList"
    assert body["description"] == "our productlist"
    assert body["public"] is False
    assert body["event"] == {"_type": "product_list_event", **SAMPLE_PRODUCT_LIST["event"]}
    assert body["registrant"] == {
        "_type": "product_list_registrant",
        **SAMPLE_PRODUCT_LIST["registrant"],
    }
    assert body["co_registrant"]["role"] == "Bride"
    assert body["items_link"] == {
        "_type": "customer_product_list_item_link",
        "link": "http://testserver/s/SiteGenesis/dw/shop/v19_5/customers/"
        f"{customer.customer_id}/product_lists/{stored.list_id}/items",
        "title": "0 items",
    }
    # No items: the embedded list is left out, as empty properties are.
    assert "customer_product_list_items" not in body
    assert body["creation_date"].endswith("Z") and body["last_modified"].endswith("Z")
    assert (stored.registrant_email, stored.co_registrant_role) == ("john@example.com", "Bride")
    assert stored.event_date.isoformat() == "2015-07-30T00:00:00+00:00"


def test_create_keeps_custom_attributes(client, customer, token):
    body = {"type": "shopping_list", "c_occasion": "groceries", "c_count": 3}

    response = client.call("POST", lists_path(customer), body, token=token)

    assert response.status_code == 200
    assert response.json()["c_occasion"] == "groceries"
    assert CustomerProductList.objects.get().custom == {"occasion": "groceries", "count": 3}


@pytest.mark.parametrize(
    "list_type", ["wish_list", "gift_registry", "shopping_list", "custom_1", "custom_2", "custom_3"]
)
def test_every_documented_type_can_be_created(client, customer, token, list_type):
    response = client.call("POST", lists_path(customer), {"type": list_type}, token=token)

    assert response.status_code == 200
    assert response.json()["type"] == list_type


@pytest.mark.parametrize(
    "body",
    [{}, {"name": "x"}, {"type": None}, {"type": "birthday"}, {"type": 1}, {"type": ["wish_list"]}],
    ids=["empty", "missing", "null", "unknown", "number", "array"],
)
def test_create_without_a_valid_type_is_refused(client, customer, token, body):
    response = client.call("POST", lists_path(customer), body, token=token)

    assert response.status_code == 400
    assert response.json()["fault"]["type"] == "InvalidProductListTypeException"
    assert not CustomerProductList.objects.exists()


def test_address_links_point_into_the_address_book(client, customer, token, add_address):
    add_address(customer, "me", first_name="John", last_name="Doe", city="Woburn")
    add_address(customer, "later", city="Boston")
    body = {
        **SAMPLE_PRODUCT_LIST,
        "shipping_address_link": {"address_id": "me"},
        "current_shipping_address_link": {"address_id": "me", "title": "echoed, ignored"},
        "post_event_shipping_address_link": {"address_id": "later"},
    }

    response = client.call("POST", lists_path(customer), body, token=token)

    assert response.status_code == 200, response.content
    document = response.json()
    assert document["shipping_address_link"] == {
        "_type": "address_link",
        "address_id": "me",
        "link": "http://testserver/s/SiteGenesis/dw/shop/v19_5/customers/"
        f"{customer.customer_id}/addresses/me",
        "title": "me, John Doe, Woburn",
    }
    assert document["current_shipping_address_link"]["address_id"] == "me"
    assert document["post_event_shipping_address_link"]["title"] == "later, John Smith, Boston"
    stored = CustomerProductList.objects.get()
    assert stored.post_event_shipping_address.address_id == "later"
    # The link is a working URL of the address.
    path = document["shipping_address_link"]["link"].removeprefix("http://testserver")
    address = client.get(path, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert address.status_code == 200 and address.json()["city"] == "Woburn"


@pytest.mark.parametrize("link", ["shipping_address_link", "post_event_shipping_address_link"])
def test_a_link_to_an_address_that_is_not_the_owners_is_refused(
    client, customer, token, other_customer, add_address, link
):
    add_address(other_customer, "theirs")

    body = {"type": "gift_registry", link: {"address_id": "theirs"}}
    response = client.call("POST", lists_path(customer), body, token=token)

    assert response.status_code == 400
    fault = response.json()["fault"]
    assert fault["type"] == "InvalidAddressLinkException"
    assert fault["arguments"] == {"addressId": "theirs", "customerNo": customer.customer_no}
    assert not CustomerProductList.objects.exists()


@pytest.mark.parametrize(
    ("change", "fault_type"),
    [
        ({"name": 5}, "PropertyConstraintViolationException"),
        ({"name": "n" * 257}, "PropertyConstraintViolationException"),
        ({"name": "bad\x00name"}, "PropertyConstraintViolationException"),
        ({"description": "d" * 4001}, "PropertyConstraintViolationException"),
        ({"public": "yes"}, "PropertyConstraintViolationException"),
        ({"event": {"date": "next summer"}}, "PropertyConstraintViolationException"),
        ({"event": {"date": "2015-02-30"}}, "PropertyConstraintViolationException"),
        ({"event": {"venue": "church"}}, "UnknownPropertyException"),
        ({"event": "Wedding"}, "PropertyConstraintViolationException"),
        ({"registrant": {"email": "not-an-email"}}, "PropertyConstraintViolationException"),
        ({"shipping_address_link": "me"}, "PropertyConstraintViolationException"),
        ({"shipping_address_link": {"address_id": 7}}, "PropertyConstraintViolationException"),
        ({"shipping_address_link": {"id": "me"}}, "UnknownPropertyException"),
        (
            {"shipping_address_link": {"address_id": "m\x00e"}},
            "PropertyConstraintViolationException",
        ),
        ({"registrant": {"role": "Bri\x00de"}}, "PropertyConstraintViolationException"),
        ({"event": {"date": "2015-07-30\x00"}}, "PropertyConstraintViolationException"),
        ({"colour": "red"}, "UnknownPropertyException"),
    ],
)
def test_create_checks_properties(client, customer, token, change, fault_type):
    body = {**SAMPLE_PRODUCT_LIST, **change}

    response = client.call("POST", lists_path(customer), body, token=token)

    assert response.status_code == 400, response.content
    assert response.json()["fault"]["type"] == fault_type
    assert not CustomerProductList.objects.exists()


def test_read_only_properties_sent_back_are_ignored(client, customer, token):
    body = {
        "type": "wish_list",
        "id": "mine",
        "items_link": {"link": "x"},
        "creation_date": "2000-01-01T00:00:00Z",
    }

    response = client.call("POST", lists_path(customer), body, token=token)

    assert response.status_code == 200
    assert response.json()["id"] != "mine"


# --- list -----------------------------------------------------------------------------------


def test_list_answers_every_list_with_its_items(
    client, customer, token, wish_list, shirt_item, add_list, add_item, add_purchase
):
    registry = add_list(customer, "gift_registry", name="Wedding")
    add_item(registry)  # a gift certificate
    add_purchase(shirt_item, 1)

    response = client.call("GET", lists_path(customer), token=token)

    assert response.status_code == 200
    body = response.json()
    assert body["_type"] == "customer_product_list_result"
    assert (body["count"], body["total"]) == (2, 2)
    assert "start" not in body and "next" not in body
    first, second = body["data"]
    assert first["id"] == wish_list.list_id and second["id"] == registry.list_id
    # As in the documentation's sample: no _resource_state on the lists of the result,
    # an event document even when empty, the items embedded and counted in the link.
    assert "_resource_state" not in first
    assert first["event"] == {"_type": "product_list_event"}
    assert "registrant" not in first
    assert first["items_link"]["title"] == "1 items"
    [item] = first["customer_product_list_items"]
    assert item == {
        "_type": "customer_product_list_item",
        "id": shirt_item.item_id,
        "priority": 4,
        "product_details_link": {
            "_type": "product_simple_link",
            "link": "http://testserver/s/SiteGenesis/dw/shop/v19_5/products/008884303989",
            "title": "Platinum Blue Stripes Easy Care Fitted Shirt",
        },
        "product_id": "008884303989",
        "public": False,
        "purchased_quantity": 1,
        "quantity": 2,
        "type": "product",
        "c_intValue": 7,
    }
    assert second["customer_product_list_items"][0]["type"] == "gift_certificate"
    assert "quantity" not in second["customer_product_list_items"][0]


def test_a_customer_without_lists_gets_an_empty_result(client, customer, token):
    body = client.call("GET", lists_path(customer), token=token).json()

    assert (body["count"], body["total"]) == (0, 0)


def test_the_lists_expand_their_items_products(client, customer, token, shirt_item):
    response = client.call("GET", lists_path(customer) + "?expand=product", token=token)

    product = response.json()["data"][0]["customer_product_list_items"][0]["product"]
    assert product["id"] == "008884303989"
    assert product["price"] == 49.99
    assert "image_groups" not in product and "inventory" not in product


def test_an_unknown_expand_value_is_a_fault(client, customer, token):
    response = client.call("GET", lists_path(customer) + "?expand=variations", token=token)

    assert response.status_code == 400
    assert response.json()["fault"]["type"] == "InvalidExpandValueException"


@pytest.mark.parametrize("size", [1, 15])
def test_list_runs_a_constant_number_of_queries(
    client,
    customer,
    token,
    shirt,
    add_list,
    add_item,
    add_purchase,
    add_address,
    django_assert_max_num_queries,
    size,
):
    home = add_address(customer, "home")
    for index in range(size):
        product_list = add_list(customer, name=f"list {index}", shipping_address=home)
        for _ in range(3):
            add_purchase(add_item(product_list, shirt))

    # Savepoint and release, site, client, denylist, token's customer, the lists with
    # their addresses, and their items with products and purchased quantities.
    with django_assert_max_num_queries(8):
        response = client.call(
            "GET", lists_path(customer) + "?expand=product,images,availability", token=token
        )

    assert response.json()["count"] == size


# --- get ------------------------------------------------------------------------------------


def test_get_a_list(client, customer, token, wish_list, shirt_item):
    response = client.call("GET", lists_path(customer, wish_list.list_id), token=token)

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == wish_list.list_id
    assert body["name"] == "Birthday"
    assert body["items_link"]["title"] == "1 items"
    assert body["customer_product_list_items"][0]["id"] == shirt_item.item_id


def test_get_an_unknown_list(client, customer, token):
    list_id = "nolist"
    response = client.call("GET", lists_path(customer, list_id), token=token)

    assert response.status_code == 404
    fault = response.json()["fault"]
    assert fault["type"] == "ProductListNotFoundException"
    assert fault["message"].startswith("The product list with ID '")


def test_another_customers_list_id_is_not_found_under_ones_own_id(
    client, customer, token, other_customer, add_list
):
    theirs = add_list(other_customer)

    response = client.call("GET", lists_path(customer, theirs.list_id), token=token)

    assert response.status_code == 404
    assert response.json()["fault"]["arguments"] == {"productListId": theirs.list_id}


# --- update ---------------------------------------------------------------------------------


def test_update_changes_name_description_public_and_custom_attributes(
    client, customer, token, wish_list
):
    wish_list.custom = {"a": 1}
    wish_list.save()

    response = client.call(
        "PATCH",
        lists_path(customer, wish_list.list_id),
        {"description": "new description", "public": True, "c_b": "two"},
        token=token,
    )

    assert response.status_code == 200
    body = response.json()
    assert body["description"] == "new description"
    assert body["public"] is True
    assert body["name"] == "Birthday"
    assert (body["c_a"], body["c_b"]) == (1, "two")
    wish_list.refresh_from_db()
    assert (wish_list.description, wish_list.public) == ("new description", True)


def test_update_ignores_what_the_documentation_does_not_let_it_change(
    client, customer, token, wish_list
):
    response = client.call(
        "PATCH",
        lists_path(customer, wish_list.list_id),
        {"type": "gift_registry", "event": {"city": "Paris"}, "name": "Renamed"},
        token=token,
    )

    assert response.status_code == 200
    wish_list.refresh_from_db()
    assert (wish_list.type, wish_list.event_city, wish_list.name) == ("wish_list", "", "Renamed")


def test_update_checks_what_it_changes(client, customer, token, wish_list):
    response = client.call(
        "PATCH", lists_path(customer, wish_list.list_id), {"public": "no"}, token=token
    )

    assert response.status_code == 400
    assert response.json()["fault"]["type"] == "PropertyConstraintViolationException"


def test_update_of_an_unknown_list(client, customer, token):
    response = client.call(
        "PATCH", lists_path(customer, "cdmh6iWbObcXUaaadkPA7ydxnr"), {"name": "x"}, token=token
    )

    assert response.status_code == 404
    assert response.json()["fault"] == {
        "type": "ProductListNotFoundException",
        "message": "The product list with ID 'cdmh6iWbObcXUaaadkPA7ydxnr' was not found.",
        "arguments": {"productListId": "cdmh6iWbObcXUaaadkPA7ydxnr"},
    }


# --- delete ---------------------------------------------------------------------------------


def test_delete_removes_the_list_its_items_and_their_purchases(
    client, customer, token, wish_list, shirt_item, add_purchase, add_list
):
    add_purchase(shirt_item)
    kept = add_list(customer)

    response = client.call("DELETE", lists_path(customer, wish_list.list_id), token=token)

    assert response.status_code == 204
    assert response.content == b""
    assert list(CustomerProductList.objects.values_list("list_id", flat=True)) == [kept.list_id]
    assert not CustomerProductListItem.objects.exists()
    assert not CustomerProductListItemPurchase.objects.exists()


def test_delete_an_unknown_list(client, customer, token):
    response = client.call("DELETE", lists_path(customer, "nolist"), token=token)

    assert response.status_code == 404
    assert response.json()["fault"]["type"] == "ProductListNotFoundException"


# --- who may call ---------------------------------------------------------------------------

ENDPOINTS = [
    ("GET", (), None),
    ("POST", (), {"type": "wish_list"}),
    ("GET", ("{list}",), None),
    ("PATCH", ("{list}",), {"name": "mine now"}),
    ("DELETE", ("{list}",), None),
    ("GET", ("{list}", "items"), None),
    ("POST", ("{list}", "items"), {"type": "gift_certificate"}),
    ("GET", ("{list}", "items", "{item}"), None),
    ("PATCH", ("{list}", "items", "{item}"), {"priority": 1}),
    ("DELETE", ("{list}", "items", "{item}"), None),
    ("GET", ("{list}", "items", "{item}", "purchases"), None),
    ("POST", ("{list}", "items", "{item}", "purchases"), {"purchaser_name": "x", "quantity": 1}),
    ("GET", ("{list}", "items", "{item}", "purchases", "{purchase}"), None),
    ("PATCH", ("{list}", "items", "{item}", "purchases", "{purchase}"), {"c_x": 1}),
]


@pytest.fixture
def theirs(other_customer, add_list, add_item, add_purchase, shirt):
    product_list = add_list(other_customer, name="Theirs")
    item = add_item(product_list, shirt)
    purchase = add_purchase(item)
    return {"list": product_list.list_id, "item": item.item_id, "purchase": purchase.purchase_id}


def snapshot():
    return (
        list(CustomerProductList.objects.values_list("list_id", "name")),
        list(CustomerProductListItem.objects.values_list("item_id", "priority")),
        list(CustomerProductListItemPurchase.objects.values_list("purchase_id", "custom")),
    )


@pytest.mark.parametrize(("method", "segments", "body"), ENDPOINTS)
def test_another_customers_lists_are_refused(
    client, token, other_customer, theirs, method, segments, body
):
    before = snapshot()
    path = lists_path(other_customer, *(s.format(**theirs) for s in segments))

    response = client.call(method, path, body, token=token)

    assert response.status_code == 400
    assert response.json()["fault"]["type"] == "InvalidCustomerException"
    assert snapshot() == before


@pytest.mark.parametrize(("method", "segments", "body"), ENDPOINTS)
def test_an_unknown_customer_under_a_jwt_is_an_invalid_customer(
    client, token, theirs, method, segments, body
):
    path = "/".join(["customers/nobody/product_lists", *(s.format(**theirs) for s in segments)])

    response = client.call(method, path, body, token=token)

    assert response.status_code == 400
    assert response.json()["fault"] == {
        "type": "InvalidCustomerException",
        "message": "Invalid customer.",
    }


@pytest.mark.parametrize(("method", "segments", "body"), ENDPOINTS[:2])
def test_guests_have_no_product_lists(client, guest_token, method, segments, body):
    guest = Customer.objects.get(is_guest=True)

    response = client.call(method, lists_path(guest, *segments), body, token=guest_token)

    assert response.status_code == 403
    assert response.json()["fault"]["type"] == "ForbiddenException"
    assert not CustomerProductList.objects.exists()


def test_a_token_is_required(client, customer):
    response = client.call("GET", lists_path(customer))

    assert response.status_code == 401
    assert response.json()["fault"]["type"] == "UnauthorizedException"


@pytest.mark.parametrize(
    "custom",
    ['"c_note": "a\\u0000b"', '"c_note": {"deep": ["\\u0000"]}', '"c_no\\u0000te": 1'],
    ids=["value", "nested", "name"],
)
def test_nul_characters_in_custom_attributes_are_refused(client, customer, token, custom):
    body = '{"type": "wish_list", ' + custom + "}"

    response = client.call("POST", lists_path(customer), body, token=token)

    assert response.status_code == 400
    assert response.json()["fault"]["type"] == "PropertyConstraintViolationException"
    assert not CustomerProductList.objects.exists()


# --- agents (OAuth: "not relevant when using OAuth") ----------------------------------------


@pytest.mark.usefixtures("theirs")
def test_an_agent_reads_and_adds_to_a_customers_lists(
    agent_api, agent_token, other_customer, shirt
):
    listed = agent_api.call("GET", lists_path(other_customer), token=agent_token)
    created = agent_api.call(
        "POST", lists_path(other_customer), {"type": "shopping_list"}, token=agent_token
    )

    assert listed.status_code == 200
    assert listed.json()["data"][0]["name"] == "Theirs"
    assert created.status_code == 200
    assert other_customer.product_lists.count() == 2


def test_an_agent_without_change_permission_cannot_write(
    agent_api, obtain_agent_token, make_staff, customer
):
    token = obtain_agent_token(make_staff("viewer", group=False))

    response = agent_api.call("POST", lists_path(customer), {"type": "wish_list"}, token=token)

    assert response.status_code == 403
    assert response.json()["fault"]["type"] == "ForbiddenException"
    assert not CustomerProductList.objects.exists()
