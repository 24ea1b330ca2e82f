"""Nothing outlives an agent's on-behalf-of token (issue 20, items 1 and 6).

Commerce Cloud renews an on-behalf-of token by calling ``POST /customers/{id}/auth`` again
(the agent's OAuth token, the agent's permission); shopsite refuses every other way to turn
it into a customer's own token or session: ``type: refresh`` and ``POST /sessions``. What
the token may do is capped by the agent's own ``view_customer``/``change_customer``.
"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.contrib.sessions.models import Session

from customers import tokens
from shopsite.accounts.models import AgentAuditEntry
from tests.test_agent_access import NEW_ADDRESS

pytest_plugins = ["tests.fixtures_agents", "tests.fixtures_owned"]


def refresh(api, token):
    return api.call("POST", "customers/auth", {"type": "refresh"}, token=token)


def test_an_on_behalf_token_is_not_refreshed(agent_api, obo_token, customer):
    response = refresh(agent_api, obo_token)

    assert response.status_code == 401
    assert response.json()["fault"]["type"] == "AuthenticationFailedException"
    assert "Authorization" not in response


def test_the_customers_own_token_still_refreshes(client, token, customer):
    response = refresh(client, token)

    assert response.status_code == 200
    assert response["Authorization"].startswith("Bearer ")


def test_an_on_behalf_token_opens_no_storefront_session(agent_api, obo_token):
    response = agent_api.call("POST", "sessions", token=obo_token)

    assert response.status_code == 403
    assert response.json()["fault"]["type"] == "ForbiddenException"
    assert not response.cookies
    assert not Session.objects.exists()
    # And so no session-typed login can bring back a customer token.
    session_login = agent_api.call("POST", "customers/auth", {"type": "session"})
    assert session_login.status_code == 401
    assert "Authorization" not in session_login


@pytest.mark.parametrize("how", ["deactivated", "no longer staff", "permission removed"])
def test_once_the_agent_goes_the_token_and_every_way_around_it_are_refused(
    agent_api, obo_token, agent_user, customer, how
):
    if how == "deactivated":
        agent_user.is_active = False
    elif how == "no longer staff":
        agent_user.is_staff = False
    else:
        agent_user.groups.clear()
    agent_user.save()
    customer_url = f"customers/{customer.customer_id}"

    answers = [
        agent_api.call("GET", customer_url, token=obo_token),
        agent_api.call("PATCH", customer_url, {"first_name": "Mallory"}, token=obo_token),
        agent_api.call("POST", f"{customer_url}/addresses", NEW_ADDRESS, token=obo_token),
        refresh(agent_api, obo_token),
        agent_api.call("POST", "sessions", token=obo_token),
    ]

    assert [answer.status_code for answer in answers] == [401] * 5
    assert all("Authorization" not in answer for answer in answers)
    customer.refresh_from_db()
    assert customer.first_name != "Mallory" and not customer.addresses.exists()
    assert not Session.objects.exists()


def test_an_expired_on_behalf_token_is_refused_everywhere(
    agent_api, agent_user, customer, agent_app
):
    token = tokens.CustomerToken.for_customer(
        customer, agent_app.client_id, agent={"id": agent_user.pk, "login": agent_user.username}
    )
    token.set_exp(lifetime=-timedelta(seconds=1))
    expired = str(token)

    answers = [
        agent_api.call("GET", f"customers/{customer.customer_id}", token=expired),
        refresh(agent_api, expired),
        agent_api.call("POST", "sessions", token=expired),
    ]

    assert [answer.status_code for answer in answers] == [401] * 3
    assert {answer.json()["fault"]["type"] for answer in answers} == {"ExpiredTokenException"}


def test_writes_with_the_token_are_the_agents_in_the_audit_log(
    agent_api, obo_token, agent_user, customer
):
    AgentAuditEntry.objects.all().delete()
    agent_api.call("PATCH", f"customers/{customer.customer_id}", {"note": "x"}, token=obo_token)
    agent_api.call(
        "POST", f"customers/{customer.customer_id}/addresses", NEW_ADDRESS, token=obo_token
    )

    entries = AgentAuditEntry.objects.order_by("pk")
    assert [(e.agent, e.via, e.method, e.status_code) for e in entries] == [
        (agent_user, "obo_token", "PATCH", 200),
        (agent_user, "obo_token", "POST", 200),
    ]


# --- the agent's own permissions cap the token (item 6) -----------------------------------


@pytest.fixture
def limited_obo(agent_api, obtain_agent_token, make_staff, customer):
    """An on-behalf-of token of an agent holding ``create_order_on_behalf_of`` and the
    given customer permissions only."""

    def obtain(*codenames):
        agent = make_staff(f"agent{len(codenames)}", group=False)
        names = ["create_order_on_behalf_of", *codenames]
        agent.user_permissions.add(*Permission.objects.filter(codename__in=names))
        response = agent_api.call(
            "POST", f"customers/{customer.customer_id}/auth", token=obtain_agent_token(agent)
        )
        assert response.status_code == 200, response.content
        return response["Authorization"].removeprefix("Bearer ")

    return obtain


def test_on_behalf_alone_neither_reads_nor_writes_the_customer(agent_api, limited_obo, customer):
    token = limited_obo()
    url = f"customers/{customer.customer_id}"

    read = agent_api.call("GET", url, token=token)
    addresses = agent_api.call("GET", f"{url}/addresses", token=token)
    write = agent_api.call("PATCH", url, {"first_name": "Mallory"}, token=token)

    assert [read.status_code, addresses.status_code, write.status_code] == [403, 403, 403]
    assert read.json()["fault"]["type"] == "ForbiddenException"
    customer.refresh_from_db()
    assert customer.first_name != "Mallory"
    assert not AgentAuditEntry.objects.filter(action="api_write").exists()


def test_an_agent_who_may_view_reads_but_does_not_write(agent_api, limited_obo, customer):
    token = limited_obo("view_customer")
    url = f"customers/{customer.customer_id}"

    assert agent_api.call("GET", url, token=token).status_code == 200
    assert agent_api.call("PATCH", url, {"first_name": "Mallory"}, token=token).status_code == 403
    assert agent_api.call("POST", f"{url}/addresses", NEW_ADDRESS, token=token).status_code == 403
    assert not customer.addresses.exists()


def test_an_agent_who_may_change_writes(agent_api, limited_obo, customer):
    token = limited_obo("view_customer", "change_customer")
    url = f"customers/{customer.customer_id}"

    response = agent_api.call("PATCH", url, {"first_name": "Johnny"}, token=token)

    assert response.status_code == 200
    assert response.json()["first_name"] == "Johnny"
