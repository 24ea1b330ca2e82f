"""``GET /products/{id}``: the links list items emit (``product_details_link``, a variant's
``master.link``) answer the catalogue's ``product`` document, as the Products resource
documents it: name, type, master; ``expand=prices`` (price, currency), ``images``
(image_groups), ``availability`` (inventory); 404 ``ProductNotFoundException`` for an
unknown or offline product; the client's settings apply like on every resource."""

import pytest
from rest_framework.test import APIClient

from shopsite.api.hooks import registry
from tests.conftest import api_url
from tests.paths import items_path

pytest_plugins = ["tests.fixtures_owned", "tests.fixtures_productlists"]


def product_path(product_id: str) -> str:
    return f"products/{product_id}"


def test_a_product_without_expansions(client, shirt):
    response = client.call("GET", product_path(shirt.product_id))

    assert response.status_code == 200
    assert response.json() == {
        "_v": "19.5",
        "_type": "product",
        "id": "008884303989",
        "name": "Platinum Blue Stripes Easy Care Fitted Shirt",
        "short_description": "A fitted shirt.",
        "type": {"_type": "product_type", "item": True},
    }


def test_expand_prices_images_and_availability(client, shirt):
    response = client.call(
        "GET", product_path(shirt.product_id) + "?expand=prices,images,availability"
    )

    body = response.json()
    assert (body["price"], body["currency"]) == (49.99, "USD")
    assert body["image_groups"][0]["_type"] == "image_group"
    assert [image["link"] for image in body["image_groups"][0]["images"]] == [
        "https://cdn.example.com/shirt-large.jpg",
        "https://cdn.example.com/s2.jpg",
    ]
    assert body["inventory"] == {
        "_type": "inventory",
        "ats": 7,
        "backorderable": False,
        "id": "inventory",
        "orderable": True,
        "preorderable": False,
        "stock_level": 7,
    }


def test_documented_expansions_the_catalogue_has_nothing_for_are_accepted(client, shirt):
    response = client.call(
        "GET", product_path(shirt.product_id) + "?expand=variations,options,promotions,links"
    )

    assert response.status_code == 200
    assert "price" not in response.json()


def test_an_unknown_expand_value_is_refused(client, shirt):
    response = client.call("GET", product_path(shirt.product_id) + "?expand=product")

    assert response.status_code == 400
    assert response.json()["fault"]["type"] == "InvalidExpandValueException"


@pytest.mark.parametrize("online", [True, False], ids=["unknown", "offline"])
def test_an_unknown_or_offline_product_is_not_found(client, add_product, online):
    add_product("offline-1", online=False)
    product_id = "nope" if online else "offline-1"

    response = client.call("GET", product_path(product_id))

    assert response.status_code == 404
    fault = response.json()["fault"]
    assert fault["type"] == "ProductNotFoundException"
    assert fault["arguments"]["productId"] == product_id


def test_an_id_past_100_characters_is_malformed(client):
    response = client.call("GET", product_path("p" * 101))

    assert response.status_code == 400
    assert response.json()["fault"]["type"] == "MalformedParameterException"
    assert client.call("GET", product_path("p" * 100)).status_code == 404


def test_the_client_id_is_needed_and_a_token_is_not(db, site, shirt):
    anonymous = APIClient().get(api_url(product_path(shirt.product_id)))

    assert anonymous.status_code == 400
    assert anonymous.json()["fault"]["type"] == "MissingClientIdException"


def test_the_v20_4_alias_answers_too(client, shirt):
    response = client.call("GET", product_path(shirt.product_id), version="v20_4")

    assert response.status_code == 200
    assert response.json()["_v"] == "20.4"


def test_the_settings_document_applies(client, api_client_app, add_product):
    # An id that is no digit run: the log scan reads "<12 digits> 403" as a card number.
    shirt = add_product("shirt-blue")
    api_client_app.ocapi_settings = {
        "resources": [
            {"resource_id": "/products/*", "methods": ["get"], "read_attributes": "(id,name)"}
        ]
    }
    api_client_app.save()

    body = client.call("GET", product_path(shirt.product_id) + "?expand=prices").json()

    assert set(body) == {"_v", "_type", "id", "name"}
    api_client_app.ocapi_settings = {
        "resources": [{"resource_id": "/customers/**", "methods": ["get"]}]
    }
    api_client_app.save()
    refused = client.call("GET", product_path(shirt.product_id))
    assert refused.status_code == 403
    assert refused.json()["fault"]["type"] == "ClientAccessForbiddenException"


def test_the_hooks_run(client, shirt):
    seen = []

    def before(product_id):
        seen.append(product_id)

    def modify(product, document):
        document["c_seenBy"] = "hook"

    with (
        registry.registered("dw.ocapi.shop.product.beforeGET", before),
        registry.registered("dw.ocapi.shop.product.modifyGETResponse", modify),
    ):
        body = client.call("GET", product_path(shirt.product_id)).json()

    assert seen == [shirt.product_id]
    assert body["c_seenBy"] == "hook"


def test_the_links_of_a_list_item_answer(client, customer, token, shirt_item, add_product):
    add_product("master-1", name="Shirt master")
    shirt = shirt_item.product
    shirt.master_id = "master-1"
    shirt.save()
    path = items_path(customer, shirt_item.product_list, shirt_item.item_id) + "?expand=product"
    item = client.call("GET", path, token=token).json()

    for link in (item["product_details_link"]["link"], item["product"]["master"]["link"]):
        path = link.split("://", 1)[1].split("/", 1)[1]
        response = client.get(f"/{path}", HTTP_X_DW_CLIENT_ID=client.client_id)
        assert response.status_code == 200, link
        assert response.json()["_type"] == "product"
