"""GET /customers/{customer_id}?expand=addresses,paymentinstruments."""

import pytest

from customers.models import Customer
from tests.samples import VISA

pytest_plugins = ["tests.fixtures_owned"]


def get_customer(client, customer, token, expand=None):
    query = f"?expand={expand}" if expand is not None else ""
    return client.call("GET", f"customers/{customer.customer_id}{query}", token=token)


@pytest.fixture
def book(customer, add_address, add_card):
    add_address(customer, "work", city="Boston")
    add_address(customer, "me", preferred=True, address1="10 Presidential Way", city="Woburn")
    return add_card(customer, custom={"strValue": "x"})


def test_without_expand_nothing_is_embedded(client, customer, token, book):
    body = get_customer(client, customer, token).json()

    assert body["_type"] == "customer"
    assert "addresses" not in body
    assert "payment_instruments" not in body


def test_expand_addresses_embeds_the_address_book(client, customer, token, book):
    response = get_customer(client, customer, token, "addresses")

    assert response.status_code == 200
    body = response.json()
    assert "payment_instruments" not in body
    addresses = body["addresses"]
    assert [a["address_id"] for a in addresses] == ["me", "work"]
    assert addresses[0].pop("creation_date").endswith("Z")
    assert addresses[0].pop("last_modified").endswith("Z")
    assert addresses[0] == {
        "_type": "customer_address",
        "address1": "10 Presidential Way",
        "address_id": "me",
        "city": "Woburn",
        "first_name": "John",
        "full_name": "John Smith",
        "last_name": "Smith",
        "preferred": True,
    }


def test_expand_paymentinstruments_embeds_masked_instruments(client, customer, token, book):
    response = get_customer(client, customer, token, "paymentinstruments")

    body = response.json()
    assert "addresses" not in body
    for embedded in body["payment_instruments"]:
        assert embedded.pop("creation_date").endswith("Z")
        assert embedded.pop("last_modified").endswith("Z")
    assert body["payment_instruments"] == [
        {
            "_type": "customer_payment_instrument",
            "payment_bank_account": {"_type": "payment_bank_account"},
            "payment_card": {
                "_type": "payment_card",
                "card_type": "Visa",
                "credit_card_expired": False,
                "expiration_month": 2,
                "expiration_year": 2099,
                "holder": "John Smith",
                "masked_number": "************1111",
                "number_last_digits": "1111",
            },
            "payment_instrument_id": book.payment_instrument_id,
            "payment_method_id": "CREDIT_CARD",
            "uuid": book.payment_instrument_id,
            "c_strValue": "x",
        }
    ]
    assert VISA.encode() not in response.content


def test_expand_both(client, customer, token, book):
    body = get_customer(client, customer, token, "addresses,paymentinstruments").json()

    assert len(body["addresses"]) == 2
    assert len(body["payment_instruments"]) == 1
    assert "_resource_state" in body


def test_an_empty_expansion_is_left_out(client, customer, token):
    body = get_customer(client, customer, token, "addresses,paymentinstruments").json()

    assert "addresses" not in body and "payment_instruments" not in body


def test_an_unknown_expand_value_is_refused(client, customer, token):
    response = get_customer(client, customer, token, "addresses,orders")

    assert response.status_code == 400
    assert response.json()["fault"]["type"] == "InvalidExpandValueException"


@pytest.mark.parametrize("size", [1, 25])
def test_expanding_runs_a_constant_number_of_queries(
    client, customer, token, add_address, add_card, django_assert_max_num_queries, size
):
    for index in range(size):
        add_address(customer, f"address{index:02d}")
        add_card(customer)

    # Savepoint pair, site, client, denylist, token's and URL's customer, one per expansion.
    with django_assert_max_num_queries(9):
        body = get_customer(client, customer, token, "addresses,paymentinstruments").json()

    assert len(body["addresses"]) == size
    assert len(body["payment_instruments"]) == size


def test_a_patch_ignores_echoed_embedded_lists(client, customer, token, book):
    response = client.call(
        "PATCH",
        f"customers/{customer.customer_id}",
        {"first_name": "Johnny", "addresses": [], "payment_instruments": []},
        token=token,
    )

    assert response.status_code == 200
    assert "addresses" not in response.json()
    assert customer.addresses.count() == 2
    assert customer.payment_instruments.count() == 1
    assert Customer.objects.get(pk=customer.pk).first_name == "Johnny"


def test_a_guest_document_embeds_nothing(client, guest_token):
    guest = Customer.objects.get(is_guest=True)

    body = get_customer(client, guest, guest_token, "addresses,paymentinstruments").json()

    assert "addresses" not in body and "payment_instruments" not in body
