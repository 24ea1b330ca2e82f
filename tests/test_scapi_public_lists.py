"""Public product lists through Shopper Customers: what a stranger's shopper token sees of
another customer's lists (``productlists.public``)."""

import pytest
from rest_framework.test import APIClient

from tests.slas_helpers import SCAPI, guest_login

pytest_plugins = ["tests.fixtures_owned", "tests.fixtures_productlists", "tests.fixtures_slas"]


@pytest.fixture
def http(site):
    return APIClient()


@pytest.fixture
def stranger(http, public_client):
    return guest_login(http, public_client.client_id)


def get(http, tokens, path, **params):
    return http.get(
        f"{SCAPI}{path}",
        {"siteId": "SiteGenesis", **params},
        headers={"Authorization": f"Bearer {tokens['access_token']}"},
    )


@pytest.fixture
def registry(customer, add_list, add_item, shirt):
    registry = add_list(
        customer,
        type="gift_registry",
        name="Wedding",
        public=True,
        registrant_first_name="John",
        registrant_last_name="Smith",
        registrant_email="john@example.com",
    )
    add_item(registry, shirt, public=True, priority=1)
    add_item(registry, shirt, public=False, priority=2)
    return registry


def test_search_by_email_or_both_names(http, stranger, customer, registry, add_list):
    add_list(customer, name="Secret", public=False)
    by_email = get(http, stranger, "/product-lists", email=customer.email.upper())
    assert by_email.status_code == 200, by_email.content
    assert [entry["id"] for entry in by_email.json()["data"]] == [registry.list_id]
    by_name = get(http, stranger, "/product-lists", firstName="", lastName="smith")
    assert by_name.status_code == 400
    assert by_name["Content-Type"].startswith("application/problem+json")
    customer.first_name = "John"
    customer.save()
    by_names = get(http, stranger, "/product-lists", firstName="john", lastName="SMITH")
    assert by_names.json()["total"] == 1


def test_a_public_list_shows_its_public_items_and_no_emails(http, stranger, registry):
    response = get(http, stranger, f"/product-lists/{registry.list_id}")
    assert response.status_code == 200, response.content
    document = response.json()
    assert len(document["productListItems"]) == 1
    assert document["registrant"] == {"firstName": "John", "lastName": "Smith"}
    assert "john@example.com" not in response.content.decode()
    items = get(http, stranger, f"/product-lists/{registry.list_id}/items").json()
    assert items["total"] == 1
    hidden = registry.items.get(public=False)
    response = get(http, stranger, f"/product-lists/{registry.list_id}/items/{hidden.item_id}")
    assert response.status_code == 404


def test_private_lists_and_disabled_owners_are_not_found(
    http, stranger, customer, registry, add_list
):
    private = add_list(customer, name="Secret", public=False)
    assert get(http, stranger, f"/product-lists/{private.list_id}").status_code == 404
    customer.enabled = False
    customer.save()
    assert get(http, stranger, f"/product-lists/{registry.list_id}").status_code == 404
    assert get(http, stranger, "/product-lists", email=customer.email).json()["total"] == 0
