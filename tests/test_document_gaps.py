"""Details of the documents and headers a storefront compares with the documentation:
the exact ``Content-Type``, the samples' ``Cache-Control``, ``uuid`` and timestamps on
payment instruments and addresses, and ``null`` clearing an optional property on PATCH."""

import pytest

from customers.models import CustomerPaymentInstrument

pytest_plugins = ["tests.fixtures_owned"]

JSON_UTF8 = "application/json;charset=UTF-8"
NO_CACHE = "max-age=0,no-cache,no-store,must-revalidate"


def test_documents_faults_and_empty_answers_carry_the_documented_headers(
    client, customer, token, add_address
):
    add_address(customer)
    base = f"customers/{customer.customer_id}"
    answers = [
        client.call("GET", base, token=token),
        client.call("GET", f"{base}/addresses/nothing", token=token),  # 404 fault
        client.call("PATCH", base, {"nope": 1}, token=token),  # 400 fault
        client.call("GET", base),  # 401 fault
        client.call("GET", "no/such/resource", token=token),  # outside every resource
        client.call("DELETE", f"{base}/addresses/home", token=token),  # 204
    ]

    assert [r.status_code for r in answers] == [200, 404, 400, 401, 404, 204]
    for response in answers[:5]:
        assert response["Content-Type"] == JSON_UTF8
    for response in answers:
        assert response["Cache-Control"] == NO_CACHE
        assert response["Expires"] == "Thu, 01-Jan-1970 00:00:00 GMT"


def test_a_payment_instrument_carries_uuid_and_timestamps(client, customer, token, add_card):
    instrument = add_card(customer)
    path = (
        f"customers/{customer.customer_id}/payment_instruments/{instrument.payment_instrument_id}"
    )

    body = client.call("GET", path, token=token).json()

    assert body["uuid"] == body["payment_instrument_id"] == instrument.payment_instrument_id
    assert body["creation_date"] == instrument.creation_date.isoformat()[:23] + "Z"
    assert body["last_modified"] == instrument.last_modified.isoformat()[:23] + "Z"


def test_an_address_carries_timestamps_and_a_patch_moves_only_last_modified(
    client, customer, token, add_address
):
    add_address(customer, city="Boston")
    path = f"customers/{customer.customer_id}/addresses/home"
    before = client.call("GET", path, token=token).json()

    after = client.call(
        "PATCH", path, {"city": "Woburn", "creation_date": "2001-01-01T00:00:00.000Z"}, token=token
    ).json()

    assert after["creation_date"] == before["creation_date"]
    assert after["last_modified"] >= before["last_modified"]
    assert after["city"] == "Woburn"


# --- null clears an optional property --------------------------------------------------------


def test_null_clears_an_optional_customer_property(client, customer, token):
    customer.phone_home = "123450003"
    customer.note = "call first"
    customer.save()

    response = client.call(
        "PATCH",
        f"customers/{customer.customer_id}",
        {"phone_home": None, "note": None, "birthday": None},
        token=token,
    )

    assert response.status_code == 200, response.content
    assert "phone_home" not in response.json() and "note" not in response.json()
    customer.refresh_from_db()
    assert (customer.phone_home, customer.note, customer.birthday) == ("", "", None)


@pytest.mark.parametrize(
    ("prop", "fault"),
    [
        ("last_name", "MissingLastNameException"),
        ("email", "MissingEmailException"),
        ("login", "PropertyConstraintViolationException"),
    ],
)
def test_null_does_not_clear_a_required_customer_property(client, customer, token, prop, fault):
    response = client.call("PATCH", f"customers/{customer.customer_id}", {prop: None}, token=token)

    assert response.status_code == 400
    assert response.json()["fault"]["type"] == fault
    customer.refresh_from_db()
    assert getattr(customer, prop)


def test_null_clears_an_optional_address_property(client, customer, token, add_address):
    add_address(customer, city="Boston", phone="781-555-0100", company_name="ACME")
    path = f"customers/{customer.customer_id}/addresses/home"

    response = client.call("PATCH", path, {"phone": None, "company_name": None}, token=token)

    assert response.status_code == 200, response.content
    body = response.json()
    assert "phone" not in body and "company_name" not in body and body["city"] == "Boston"
    address = customer.addresses.get()
    assert (address.phone, address.company_name, address.city) == ("", "", "Boston")


def test_null_is_no_address_id(client, customer, token, add_address):
    add_address(customer)

    response = client.call(
        "PATCH",
        f"customers/{customer.customer_id}/addresses/home",
        {"address_id": None},
        token=token,
    )

    assert response.status_code == 400
    assert response.json()["fault"]["type"] == "InvalidCustomerAddressIdException"
    assert customer.addresses.get().address_id == "home"


def test_a_null_card_token_is_no_token(client, customer, token):
    body = {
        "payment_method_id": "CREDIT_CARD",
        "payment_card": {"card_type": "Visa", "credit_card_token": None},
    }

    response = client.call(
        "POST", f"customers/{customer.customer_id}/payment_instruments", body, token=token
    )

    assert response.status_code == 400
    assert response.json()["fault"]["type"] in {
        "InvalidPaymentCardException",
        "PropertyConstraintViolationException",
    }
    assert not CustomerPaymentInstrument.objects.exists()
