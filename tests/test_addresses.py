"""The address book: /customers/{customer_id}/addresses[/{address_name}]."""

import threading

import pytest
from django.db import IntegrityError, connection, transaction

from customers.models import CustomerAddress
from shopsite.api.hooks import Status
from tests.adminforms import admin_form_data
from tests.conftest import OcapiClient
from tests.samples import SAMPLE_ADDRESS

pytest_plugins = ["tests.fixtures_owned"]


def addresses_path(customer, name=None):
    path = f"customers/{customer.customer_id}/addresses"
    return f"{path}/{name}" if name else path


# --- create ---------------------------------------------------------------------------------


def test_create_answers_the_documented_document(client, customer, token):
    response = client.call("POST", addresses_path(customer), SAMPLE_ADDRESS, token=token)

    assert response.status_code == 200, response.content
    body = response.json()
    expected = {key: value for key, value in SAMPLE_ADDRESS.items()}
    assert {key: body[key] for key in expected} == expected
    assert body["_type"] == "customer_address"
    assert body["_v"] == "19.5"
    assert body["full_name"] == "John Jim Murphy"
    assert len(body["_resource_state"]) == 64
    # Empty properties are left out, not sent as null.
    assert "suite" not in body and "suffix" not in body
    stored = CustomerAddress.objects.get(customer=customer, address_id="home_address")
    assert stored.city == "Burlington"
    assert stored.post_box == "12a"
    assert stored.preferred is False


def test_create_keeps_custom_attributes(client, customer, token):
    body = {**SAMPLE_ADDRESS, "c_deliveryNote": "ring twice"}
    response = client.call("POST", addresses_path(customer), body, token=token)

    assert response.status_code == 200
    assert response.json()["c_deliveryNote"] == "ring twice"
    assert CustomerAddress.objects.get(customer=customer).custom == {"deliveryNote": "ring twice"}


@pytest.mark.parametrize(
    ("address_id", "argument"),
    [(None, ""), ("", ""), ("   ", "   "), ("a" * 257, "a" * 257), ("home/work", "home/work")],
    ids=["missing", "empty", "blank", "too-long", "slash"],
)
def test_create_refuses_an_invalid_address_id(client, customer, token, address_id, argument):
    body = {key: value for key, value in SAMPLE_ADDRESS.items() if key != "address_id"}
    if address_id is not None:
        body["address_id"] = address_id

    response = client.call("POST", addresses_path(customer), body, token=token)

    assert response.status_code == 400
    fault = response.json()["fault"]
    assert fault["type"] == "InvalidCustomerAddressIdException"
    assert fault.get("arguments", {}).get("addressId", "") == argument
    assert not CustomerAddress.objects.exists()


def test_an_address_id_of_256_characters_is_fine(client, customer, token):
    body = {**SAMPLE_ADDRESS, "address_id": "a" * 256}
    response = client.call("POST", addresses_path(customer), body, token=token)

    assert response.status_code == 200
    assert response.json()["address_id"] == "a" * 256


def test_create_refuses_a_duplicate_address_id(client, customer, token, add_address):
    add_address(customer, "home_address", city="Boston")

    response = client.call("POST", addresses_path(customer), SAMPLE_ADDRESS, token=token)

    assert response.status_code == 400
    assert response.json()["fault"]["type"] == "AddressIdAlreadyInUseException"
    assert CustomerAddress.objects.get(customer=customer).city == "Boston"


def test_the_same_address_id_is_fine_for_another_customer(
    client, customer, token, other_customer, add_address
):
    add_address(other_customer, "home_address")

    response = client.call("POST", addresses_path(customer), SAMPLE_ADDRESS, token=token)

    assert response.status_code == 200
    assert CustomerAddress.objects.filter(address_id="home_address").count() == 2


@pytest.mark.parametrize(
    ("change", "fault_type"),
    [
        ({"preferred": "yes"}, "PropertyConstraintViolationException"),
        ({"country_code": "USA"}, "PropertyConstraintViolationException"),
        ({"city": 12}, "PropertyConstraintViolationException"),
        ({"full_name": "X"}, None),  # read-only: ignored
        ({"nickname": "X"}, "UnknownPropertyException"),
    ],
)
def test_create_checks_properties(client, customer, token, change, fault_type):
    response = client.call(
        "POST", addresses_path(customer), {**SAMPLE_ADDRESS, **change}, token=token
    )

    if fault_type is None:
        assert response.status_code == 200
        assert response.json()["full_name"] == "John Jim Murphy"
    else:
        assert response.status_code == 400
        assert response.json()["fault"]["type"] == fault_type
        assert not CustomerAddress.objects.exists()


def test_a_new_preferred_address_clears_the_previous_one(client, customer, token, add_address):
    add_address(customer, "work", preferred=True)

    body = {**SAMPLE_ADDRESS, "preferred": True}
    response = client.call("POST", addresses_path(customer), body, token=token)

    assert response.status_code == 200
    assert response.json()["preferred"] is True
    preferred = CustomerAddress.objects.filter(customer=customer, preferred=True)
    assert list(preferred.values_list("address_id", flat=True)) == ["home_address"]


def test_the_database_allows_one_preferred_address_per_customer(customer, add_address):
    add_address(customer, "home", preferred=True)
    add_address(customer, "work")

    # A bulk update skips save(); the partial unique index still refuses it.
    with pytest.raises(IntegrityError), transaction.atomic():
        CustomerAddress.objects.filter(customer=customer).update(preferred=True)


# --- list -----------------------------------------------------------------------------------


def test_list_puts_the_preferred_address_first_then_sorts_by_id(
    client, customer, token, add_address
):
    for name in ["zulu", "Bravo", "alpha"]:
        add_address(customer, name)
    add_address(customer, "mike", preferred=True)

    response = client.call("GET", addresses_path(customer), token=token)

    assert response.status_code == 200
    body = response.json()
    assert body["_type"] == "customer_address_result"
    assert [a["address_id"] for a in body["data"]] == ["mike", "alpha", "Bravo", "zulu"]
    assert body["data"][0]["_type"] == "customer_address"
    assert "_resource_state" in body["data"][0]
    assert body["count"] == 4 and body["total"] == 4 and body["start"] == 0
    assert "next" not in body and "previous" not in body


def test_list_pages_ten_addresses_by_default(client, customer, token, add_address):
    for index in range(12):
        add_address(customer, f"address{index:02d}")

    body = client.call("GET", addresses_path(customer), token=token).json()

    assert body["count"] == 10
    assert body["total"] == 12
    # Without paging parameters, no links (as documented).
    assert "next" not in body


def test_list_links_pages_when_asked_to_page(client, customer, token, add_address):
    for index in range(5):
        add_address(customer, f"address{index}")

    body = client.call("GET", addresses_path(customer) + "?start=2&count=2", token=token).json()

    assert [a["address_id"] for a in body["data"]] == ["address2", "address3"]
    assert body["next"].startswith("http://testserver/s/SiteGenesis/dw/shop/v19_5/customers/")
    assert body["next"].endswith("/addresses?count=2&start=4")
    assert body["previous"].endswith("/addresses?count=2&start=0")


@pytest.mark.parametrize(
    ("query", "ok"),
    [
        ("count=200", True),
        ("count=201", False),
        ("count=0", False),
        ("start=999", True),
        ("start=1000", False),
        ("start=-1", False),
        ("count=ten", False),
    ],
)
def test_list_paging_bounds(client, customer, token, query, ok):
    response = client.call("GET", addresses_path(customer) + f"?{query}", token=token)

    if ok:
        assert response.status_code == 200
    else:
        assert response.status_code == 400
        assert response.json()["fault"]["type"] == "MalformedParameterException"


@pytest.mark.parametrize("size", [1, 40])
def test_list_runs_a_constant_number_of_queries(
    client, customer, token, add_address, django_assert_max_num_queries, size
):
    for index in range(size):
        add_address(customer, f"address{index:02d}")

    # Savepoint and release, site, client, denylist, token's customer, URL's customer,
    # COUNT and the page: nine, whatever the page size.
    with django_assert_max_num_queries(9):
        response = client.call("GET", addresses_path(customer) + "?count=200", token=token)

    assert response.json()["count"] == size


# --- get ------------------------------------------------------------------------------------


def test_get_an_address_by_name(client, customer, token, add_address):
    add_address(customer, "home", first_name="John", second_name="J.", last_name="Murphy")

    response = client.call("GET", addresses_path(customer, "home"), token=token)

    assert response.status_code == 200
    body = response.json()
    assert body["address_id"] == "home"
    assert body["full_name"] == "John J. Murphy"
    assert body["_type"] == "customer_address"


def test_get_an_unknown_address(client, customer, token, site):
    response = client.call("GET", addresses_path(customer, "nowhere"), token=token)

    assert response.status_code == 404
    fault = response.json()["fault"]
    assert fault["type"] == "CustomerAddressNotFoundException"
    assert fault["arguments"] == {
        "addressId": "nowhere",
        "customerNo": customer.customer_no,
        "siteId": "SiteGenesis",
    }


# --- update ---------------------------------------------------------------------------------


def test_update_changes_the_given_properties_only(client, customer, token, add_address):
    add_address(customer, "home", city="Boston", postal_code="02108", custom={"a": 1})

    response = client.call(
        "PATCH",
        addresses_path(customer, "home"),
        {
            "address_id": "home",
            "city": "Burlington",
            "c_b": "two",
        },
        token=token,
    )

    assert response.status_code == 200
    body = response.json()
    assert body["city"] == "Burlington"
    assert body["postal_code"] == "02108"
    assert body["c_a"] == 1 and body["c_b"] == "two"
    stored = CustomerAddress.objects.get(customer=customer)
    assert (stored.city, stored.postal_code) == ("Burlington", "02108")
    assert "Location" not in response


def test_update_with_a_new_address_id_renames_and_answers_301(client, customer, token, add_address):
    add_address(customer, "home_address", address1="6 Wall St")

    response = client.call(
        "PATCH",
        addresses_path(customer, "home_address"),
        {"address_id": "old_home_address"},
        token=token,
    )

    assert response.status_code == 301
    assert response["Location"] == (
        f"/s/SiteGenesis/dw/shop/v19_5/customers/{customer.customer_id}/addresses/old_home_address"
    )
    body = response.json()
    assert body["address_id"] == "old_home_address"
    assert body["address1"] == "6 Wall St"
    assert list(customer.addresses.values_list("address_id", flat=True)) == ["old_home_address"]
    old = client.call("GET", addresses_path(customer, "home_address"), token=token)
    assert old.status_code == 404


def test_renaming_onto_another_address_is_refused(client, customer, token, add_address):
    add_address(customer, "home")
    add_address(customer, "work")

    response = client.call(
        "PATCH", addresses_path(customer, "home"), {"address_id": "work"}, token=token
    )

    assert response.status_code == 400
    assert response.json()["fault"]["type"] == "AddressIdAlreadyInUseException"
    assert sorted(customer.addresses.values_list("address_id", flat=True)) == ["home", "work"]


def test_update_refuses_a_blank_address_id(client, customer, token, add_address):
    add_address(customer, "home")

    response = client.call(
        "PATCH", addresses_path(customer, "home"), {"address_id": " "}, token=token
    )

    assert response.status_code == 400
    assert response.json()["fault"]["type"] == "InvalidCustomerAddressIdException"
    assert customer.addresses.get().address_id == "home"


def test_update_of_an_unknown_address(client, customer, token):
    response = client.call("PATCH", addresses_path(customer, "home"), {"city": "X"}, token=token)

    assert response.status_code == 404
    assert response.json()["fault"]["type"] == "CustomerAddressNotFoundException"


def test_preferring_another_address_clears_the_first(client, customer, token, add_address):
    add_address(customer, "home", preferred=True)
    add_address(customer, "work")

    response = client.call(
        "PATCH", addresses_path(customer, "work"), {"preferred": True}, token=token
    )

    assert response.status_code == 200
    assert dict(customer.addresses.values_list("address_id", "preferred")) == {
        "home": False,
        "work": True,
    }
    listed = client.call("GET", addresses_path(customer), token=token).json()["data"]
    assert [a["address_id"] for a in listed] == ["work", "home"]


# --- delete ---------------------------------------------------------------------------------


def test_delete_an_address(client, customer, token, add_address):
    add_address(customer, "home")
    add_address(customer, "work")

    response = client.call("DELETE", addresses_path(customer, "home"), token=token)

    assert response.status_code == 204
    assert response.content == b""
    assert list(customer.addresses.values_list("address_id", flat=True)) == ["work"]


def test_delete_an_unknown_address(client, customer, token):
    response = client.call("DELETE", addresses_path(customer, "home"), token=token)

    assert response.status_code == 404
    assert response.json()["fault"]["type"] == "CustomerAddressNotFoundException"


# --- who may call ---------------------------------------------------------------------------

ENDPOINTS = [
    ("GET", None, None),
    ("POST", None, SAMPLE_ADDRESS),
    ("GET", "home", None),
    ("PATCH", "home", {"city": "Elsewhere"}),
    ("DELETE", "home", None),
]


@pytest.mark.parametrize(("method", "name", "body"), ENDPOINTS)
def test_another_customers_address_book_is_refused(
    client, token, other_customer, add_address, method, name, body
):
    add_address(other_customer, "home", city="Boston")

    response = client.call(method, addresses_path(other_customer, name), body, token=token)

    assert response.status_code == 400
    assert response.json()["fault"]["type"] == "InvalidCustomerException"
    assert list(other_customer.addresses.values_list("address_id", "city")) == [("home", "Boston")]


@pytest.mark.parametrize(("method", "name", "body"), ENDPOINTS)
def test_an_unknown_customer_under_a_jwt_is_an_invalid_customer(client, token, method, name, body):
    # The seed: the JWT's customer and no other; an unknown id must not answer otherwise.
    response = client.call(
        method, f"customers/nobody/addresses/{name or ''}".rstrip("/"), body, token=token
    )

    assert response.status_code == 400
    assert response.json()["fault"] == {
        "type": "InvalidCustomerException",
        "message": "Invalid customer.",
    }


def test_guests_have_no_address_book(client, guest_token):
    from customers.models import Customer

    guest = Customer.objects.get(is_guest=True)
    response = client.call("GET", addresses_path(guest), token=guest_token)

    assert response.status_code == 403
    assert response.json()["fault"]["type"] == "ForbiddenException"


def test_a_token_is_required(client, customer):
    response = client.call("GET", addresses_path(customer))

    assert response.status_code == 401


# --- hooks ----------------------------------------------------------------------------------


def test_create_calls_its_extension_points(client, customer, token, hook_recorder):
    on, calls = hook_recorder
    prefix = "dw.ocapi.shop.customer.addresses"
    for name in ("beforePOST", "afterPOST"):
        on(f"{prefix}.{name}")
    on(f"{prefix}.modifyGETResponse", change=lambda doc: doc.update(c_hooked=True))

    response = client.call("POST", addresses_path(customer), SAMPLE_ADDRESS, token=token)

    assert response.json()["c_hooked"] is True
    assert [name for name, _ in calls] == [
        f"{prefix}.beforePOST",
        f"{prefix}.afterPOST",
        f"{prefix}.modifyGETResponse",
    ]
    before_args = calls[0][1]
    assert before_args[0].pk == customer.pk
    assert before_args[1] == "home_address"
    assert before_args[2]["address1"] == "5 Wall St"


def test_a_failing_hook_rolls_the_creation_back(client, customer, token, hook_recorder):
    on, _ = hook_recorder
    on("dw.ocapi.shop.customer.addresses.afterPOST", result=Status.error("NOPE", "no"))

    response = client.call("POST", addresses_path(customer), SAMPLE_ADDRESS, token=token)

    assert response.status_code == 400
    assert response.json()["fault"]["type"] == "HookStatusException"
    assert not CustomerAddress.objects.exists()


def test_list_get_update_delete_call_their_extension_points(
    client, customer, token, add_address, hook_recorder
):
    on, calls = hook_recorder
    address = add_address(customer, "home")
    names = [
        "dw.ocapi.shop.customer.addresses.beforeGET",
        "dw.ocapi.shop.customer.addresses.modifyGETResponse",
        "dw.ocapi.shop.customer.address.beforeGET",
        "dw.ocapi.shop.customer.address.modifyGETResponse",
        "dw.ocapi.shop.customer.address.beforePATCH",
        "dw.ocapi.shop.customer.address.afterPATCH",
        "dw.ocapi.shop.customer.address.modifyPATCHResponse",
        "dw.ocapi.shop.customer.address.beforeDELETE",
        "dw.ocapi.shop.customer.address.afterDELETE",
    ]
    for name in names:
        on(name)

    client.call("GET", addresses_path(customer), token=token)
    client.call("GET", addresses_path(customer, "home"), token=token)
    client.call("PATCH", addresses_path(customer, "home"), {"city": "Salem"}, token=token)
    client.call("DELETE", addresses_path(customer, "home"), token=token)

    assert [name for name, _ in calls] == names
    args = dict(calls)
    assert args[names[0]] == (customer.customer_id,)
    assert args[names[1]][0]["_type"] == "customer_address_result"
    assert args[names[2]] == (customer.customer_id, "home")
    assert args[names[3]][1] == address and args[names[3]][2]["address_id"] == "home"
    assert args[names[4]][1:] == ("home", {"city": "Salem"})
    patch_response_args = args[names[6]]
    assert patch_response_args[2]["city"] == "Salem"
    assert patch_response_args[3] == {"city": "Salem"}
    assert args[names[8]][1] == "home"


# --- concurrency (PostgreSQL: SQLite serialises all writes anyway) --------------------------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent transactions")
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_creations_of_one_address_id(client, customer, token, api_client_app):
    barrier = threading.Barrier(2)
    results = []

    def create():
        try:
            own_client = OcapiClient(api_client_app.client_id)
            barrier.wait(timeout=10)
            response = own_client.call(
                "POST", addresses_path(customer), SAMPLE_ADDRESS, token=token
            )
            results.append((response.status_code, response.json()))
        finally:
            connection.close()

    threads = [threading.Thread(target=create) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(status for status, _ in results) == [200, 400]
    fault = next(body for status, body in results if status == 400)["fault"]
    assert fault["type"] == "AddressIdAlreadyInUseException"
    assert CustomerAddress.objects.filter(customer=customer).count() == 1


# --- admin ----------------------------------------------------------------------------------


def customer_change_url(customer):
    return f"/admin/customers/customer/{customer.pk}/change/"


def test_the_admin_edits_the_address_book_inline(admin_client, customer, add_address):
    add_address(customer, "home", preferred=True)
    add_address(customer, "work")
    page = admin_client.get(customer_change_url(customer))
    data = admin_form_data(page)
    prefix = "addresses"
    forms = {data[f"{prefix}-{i}-address_id"]: i for i in range(2)}
    data.pop(f"{prefix}-{forms['home']}-preferred")
    data[f"{prefix}-{forms['work']}-preferred"] = "on"
    data[f"{prefix}-{forms['work']}-city"] = "Salem"

    response = admin_client.post(customer_change_url(customer), data)

    assert response.status_code == 302, response.context["errors"]
    assert dict(customer.addresses.values_list("address_id", "preferred")) == {
        "home": False,
        "work": True,
    }
    assert customer.addresses.get(address_id="work").city == "Salem"


def test_the_admin_refuses_two_preferred_addresses(admin_client, customer, add_address):
    add_address(customer, "home", preferred=True)
    add_address(customer, "work")
    data = admin_form_data(admin_client.get(customer_change_url(customer)))
    for index in range(2):
        data[f"addresses-{index}-preferred"] = "on"

    response = admin_client.post(customer_change_url(customer), data)

    assert response.status_code == 200
    assert "Only one address can be preferred." in response.content.decode()
    assert list(customer.addresses.filter(preferred=True).values_list("address_id", flat=True)) == [
        "home"
    ]
