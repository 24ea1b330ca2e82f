"""``country_code`` follows one rule through every door: an upper-case ISO 3166-1 alpha-2
code ("The two-letter ISO 3166-1 (Alpha-2) country code", as the documentation and the
swagger, which enumerates, describe it). ``US`` and ``GB`` are accepted; ``XX`` (no
country) and ``us`` (not as the standard writes it) are refused: by the API's addresses,
the order and basket documents, the customer XML import and the admin."""

import pytest
from django.core.exceptions import ValidationError

from customers.models import CustomerAddress
from shopsite.api.countries import COUNTRIES, COUNTRY_CODES, tzdata_countries
from tests.adminforms import admin_form_data
from tests.impex_helpers import customers_xml, run_command, write_xml

pytest_plugins = ["tests.fixtures_owned"]

REFUSED = ["XX", "us", "Us", "USA", "U"]
ACCEPTED = ["US", "GB", "DE", "JP"]


def test_the_table_is_the_iso_list():
    assert tzdata_countries() == COUNTRIES
    assert len(COUNTRY_CODES) == 249
    assert {"US", "FR", "IT", "JP", "CN", "GB"} <= COUNTRY_CODES  # the swagger's own six


def addresses(customer):
    return f"customers/{customer.customer_id}/addresses"


@pytest.mark.parametrize("code", REFUSED)
def test_the_api_refuses_a_code_that_is_not_iso(client, customer, token, add_address, code):
    created = client.call(
        "POST",
        addresses(customer),
        {"address_id": "home", "last_name": "Smith", "country_code": code},
        token=token,
    )
    add_address(customer, "work", country_code="US")
    patched = client.call(
        "PATCH", f"{addresses(customer)}/work", {"country_code": code}, token=token
    )

    for response in (created, patched):
        assert response.status_code == 400
        fault = response.json()["fault"]
        assert fault["type"] == "PropertyConstraintViolationException"
        assert fault["arguments"]["property"] == "country_code"
    assert list(CustomerAddress.objects.values_list("address_id", "country_code")) == [
        ("work", "US")
    ]


@pytest.mark.parametrize("code", ACCEPTED)
def test_the_api_stores_an_iso_code(client, customer, token, code):
    response = client.call(
        "POST",
        addresses(customer),
        {"address_id": "home", "last_name": "Smith", "country_code": code},
        token=token,
    )

    assert response.status_code == 200
    assert response.json()["country_code"] == code
    assert CustomerAddress.objects.get().country_code == code


def test_the_schema_enumerates_the_codes(client):
    schema = client.get("/api/schema/?format=json").json()["components"]["schemas"]

    assert set(schema["CustomerAddress"]["properties"]["country_code"]["enum"]) >= COUNTRY_CODES
    assert set(schema["order_address"]["properties"]["country_code"]["enum"]) == COUNTRY_CODES


@pytest.mark.parametrize("code", REFUSED)
def test_order_and_basket_addresses_refuse_it(customer, add_order, add_basket, code):
    order = add_order(customer, billing_address={"city": "Woburn", "country_code": code})
    basket = add_basket(
        customer, shipments=[{"shipment_id": "me", "shipping_address": {"country_code": code}}]
    )

    for document, field in ((order, "billing_address"), (basket, "shipments")):
        with pytest.raises(ValidationError) as refused:
            document.full_clean()
        assert "country_code" in " ".join(refused.value.message_dict[field])


@pytest.mark.parametrize("code", ACCEPTED)
def test_order_and_basket_addresses_take_it(customer, add_order, add_basket, code):
    add_order(customer, billing_address={"country_code": code}).full_clean()
    add_basket(customer, billing_address={"country_code": code}).full_clean()


def import_address(tmp_path, code):
    xml = customers_xml(
        '  <customer customer-no="00000301">\n    <credentials><login>abroad</login>'
        '</credentials>\n    <addresses>\n      <address address-id="home">\n'
        f"        <country-code>{code}</country-code>\n      </address>\n    </addresses>\n"
        "  </customer>\n"
    )
    return run_command("import_customers", write_xml(tmp_path, xml))


@pytest.mark.parametrize("code", REFUSED)
def test_the_import_refuses_it(site, tmp_path, code):
    outcome = import_address(tmp_path, code)

    assert f"<country-code>: '{code}' is not an ISO 3166-1 alpha-2 country code" in outcome.err
    assert not CustomerAddress.objects.exists()


@pytest.mark.parametrize("code", ACCEPTED)
def test_the_import_stores_it(site, tmp_path, code):
    outcome = import_address(tmp_path, code)

    assert outcome.error is None, outcome.err
    assert CustomerAddress.objects.get().country_code == code


def change_url(customer):
    return f"/admin/customers/customer/{customer.pk}/change/"


@pytest.mark.parametrize(("code", "stored"), [("XX", "US"), ("us", "US"), ("GB", "GB")])
def test_the_admin_takes_only_iso_codes(admin_client, customer, add_address, code, stored):
    add_address(customer, "home", country_code="US")
    data = admin_form_data(admin_client.get(change_url(customer)))
    data["addresses-0-country_code"] = code

    response = admin_client.post(change_url(customer), data)

    assert response.status_code == (302 if code == stored else 200)
    assert customer.addresses.get().country_code == stored


def test_the_basket_admin_refuses_a_document_with_a_bad_code(admin_client, customer, add_basket):
    basket = add_basket(customer)
    url = f"/admin/customers/basket/{basket.pk}/change/"
    data = admin_form_data(admin_client.get(url))
    data["billing_address"] = '{"city": "Woburn", "country_code": "XX"}'

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert "country_code" in response.content.decode()
    basket.refresh_from_db()
    assert basket.billing_address == {}
