"""Fixtures of the agent tests (``pytest_plugins``): an API client with a secret, staff
users with and without the "Customer service agent" group, their OAuth tokens, and the
admin logged in as the agent."""

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.test import Client

from agents.groups import ensure_customer_service_group
from shopsite.api.models import ApiClient
from tests.conftest import OcapiClient
from tests.oauth_requests import STAFF_PASSWORD, request_user_grant


@dataclass
class AgentApp:
    """An API client used by an agent tool, with its secret in plain text."""

    client: ApiClient
    secret: str

    @property
    def client_id(self) -> str:
        return self.client.client_id


@pytest.fixture
def agent_app(db):
    client = ApiClient(name="Call centre tool")
    secret = client.set_new_secret()
    client.save()
    return AgentApp(client, secret)


@pytest.fixture
def make_staff(db):
    def make(username="csagent", *, group=True, is_staff=True, **fields):
        user = User.objects.create_user(
            username, f"{username}@shop.example", STAFF_PASSWORD, is_staff=is_staff, **fields
        )
        if group:
            # Ensured, not looked up: a transactional test's flush removes migration data.
            user.groups.add(ensure_customer_service_group())
        return user

    return make


@pytest.fixture
def agent_user(make_staff):
    return make_staff()


@pytest.fixture
def browser_for(db):
    """The admin, logged in as a given user."""

    def log_in(user) -> Client:
        browser = Client()
        browser.force_login(user)
        return browser

    return log_in


@pytest.fixture
def agent_browser(browser_for, agent_user):
    return browser_for(agent_user)


@pytest.fixture
def obtain_agent_token(agent_app):
    def obtain(user) -> str:
        response = request_user_grant(agent_app, user.username)
        assert response.status_code == 200, response.content
        return response.json()["access_token"]

    return obtain


@pytest.fixture
def agent_token(obtain_agent_token, agent_user):
    return obtain_agent_token(agent_user)


@pytest.fixture
def agent_api(site, agent_app):
    """An OCAPI client speaking as the agent tool's API client."""
    return OcapiClient(agent_app.client_id)


@pytest.fixture
def obo_token(agent_api, agent_token, customer):
    response = agent_api.call("POST", f"customers/{customer.customer_id}/auth", token=agent_token)
    assert response.status_code == 200, response.content
    return response["Authorization"].removeprefix("Bearer ")
