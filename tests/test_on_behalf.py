"""``POST /customers/{customer_id}/auth``: on-behalf-of tokens, their use and their audit."""

import json

import jwt
import pytest

from shopsite.accounts.models import AgentAuditEntry
from shopsite.api.hooks import Status
from tests.test_agent_access import endpoints

pytest_plugins = ["tests.fixtures_agents", "tests.fixtures_owned"]


def obo(agent_api, customer_id, token):
    return agent_api.call("POST", f"customers/{customer_id}/auth", token=token)


def test_an_agent_obtains_a_customer_token_naming_the_agent(
    agent_api, agent_token, agent_user, customer, agent_app
):
    response = obo(agent_api, customer.customer_id, agent_token)

    assert response.status_code == 200, response.content
    assert response.json()["_type"] == "customer"
    assert response.json()["customer_id"] == customer.customer_id
    token = response["Authorization"].removeprefix("Bearer ")
    claims = jwt.decode(token, options={"verify_signature": False})
    assert claims["agent"] == {"id": agent_user.pk, "login": "csagent"}
    assert claims["iss"] == agent_app.client_id
    assert json.loads(claims["sub"])["customer_info"]["customer_id"] == customer.customer_id
    entry = AgentAuditEntry.objects.get()
    assert (entry.action, entry.via, entry.status_code) == ("obo_token", "agent_token", 200)
    assert (entry.agent, entry.customer) == (agent_user, customer)


def test_the_documented_hooks_run_in_order(agent_api, agent_token, customer, hook_recorder):
    on, calls = hook_recorder
    for name in ("beforePOST", "afterPOST", "modifyPOSTResponse"):
        on(f"dw.ocapi.shop.customer.auth.{name}")

    obo(agent_api, customer.customer_id, agent_token)

    assert [name.rsplit(".", 1)[1] for name, _ in calls] == [
        "beforePOST",
        "afterPOST",
        "modifyPOSTResponse",
    ]
    assert calls[0][1] == (customer,) and calls[1][1] == (customer,)
    assert calls[2][1][0] == customer and calls[2][1][1]["_type"] == "customer"


def test_a_hook_error_issues_no_token(agent_api, agent_token, customer, hook_recorder):
    on, _ = hook_recorder
    on("dw.ocapi.shop.customer.auth.afterPOST", result=Status.error("NO", "Not today."))

    response = obo(agent_api, customer.customer_id, agent_token)

    assert response.status_code == 400
    assert response.json()["fault"]["type"] == "HookStatusException"
    assert "Authorization" not in response
    assert AgentAuditEntry.objects.get().status_code == 400


def test_without_the_on_behalf_permission_the_agent_gets_403(
    agent_api, obtain_agent_token, make_staff, customer
):
    from django.contrib.auth.models import Permission

    clerk = make_staff("clerk", group=False)
    clerk.user_permissions.add(*Permission.objects.filter(codename__in=["view_customer"]))

    response = obo(agent_api, customer.customer_id, obtain_agent_token(clerk))

    assert response.status_code == 403
    assert "customers.create_order_on_behalf_of" in response.json()["fault"]["message"]
    assert not AgentAuditEntry.objects.exists()


def test_a_customer_token_cannot_act_on_behalf(client, customer, token):
    response = client.call("POST", f"customers/{customer.customer_id}/auth", token=token)

    assert response.status_code == 403
    assert response.json()["fault"]["type"] == "ForbiddenException"


def test_a_token_is_required(client, customer):
    response = client.call("POST", f"customers/{customer.customer_id}/auth")

    assert response.status_code == 401


def test_an_unknown_customer_is_not_found(agent_api, agent_token):
    response = obo(agent_api, "nobody", agent_token)

    assert response.status_code == 404
    assert response.json()["fault"]["type"] == "CustomerNotFoundException"


def test_guests_and_disabled_customers_are_refused(agent_api, agent_token, guest_token, customer):
    from customers.models import Customer

    guest = Customer.objects.get(is_guest=True)
    customer.enabled = False
    customer.save()

    for target in (guest, customer):
        response = obo(agent_api, target.customer_id, agent_token)
        assert response.status_code == 400
        assert response.json()["fault"]["type"] == "InvalidCustomerException"
        assert "Authorization" not in response


@pytest.fixture
def book(customer, add_address):
    add_address(customer, "home")
    return customer


@pytest.mark.parametrize("index", range(11))
def test_the_token_works_on_every_customer_endpoint_and_writes_are_audited(
    agent_api, obo_token, book, agent_user, index
):
    method, path, body, status = endpoints(book.customer_id)[index]
    AgentAuditEntry.objects.all().delete()

    response = agent_api.call(method, path, body, token=obo_token)

    assert response.status_code == status, response.content
    entries = list(AgentAuditEntry.objects.all())
    if method == "GET":
        assert entries == []
    else:
        assert len(entries) == 1
        entry = entries[0]
        assert (entry.action, entry.via, entry.method) == ("api_write", "obo_token", method)
        assert (entry.agent, entry.customer, entry.status_code) == (agent_user, book, status)


def test_the_token_changes_the_password_like_the_customers_own(agent_api, obo_token, customer):
    from tests.conftest import PASSWORD

    response = agent_api.call(
        "PUT",
        f"customers/{customer.customer_id}/password",
        {"current_password": PASSWORD, "password": "N3w!Passw0rd-x"},
        token=obo_token,
    )

    assert response.status_code == 204, response.content


def test_the_token_is_refused_for_another_customer(agent_api, obo_token, other_customer):
    response = agent_api.call("GET", f"customers/{other_customer.customer_id}", token=obo_token)

    assert response.status_code == 400
    assert response.json()["fault"]["type"] == "InvalidCustomerException"


def test_taking_the_permission_away_ends_the_agents_tokens(
    agent_api, obo_token, agent_user, customer
):
    agent_user.groups.clear()

    response = agent_api.call("GET", f"customers/{customer.customer_id}", token=obo_token)

    assert response.status_code == 401
    assert response.json()["fault"]["type"] == "InvalidAccessTokenException"


def test_nothing_secret_is_audited(agent_api, obo_token, agent_token, customer):
    agent_api.call("PATCH", f"customers/{customer.customer_id}", {"note": "x"}, token=obo_token)

    for entry in AgentAuditEntry.objects.all():
        stored = " ".join(str(value) for value in entry.__dict__.values())
        assert obo_token not in stored and agent_token not in stored
        assert "Bearer" not in stored
