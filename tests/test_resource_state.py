"""Resource states: a stale ``_resource_state`` or ``x-dw-resource-state`` on PATCH/DELETE
is a 409 that changes nothing; write responses name the new state in ``ETag``; a GET with
a matching ``If-None-Match`` is a 304. One test per writable resource, through the shared
layer; a race of two PATCHes on PostgreSQL."""

import threading

import pytest

from customers.models import Customer, CustomerAddress, CustomerPaymentInstrument
from productlists.models.lists import CustomerProductListItem
from shopsite.api.hooks import registry
from shopsite.api.views import OcapiViewMixin
from tests.concurrency import burst, needs_postgresql
from tests.conftest import api_url, login

pytest_plugins = ["tests.fixtures_owned", "tests.fixtures_productlists"]


def state_of(client, path, token):
    response = client.call("GET", path, token=token)
    assert response.status_code == 200, response.content
    return response.json()["_resource_state"]


def assert_conflict(response):
    assert response.status_code == 409, response.content
    fault = response.json()["fault"]
    assert fault["type"] == "ResourceStateConflictException"
    return fault


def test_a_patch_with_the_current_state_succeeds_and_names_the_new_one(client, customer, token):
    path = f"customers/{customer.customer_id}"
    state = state_of(client, path, token)

    response = client.call("PATCH", path, {"_resource_state": state, "fax": "1"}, token=token)

    assert response.status_code == 200
    new_state = response.json()["_resource_state"]
    assert new_state != state
    assert response["ETag"] == f'"{new_state}"'
    assert response["x-dw-resource-state"] == new_state
    assert state_of(client, path, token) == new_state


def test_a_stale_state_in_the_body_is_a_409_and_changes_nothing(client, customer, token):
    path = f"customers/{customer.customer_id}"
    stale = state_of(client, path, token)
    client.call("PATCH", path, {"fax": "1"}, token=token)

    response = client.call("PATCH", path, {"_resource_state": stale, "fax": "2"}, token=token)

    fault = assert_conflict(response)
    assert fault["arguments"]["resourceState"] == stale
    assert Customer.objects.get(pk=customer.pk).fax == "1"


def test_a_stale_state_in_the_header_is_a_409(client, customer, token):
    path = f"customers/{customer.customer_id}"

    response = client.call(
        "PATCH", path, {"fax": "2"}, token=token, headers={"x-dw-resource-state": "0" * 64}
    )

    assert_conflict(response)
    assert Customer.objects.get(pk=customer.pk).fax in (None, "")


def test_without_a_state_the_write_proceeds(client, customer, token):
    response = client.call("PATCH", f"customers/{customer.customer_id}", {"fax": "3"}, token=token)

    assert response.status_code == 200


def test_a_write_without_a_state_does_not_serialize_the_stored_document(
    client, customer, token, monkeypatch
):
    def unexpected(view, instance):
        raise AssertionError("the stored document was serialized for nothing")

    monkeypatch.setattr(OcapiViewMixin, "current_resource_state", unexpected)

    response = client.call("PATCH", f"customers/{customer.customer_id}", {"fax": "4"}, token=token)

    assert response.status_code == 200
    assert Customer.objects.get(pk=customer.pk).fax == "4"


def test_the_state_does_not_depend_on_expand(client, customer, token, add_address):
    add_address(customer, "home")
    path = f"customers/{customer.customer_id}"

    expanded = client.call("GET", path + "?expand=addresses", token=token).json()

    assert expanded["addresses"]
    assert expanded["_resource_state"] == state_of(client, path, token)
    response = client.call(
        "PATCH", path, {"_resource_state": expanded["_resource_state"], "fax": "4"}, token=token
    )
    assert response.status_code == 200


def test_address_patch_and_delete_check_the_state(client, customer, token, add_address):
    add_address(customer, "home", city="Boston")
    path = f"customers/{customer.customer_id}/addresses/home"
    state = state_of(client, path, token)

    stale = client.call("PATCH", path, {"_resource_state": "x", "city": "Salem"}, token=token)
    deleted = client.call("DELETE", path, token=token, headers={"x-dw-resource-state": "x"})

    assert_conflict(stale)
    assert_conflict(deleted)
    assert CustomerAddress.objects.get(customer=customer).city == "Boston"
    ok = client.call("DELETE", path, token=token, headers={"x-dw-resource-state": state})
    assert ok.status_code == 204
    assert not CustomerAddress.objects.filter(customer=customer).exists()


def test_payment_instrument_delete_checks_the_state(client, customer, token, add_card):
    instrument = add_card(customer)
    path = f"customers/{customer.customer_id}/payment_instruments/"
    path += instrument.payment_instrument_id

    response = client.call("DELETE", path, token=token, headers={"x-dw-resource-state": "x"})

    assert_conflict(response)
    assert CustomerPaymentInstrument.objects.filter(pk=instrument.pk).exists()


def test_product_list_item_and_purchase_patches_check_the_state(
    client, customer, token, wish_list, shirt_item, add_purchase
):
    purchase = add_purchase(shirt_item)
    base = f"customers/{customer.customer_id}/product_lists/{wish_list.list_id}"
    item_path = f"{base}/items/{shirt_item.item_id}"
    purchase_path = f"{item_path}/purchases/{purchase.purchase_id}"

    for path, document in (
        (base, {"description": "x"}),
        (item_path, {"quantity": 5}),
        (purchase_path, {"purchaser_name": "Someone"}),
    ):
        assert_conflict(
            client.call("PATCH", path, {**document, "_resource_state": "x"}, token=token)
        )
        state = state_of(client, path, token)
        ok = client.call("PATCH", path, {**document, "_resource_state": state}, token=token)
        assert ok.status_code == 200, (path, ok.content)
    assert CustomerProductListItem.objects.get(pk=shirt_item.pk).quantity == 5


def test_if_none_match_with_the_current_state_is_a_304(client, customer, token):
    path = f"customers/{customer.customer_id}"
    state = state_of(client, path, token)

    unchanged = client.call("GET", path, token=token, headers={"If-None-Match": f'"{state}"'})
    changed = client.call("GET", path, token=token, headers={"If-None-Match": '"other"'})

    assert unchanged.status_code == 304
    assert unchanged.content == b""
    assert unchanged["ETag"] == f'"{state}"'
    assert changed.status_code == 200


def test_xml_documents_carry_and_check_the_state(client, customer, token):
    path = f"customers/{customer.customer_id}"
    state = state_of(client, path, token)
    body = f'<customer _resource_state="{"0" * 64}"><fax>9</fax></customer>'

    stale = client.generic(
        "PATCH", api_url(path), body, content_type="application/xml",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )  # fmt: skip
    fresh = client.generic(
        "PATCH", api_url(path), body.replace("0" * 64, state), content_type="application/xml",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )  # fmt: skip

    assert stale.status_code == 409
    assert b"<type>ResourceStateConflictException</type>" in stale.content
    assert fresh.status_code == 200, fresh.content
    assert Customer.objects.get(pk=customer.pk).fax == "9"


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_of_two_concurrent_patches_with_one_state_exactly_one_wins(
    live_server, make_customer, api_client_app, site
):
    customer = make_customer()
    from tests.conftest import OcapiClient

    client = OcapiClient(api_client_app.client_id)
    token = login(client)
    path = f"customers/{customer.customer_id}"
    state = state_of(client, path, token)
    entered = threading.Semaphore(0)

    def slow_before_patch(customer, document):  # both requests overlap in the view
        entered.release()
        threading.Event().wait(0.3)

    with registry.registered("dw.ocapi.shop.customer.beforePATCH", slow_before_patch):
        statuses = burst(
            2,
            live_server.url + api_url(path),
            {"_resource_state": state, "fax": "race"},
            {"x-dw-client-id": api_client_app.client_id, "Authorization": f"Bearer {token}"},
            method="PATCH",
        )

    assert sorted(statuses) == [200, 409]
    assert Customer.objects.get(pk=customer.pk).fax == "race"
