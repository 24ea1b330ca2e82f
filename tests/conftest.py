"""Shared fixtures: a site, an API client, customers, and an HTTP client that speaks OCAPI."""

import base64
import uuid

import pytest
from django.core.cache import caches
from rest_framework.test import APIClient

from customers.models import Customer
from shopsite.api.context import context_cache
from shopsite.api.models import ApiClient, Site

pytest_plugins = ["tests.log_capture"]

SITE = "SiteGenesis"
PASSWORD = "Str0ng!Passw0rd"
REDIS_URL = "redis://127.0.0.1:6379/3"


def api_url(path: str, *, site: str = SITE, version: str = "v19_5") -> str:
    return f"/s/{site}/dw/shop/{version}/{path.lstrip('/')}"


def basic(login: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{login}:{password}".encode()).decode()


@pytest.fixture(autouse=True)
def fresh_context_cache():
    """Each test rolls its database back: sites and clients cached by a previous test
    (same ids, other primary keys) must not leak into it."""
    context_cache.clear()
    yield
    context_cache.clear()


@pytest.fixture
def redis_cache(settings):
    """The cache as production configures it with ``REDIS_URL``: shopsite's Redis backend,
    holding throttles and the token denylist. Skips where no Redis answers."""
    settings.REDIS_URL = REDIS_URL
    settings.CACHES = {
        "default": {
            "BACKEND": "shopsite.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",  # each test its own keys
        }
    }
    try:
        caches["default"].set("ping", 1)
    except Exception:
        pytest.skip(f"no Redis at {REDIS_URL}")
    return caches["default"]


@pytest.fixture
def site(db):
    return Site.objects.create(site_id=SITE, name="Site Genesis")


@pytest.fixture
def api_client_app(db):
    return ApiClient.objects.create(name="Storefront")


class OcapiClient(APIClient):
    """An APIClient that sends the client id and speaks JSON, like a storefront."""

    def __init__(self, client_id: str, **kwargs):
        super().__init__(**kwargs)
        self.client_id = client_id

    def generic(self, method, path, data="", content_type="application/json", **extra):
        extra.setdefault("HTTP_X_DW_CLIENT_ID", self.client_id)
        return super().generic(method, path, data, content_type, **extra)

    def call(self, method, path, body=None, *, token=None, headers=None, **kwargs):
        import json

        headers = dict(headers or {})
        if token:
            headers["Authorization"] = f"Bearer {token}"
        data = "" if body is None else (body if isinstance(body, str | bytes) else json.dumps(body))
        return self.generic(method, api_url(path, **kwargs), data, headers=headers)


@pytest.fixture
def client(site, api_client_app):
    return OcapiClient(api_client_app.client_id)


@pytest.fixture
def make_customer(site):
    def make(login="jsmith", password=PASSWORD, email=None, **fields):
        fields.setdefault("last_name", "Smith")
        return Customer.objects.create_registered(
            site, password, login=login, email=email or f"{login}@example.com", **fields
        )

    return make


@pytest.fixture
def customer(make_customer):
    return make_customer()


def login(client, login_name="jsmith", password=PASSWORD):
    response = client.call(
        "POST",
        "customers/auth",
        {"type": "credentials"},
        headers={"Authorization": basic(login_name, password)},
    )
    assert response.status_code == 200, response.content
    return response["Authorization"].removeprefix("Bearer ")


@pytest.fixture
def token(client, customer):
    return login(client)


@pytest.fixture
def guest_token(client):
    response = client.call("POST", "customers/auth", {"type": "guest"})
    assert response.status_code == 200, response.content
    return response["Authorization"].removeprefix("Bearer ")
