"""Shopper Customers (SCAPI) over HTTP: the SCAPI surface (context, names, paging, problem
details) over the rules OCAPI uses (ownership, validation, hooks, encryption)."""

import json

import pytest
from rest_framework.test import APIClient

from customers.models import CustomerPaymentInstrument
from shopsite.api.hooks import Status, registry
from tests.conftest import PASSWORD
from tests.slas_helpers import SCAPI, guest_login, registered_login

pytest_plugins = ["tests.fixtures_slas"]

PROBLEM = "application/problem+json"
ERRORS = "https://api.commercecloud.salesforce.com/documentation/error/v1/errors/"


@pytest.fixture
def http(site):
    return APIClient()


@pytest.fixture
def shopper(http, public_client, customer):
    return registered_login(http, public_client.client_id, "jsmith", PASSWORD)


def call(http, method, path, tokens=None, body=None, **params):
    params.setdefault("siteId", "SiteGenesis")
    query = "&".join(f"{name}={value}" for name, value in params.items() if value is not None)
    headers = {"Authorization": f"Bearer {tokens['access_token']}"} if tokens else {}
    return http.generic(
        method,
        f"{SCAPI}{path}?{query}",
        "" if body is None else json.dumps(body),
        content_type="application/json",
        headers=headers,
    )


def assert_problem(response, status: int, slug: str):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith(PROBLEM)
    problem = response.json()
    assert problem["type"] == ERRORS + slug
    assert problem["title"] and problem["detail"]
    return problem


def test_customer_document_in_scapi_names(http, shopper, customer):
    response = call(http, "GET", f"/customers/{customer.customer_id}", shopper)
    assert response.status_code == 200, response.content
    document = response.json()
    assert document["customerId"] == customer.customer_id
    assert document["lastName"] == "Smith"
    assert document["authType"] == "registered"
    assert not any(name.startswith("_") or "_" in name.strip("c_") for name in document)


def test_camel_case_writes_reach_the_same_columns(http, shopper, customer):
    response = call(
        http,
        "PATCH",
        f"/customers/{customer.customer_id}",
        shopper,
        {"phoneHome": "555-0101", "c_favouriteColour": "teal"},
    )
    assert response.status_code == 200, response.content
    customer.refresh_from_db()
    assert customer.phone_home == "555-0101"
    assert customer.custom["favouriteColour"] == "teal"


def test_site_id_is_required_and_resolved(http, shopper, customer):
    assert_problem(
        call(http, "GET", f"/customers/{customer.customer_id}", shopper, siteId=None),
        404,
        "site-not-found",
    )
    assert_problem(
        call(http, "GET", f"/customers/{customer.customer_id}", shopper, siteId="Nowhere"),
        404,
        "site-not-found",
    )


def test_token_of_another_site_is_refused(http, shopper, customer):
    from shopsite.api.models import Site

    Site.objects.create(site_id="RefArch")
    response = call(http, "GET", f"/customers/{customer.customer_id}", shopper, siteId="RefArch")
    assert_problem(response, 401, "invalid-access-token")


def test_unknown_organization_and_path(http, shopper, customer):
    response = http.get(
        f"/customer/shopper-customers/v1/organizations/f_ecom_other_001/customers/{customer.customer_id}",
        {"siteId": "SiteGenesis"},
        headers={"Authorization": f"Bearer {shopper['access_token']}"},
    )
    assert_problem(response, 404, "not-found")
    assert_problem(http.get(f"{SCAPI}/nothing/here"), 404, "resource-path-not-found")


def test_a_shopper_token_is_required_and_ocapi_tokens_are_not_one(http, token, customer):
    assert_problem(call(http, "GET", f"/customers/{customer.customer_id}"), 401, "unauthorized")
    response = call(http, "GET", f"/customers/{customer.customer_id}", {"access_token": token})
    assert_problem(response, 401, "invalid-access-token")


def test_another_customers_id_is_the_ocapi_rule(http, public_client, shopper, make_customer):
    other = make_customer(login="other")
    response = call(http, "GET", f"/customers/{other.customer_id}", shopper)
    assert_problem(response, 400, "invalid-customer")


def test_guests_have_no_address_book(http, public_client):
    guest = guest_login(http, public_client.client_id)
    response = call(
        http,
        "POST",
        f"/customers/{guest['customer_id']}/addresses",
        guest,
        {"addressId": "home", "countryCode": "US", "lastName": "Guest"},
    )
    assert response.status_code == 403
    assert response["Content-Type"].startswith(PROBLEM)


def test_validation_is_the_serializers(http, shopper, customer):
    response = call(
        http,
        "POST",
        f"/customers/{customer.customer_id}/addresses",
        shopper,
        {"addressId": "home", "countryCode": "US", "lastName": "x" * 300},
    )
    problem = assert_problem(response, 400, "property-constraint-violation")
    assert customer.addresses.count() == 0
    assert problem["detail"]


def test_address_created_201_and_renamed_200(http, shopper, customer):
    path = f"/customers/{customer.customer_id}/addresses"
    created = call(
        http, "POST", path, shopper, {"addressId": "home", "countryCode": "US", "lastName": "S"}
    )
    assert created.status_code == 201
    renamed = call(http, "PATCH", f"{path}/home", shopper, {"addressId": "house"})
    assert renamed.status_code == 200
    assert renamed.json()["addressId"] == "house"
    assert list(customer.addresses.values_list("address_id", flat=True)) == ["house"]


def test_hooks_run_on_scapi_as_on_ocapi(http, shopper, customer):
    def refuse(customer, document):
        return Status.error("NO_CHANGES", "Profile changes are closed.")

    with registry.registered("dw.ocapi.shop.customer.beforePATCH", refuse):
        response = call(
            http, "PATCH", f"/customers/{customer.customer_id}", shopper, {"firstName": "Jo"}
        )
    problem = assert_problem(response, 400, "hook-status")
    assert problem["extensionPoint"] == "dw.ocapi.shop.customer.beforePATCH"
    customer.refresh_from_db()
    assert customer.first_name != "Jo"


def test_cards_are_encrypted_and_masked(http, shopper, customer):
    response = call(
        http,
        "POST",
        f"/customers/{customer.customer_id}/payment-instruments",
        shopper,
        {
            "paymentMethodId": "CREDIT_CARD",
            "paymentCard": {"cardType": "Visa", "number": "4111111111111111"},
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["paymentCard"]["maskedNumber"] == "************1111"
    assert "4111111111111111" not in response.content.decode()
    raw = CustomerPaymentInstrument.objects.values_list("card_number", flat=True).get()
    assert "4111111111111111" not in str(raw)


def test_a_bad_card_number_is_refused(http, shopper, customer):
    response = call(
        http,
        "POST",
        f"/customers/{customer.customer_id}/payment-instruments",
        shopper,
        {"paymentMethodId": "CREDIT_CARD", "paymentCard": {"number": "4111111111111112"}},
    )
    assert_problem(response, 400, "invalid-payment-card")
    assert not CustomerPaymentInstrument.objects.exists()


def test_orders_are_paged_with_offset_and_limit(http, shopper, customer):
    response = call(http, "GET", f"/customers/{customer.customer_id}/orders", shopper, limit=51)
    assert_problem(response, 400, "malformed-parameter")
    page = call(
        http, "GET", f"/customers/{customer.customer_id}/orders", shopper, offset=0, limit=3
    )
    assert page.json() == {"data": [], "limit": 3, "offset": 0, "total": 0}


def test_the_schema_describes_scapi_and_slas_as_the_sdk_names_them(http):
    schema = http.get("/api/schema/?format=json").json()
    operations = {
        operation["operationId"]: (path, operation)
        for path, item in schema["paths"].items()
        for operation in item.values()
    }
    for name in (
        "registerCustomer",
        "getCustomer",
        "updateCustomerAddress",
        "updateCustomerPaymentInstrument",
        "getCustomerOrders",
        "createCustomerProductListItem",
        "getAccessToken",
        "authorizeCustomer",
        "getJwksUri",
    ):
        assert name in operations, name
    path, get_customer = operations["getCustomer"]
    assert (
        path == f"{SCAPI.replace('f_ecom_zzzz_001', '{organizationId}')}/customers/{{customerId}}"
    )
    assert get_customer["security"] == [{"ShopperToken": []}]
    assert {"siteId", "customerId", "organizationId"} <= {
        parameter["name"] for parameter in get_customer["parameters"]
    }
    assert "application/problem+json" in get_customer["responses"]["404"]["content"]
    customer = schema["components"]["schemas"]["ScapiCustomer"]["properties"]
    assert {"customerId", "lastName", "paymentInstruments"} <= customer.keys()
    assert not {"_v", "_type", "customer_id"} & customer.keys()
    orders = operations["getCustomerOrders"][1]["responses"]["200"]["content"]
    page = orders["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert set(schema["components"]["schemas"][page]["properties"]) == {
        "data",
        "limit",
        "offset",
        "total",
    }
