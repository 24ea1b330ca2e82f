"""CORS: browser storefronts on origins listed on an active API client."""

import pytest

from shopsite.api.models import ApiClient
from tests.conftest import api_url

SHOP = "https://shop.example.com"


@pytest.fixture
def storefront(api_client_app):
    api_client_app.allowed_origins = f"{SHOP}\nhttps://m.example.com/"
    api_client_app.save()
    return api_client_app


def preflight(client, origin, path="customers/auth"):
    return client.options(
        api_url(path),
        HTTP_ORIGIN=origin,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="content-type,x-dw-client-id,authorization",
    )


def test_preflight_from_a_listed_origin(client, storefront):
    response = preflight(client, SHOP)

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == SHOP
    assert "x-dw-client-id" in response["Access-Control-Allow-Headers"]
    assert "PATCH" in response["Access-Control-Allow-Methods"]
    assert preflight(client, "https://m.example.com")["Access-Control-Allow-Origin"]


def test_token_header_is_readable_by_the_storefront(client, storefront):
    response = client.call("POST", "customers/auth", {"type": "guest"}, headers={"Origin": SHOP})

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == SHOP
    assert response["Access-Control-Expose-Headers"] == "Authorization"
    assert response["Access-Control-Allow-Credentials"] == "true"


@pytest.mark.parametrize("origin", ["https://evil.example.com", "https://shop.example.com.evil.io"])
def test_other_origins_get_no_cors_headers(client, storefront, origin):
    response = preflight(client, origin)

    assert "Access-Control-Allow-Origin" not in response


def test_origins_of_inactive_clients_are_not_allowed(client, db):
    ApiClient.objects.create(name="Retired", is_active=False, allowed_origins=SHOP)

    assert "Access-Control-Allow-Origin" not in preflight(client, SHOP)


def test_admin_never_answers_cors(client, storefront):
    response = client.get("/admin/login/", HTTP_ORIGIN=SHOP)

    assert "Access-Control-Allow-Origin" not in response
