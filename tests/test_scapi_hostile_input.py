"""Hostile input on every SCAPI and SLAS route (read from the URL configuration, like
``test_hostile_input`` for OCAPI): text no column can hold, documents too deep or too
big. Each gets a 4xx in its surface's error document (a problem, or SLAS's OAuth error),
never a 5xx, and nothing is stored."""

import json

import pytest
from django.urls import get_resolver
from rest_framework.test import APIClient

from customers.models import Customer
from tests.routes import _methods, _walk

pytest_plugins = ["tests.fixtures_slas"]

ORG = "f_ecom_zzzz_001"
VALUES = {
    "organization_id": ORG,
    "customer_id": "someone",
    "address_name": "home",
    "payment_instrument_id": "pi",
    "list_id": "list",
    "item_id": "item",
}


def routes():
    found = []
    for template, callback in _walk(get_resolver().url_patterns):
        if template.startswith(("customer/shopper-customers/", "shopper/auth/")):
            path = "/" + template.format_map(VALUES)
            if "organizations/" in path and "{" not in path:
                found += [(method, path) for method in _methods(callback)]
    return sorted(set(found))


def error_document(response, path):
    assert 400 <= response.status_code < 500, (path, response.status_code, response.content)
    body = response.json()
    if path.startswith("/shopper/auth/"):
        assert body["error"] and body["error_description"]
    else:
        assert response["Content-Type"].startswith("application/problem+json")
        assert body["type"] and body["title"]
    return body


@pytest.fixture
def http(site, public_client):
    return APIClient()


@pytest.mark.parametrize(("method", "path"), routes())
def test_nul_in_a_query_parameter(http, method, path):
    response = http.generic(method, f"{path}?siteId=SiteGenesis&client_id=a%00b")
    assert response.status_code == 400
    error_document(response, path)
    assert Customer.objects.count() == 0


@pytest.mark.parametrize(("method", "path"), routes())
def test_nul_in_the_path_and_in_a_header(http, method, path):
    response = http.generic(method, path.replace(ORG, "f_ecom_zz%00zz_001") + "?siteId=x")
    assert response.status_code == 400
    error_document(response, path)
    response = http.generic(method, path, HTTP_X_NOTE="a\x00b")
    assert response.status_code == 400
    error_document(response, path)


@pytest.mark.parametrize(
    ("method", "path"), [(m, p) for m, p in routes() if m in ("POST", "PUT", "PATCH")]
)
def test_documents_too_deep_or_not_numbers(http, method, path):
    deep = "[" * 5000 + "]" * 5000
    for body in (deep, '{"quantity": NaN}', '{"a": 1e999}'):
        response = http.generic(
            method, f"{path}?siteId=SiteGenesis", body, content_type="application/json"
        )
        error_document(response, path)
    assert Customer.objects.count() == 0


@pytest.mark.parametrize(
    ("method", "path"), [(m, p) for m, p in routes() if m == "POST" and "/shopper/auth/" in p]
)
def test_slas_form_values_and_size(http, method, path, settings):
    response = http.generic(
        method,
        path,
        "client_id=a%00b&grant_type=x",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code in (400, 401)
    error_document(response, path)
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    big = "grant_type=" + "x" * 2000
    response = http.generic(method, path, big, content_type="application/x-www-form-urlencoded")
    # The trusted agent's token is checked before its body is read.
    assert response.status_code == (401 if "trusted-agent" in path else 413), response.content
    error_document(response, path)


def test_every_surface_is_covered():
    paths = {path for _, path in routes()}
    assert any(path.endswith("/oauth2/token") for path in paths)
    assert any("/customers/someone/product-lists/list/items/item" in path for path in paths)
    assert json.dumps(sorted(paths))
