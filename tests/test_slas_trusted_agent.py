"""SLAS trusted agent on behalf of a shopper, over OCAPI's agent rules: the agent's OAuth
token, ``create_order_on_behalf_of``, registered and enabled customers, the audit log."""

import pytest
from rest_framework.test import APIClient

from shopsite.accounts.models import AgentAuditEntry
from tests.slas_helpers import SCAPI, SLAS, form

pytest_plugins = ["tests.fixtures_agents", "tests.fixtures_slas"]


@pytest.fixture
def http(site):
    return APIClient()


def request_token(http, agent_token, client_id, login_id="jsmith"):
    return form(
        http,
        f"{SLAS}/trusted-agent/token",
        {
            "grant_type": "client_credentials",
            "client_id": client_id,
            "channel_id": "SiteGenesis",
            "login_id": login_id,
        },
        HTTP_AUTHORIZATION=f"Bearer {agent_token}",
    )


def test_agent_obtains_a_shopper_token_and_its_writes_are_audited(
    http, agent_token, agent_user, public_client, customer
):
    response = request_token(http, agent_token, public_client.client_id)
    assert response.status_code == 200, response.content
    tokens = response.json()
    assert tokens["customer_id"] == customer.customer_id
    assert AgentAuditEntry.objects.filter(
        agent=agent_user, customer=customer, action=AgentAuditEntry.Action.OBO_TOKEN
    ).exists()

    patched = http.patch(
        f"{SCAPI}/customers/{customer.customer_id}?siteId=SiteGenesis",
        {"firstName": "Johnny"},
        format="json",
        headers={"Authorization": f"Bearer {tokens['access_token']}"},
    )
    assert patched.status_code == 200, patched.content
    write = AgentAuditEntry.objects.get(action=AgentAuditEntry.Action.API_WRITE)
    assert write.agent == agent_user
    assert write.via == AgentAuditEntry.Via.OBO_TOKEN
    assert write.method == "PATCH"


def test_losing_the_permission_ends_the_shopper_token(
    http, agent_token, agent_user, public_client, customer
):
    tokens = request_token(http, agent_token, public_client.client_id).json()
    agent_user.groups.clear()
    response = http.get(
        f"{SCAPI}/customers/{customer.customer_id}?siteId=SiteGenesis",
        headers={"Authorization": f"Bearer {tokens['access_token']}"},
    )
    assert response.status_code == 401


def test_an_agent_without_the_permission_is_refused(
    http, make_staff, obtain_agent_token, public_client, customer
):
    token = obtain_agent_token(make_staff("intern", group=False))
    response = request_token(http, token, public_client.client_id)
    assert response.status_code == 401
    assert response.json()["error"] == "unauthorized"


def test_no_token_for_disabled_customers_or_unknown_logins(
    http, agent_token, public_client, customer
):
    customer.enabled = False
    customer.save()
    assert request_token(http, agent_token, public_client.client_id).status_code == 400
    assert request_token(http, agent_token, public_client.client_id, "nobody").status_code == 400


def test_a_shopper_token_is_not_an_agent_token(http, public_client, customer):
    response = request_token(http, "not-a-token", public_client.client_id)
    assert response.status_code == 401
