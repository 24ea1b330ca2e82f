"""POST /customers/auth/trustedsystem."""

from datetime import timedelta

import pytest
from django.utils import timezone

from customers import tokens
from customers.models import Customer
from shopsite.api.models import ApiClient, Site
from tests.conftest import OcapiClient, basic, login

pytest_plugins = ["tests.fixtures_passwords"]

UNAUTHORIZED = {
    "type": "UnauthorizedException",
    "message": "The request is unauthorized: the credentials of a trusted API client are required.",
}


@pytest.fixture
def storefront(api_client_app):
    """The public client the customer token is for (the ``client`` fixture's client)."""
    return api_client_app


def trusted_auth(client, trusted, body, **kwargs):
    return client.call(
        "POST",
        "customers/auth/trustedsystem",
        body,
        headers={"Authorization": trusted.authorization},
        **kwargs,
    )


def test_a_trusted_system_gets_a_token_for_the_login(client, customer, trusted, storefront):
    response = trusted_auth(client, trusted, {"login": "JSMITH", "client_id": storefront.client_id})
    assert response.status_code == 200
    body = response.json()
    assert body["_type"] == "customer"
    assert body["auth_type"] == "registered"
    assert body["customer_id"] == customer.customer_id
    assert body["login"] == "jsmith"
    raw = response["Authorization"].removeprefix("Bearer ")
    token = tokens.decode(raw)
    # Issued to the public client named in the body, not to the trusted caller.
    assert token.client_id == storefront.client_id
    assert token.customer_id == customer.customer_id
    assert token.customer_info["guest"] is False


def test_the_storefront_uses_the_token(client, customer, trusted, storefront):
    response = trusted_auth(client, trusted, {"login": "jsmith", "client_id": storefront.client_id})
    raw = response["Authorization"].removeprefix("Bearer ")
    assert client.call("GET", f"customers/{customer.customer_id}", token=raw).status_code == 200
    # ...and only the storefront: the trusted client's own id does not go with it.
    other = OcapiClient(trusted.client_id)
    refused = other.call("GET", f"customers/{customer.customer_id}", token=raw)
    assert refused.status_code == 400
    assert refused.json()["fault"]["type"] == "InvalidClientIdException"


def test_it_counts_as_a_login(client, customer, trusted, storefront):
    trusted_auth(client, trusted, {"login": "jsmith", "client_id": storefront.client_id})
    customer.refresh_from_db()
    assert customer.last_login_time is not None
    assert customer.last_visit_time is not None


def test_no_client_id_header_is_needed(site, customer, trusted, storefront):
    response = trusted_auth(
        OcapiClient(""), trusted, {"login": "jsmith", "client_id": storefront.client_id}
    )
    assert response.status_code == 200


@pytest.mark.parametrize("login_name", ["nobody", "jsmith@example.com"], ids=["unknown", "email"])
def test_an_unknown_login_is_authentication_failed(
    client, customer, trusted, storefront, login_name
):
    response = trusted_auth(
        client, trusted, {"login": login_name, "client_id": storefront.client_id}
    )
    assert response.status_code == 401
    assert response.json()["fault"] == {
        "type": "AuthenticationFailedException",
        "message": "Customer authentication based on trusted system failed.",
        "arguments": {"credentialType": "trusted system"},
    }
    assert "Authorization" not in response


@pytest.mark.parametrize(
    "change",
    [{"enabled": False}, {"locked_until": timezone.now() + timedelta(minutes=10)}],
    ids=["disabled", "locked"],
)
def test_a_disabled_or_locked_customer_is_authentication_failed(
    client, customer, trusted, storefront, change
):
    Customer.objects.filter(pk=customer.pk).update(**change)
    response = trusted_auth(client, trusted, {"login": "jsmith", "client_id": storefront.client_id})
    assert response.status_code == 401
    assert response.json()["fault"]["type"] == "AuthenticationFailedException"


def test_a_login_of_another_site_is_unknown(client, make_customer, trusted, storefront):
    make_customer("jsmith")
    Site.objects.create(site_id="RefArch")
    response = trusted_auth(
        client, trusted, {"login": "jsmith", "client_id": storefront.client_id}, site="RefArch"
    )
    assert response.status_code == 401
    assert response.json()["fault"]["type"] == "AuthenticationFailedException"


def test_a_guest_cannot_be_had(client, guest_token, trusted, storefront):
    guest = Customer.objects.get(is_guest=True)
    response = trusted_auth(
        client, trusted, {"login": guest.customer_id, "client_id": storefront.client_id}
    )
    assert response.status_code == 401


@pytest.mark.parametrize(
    "case",
    ["none", "wrong secret", "untrusted", "inactive", "malformed", "no colon", "bearer"],
)
def test_only_a_trusted_active_client_with_its_secret_may_call(
    client, customer, trusted, storefront, make_api_client, case
):
    headers = {}
    if case == "wrong secret":
        headers["Authorization"] = basic(trusted.client_id, trusted.secret + "x")
    elif case == "untrusted":
        headers["Authorization"] = make_api_client("Partner", trusted=False).authorization
    elif case == "inactive":
        headers["Authorization"] = make_api_client("Old", trusted=True, active=False).authorization
    elif case == "malformed":
        headers["Authorization"] = "Basic %%%"
    elif case == "no colon":
        headers["Authorization"] = "Basic " + "bm9jb2xvbg=="  # "nocolon"
    elif case == "bearer":
        headers["Authorization"] = f"Bearer {login(client)}"
    response = client.call(
        "POST",
        "customers/auth/trustedsystem",
        {"login": "jsmith", "client_id": storefront.client_id},
        headers=headers,
    )
    assert response.status_code == 401
    assert response.json()["fault"] == UNAUTHORIZED
    assert "Authorization" not in response


def test_a_client_that_lost_its_trust_is_refused(client, customer, trusted, storefront):
    ApiClient.objects.filter(pk=trusted.client.pk).update(is_trusted=False)
    response = trusted_auth(client, trusted, {"login": "jsmith", "client_id": storefront.client_id})
    assert response.status_code == 401


@pytest.mark.parametrize("kind", ["unknown", "inactive"])
def test_the_public_client_id_must_be_an_active_client(client, customer, trusted, kind):
    if kind == "unknown":
        client_id = "11111111-2222-3333-4444-555555555555"
    else:
        client_id = ApiClient.objects.create(name="Retired shop", is_active=False).client_id
    response = trusted_auth(client, trusted, {"login": "jsmith", "client_id": client_id})
    assert response.status_code == 400
    assert response.json()["fault"] == {
        "type": "InvalidClientIdException",
        "message": f"The client id '{client_id}' is not an active API client.",
        "arguments": {"clientId": client_id},
    }


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"client_id": "x"}, "MissingLoginException"),
        ({"login": "  ", "client_id": "x"}, "MissingLoginException"),
        ({"login": "jsmith"}, "PropertyConstraintViolationException"),
        ({"login": "jsmith", "client_id": ""}, "PropertyConstraintViolationException"),
        ({"login": "jsmith", "client_id": 5}, "PropertyConstraintViolationException"),
        ({"login": "jsmith", "client_id": "x", "password": "y"}, "UnknownPropertyException"),
    ],
)
def test_an_incomplete_request_is_refused(client, customer, trusted, body, expected):
    response = trusted_auth(client, trusted, body)
    assert response.status_code == 400
    assert response.json()["fault"]["type"] == expected


def test_the_answer_is_not_cached(client, customer, trusted, storefront):
    response = trusted_auth(client, trusted, {"login": "jsmith", "client_id": storefront.client_id})
    assert response["Cache-Control"] == "max-age=0,no-cache,no-store,must-revalidate"
