"""What an agent token may do on the Shop API: the documentation's agent-vs-JWT rules and
the Django permissions that govern agents."""

import pytest
from django.contrib.auth.models import Permission
from rest_framework.test import APIClient

from customers.models import Customer
from shopsite.accounts.models import AgentAuditEntry
from shopsite.api.models import Site
from tests.oauth_requests import TOKEN_URL, basic_of, form_post

pytest_plugins = ["tests.fixtures_agents", "tests.fixtures_owned"]

NEW_ADDRESS = {"address_id": "work", "last_name": "Smith", "country_code": "US"}


def grant(user, *codenames):
    for codename in codenames:
        user.user_permissions.add(Permission.objects.get(codename=codename))


def endpoints(customer_id):
    """(method, path, body, expected status) of every customer endpoint an agent may use."""
    base = f"customers/{customer_id}"
    return [
        ("GET", base, None, 200),
        ("PATCH", base, {"first_name": "Johnny"}, 200),
        ("GET", f"{base}/addresses", None, 200),
        ("POST", f"{base}/addresses", NEW_ADDRESS, 200),
        ("GET", f"{base}/addresses/home", None, 200),
        ("PATCH", f"{base}/addresses/home", {"city": "Boston"}, 200),
        ("DELETE", f"{base}/addresses/home", None, 204),
        ("GET", f"{base}/payment_instruments", None, 200),
        ("GET", f"{base}/baskets", None, 200),
        ("GET", f"{base}/orders", None, 200),
        ("POST", f"{base}/password_reset", None, 204),
    ]


@pytest.fixture
def book(customer, add_address):
    add_address(customer, "home")
    return customer


@pytest.mark.parametrize("index", range(11))
def test_an_agent_reaches_every_oauth_endpoint_of_any_customer(agent_api, agent_token, book, index):
    method, path, body, status = endpoints(book.customer_id)[index]

    response = agent_api.call(method, path, body, token=agent_token)

    assert response.status_code == status, response.content


@pytest.mark.parametrize(
    "path",
    [
        "customers/{id}",
        "customers/{id}/addresses",
        "customers/{id}/payment_instruments",
        "customers/{id}/orders",
        "customers/{id}/baskets",
    ],
)
def test_an_unknown_customer_is_not_found_for_an_agent(agent_api, agent_token, path):
    response = agent_api.call("GET", path.format(id="nobody"), token=agent_token)

    assert response.status_code == 404
    assert response.json()["fault"]["type"] == "CustomerNotFoundException"
    assert response.json()["fault"]["arguments"] == {"customerId": "nobody"}


def test_a_customer_of_another_site_is_not_found_for_an_agent(agent_api, agent_token, site):
    other = Customer.objects.create_registered(
        Site.objects.create(site_id="RefArch"), None, login="x", email="x@x.com", last_name="X"
    )

    response = agent_api.call("GET", f"customers/{other.customer_id}", token=agent_token)

    assert response.status_code == 404


@pytest.mark.parametrize(
    "method, path, body",
    [("GET", "customers/{id}", None), ("GET", "customers/{id}/orders", None)],
)
def test_without_view_permission_an_agent_gets_403(
    agent_api, obtain_agent_token, make_staff, customer, method, path, body
):
    token = obtain_agent_token(make_staff("nobody-special", group=False))

    response = agent_api.call(method, path.format(id=customer.customer_id), body, token=token)

    assert response.status_code == 403
    assert response.json()["fault"]["type"] == "ForbiddenException"
    assert "customers.view_customer" in response.json()["fault"]["message"]


def test_view_permission_reads_but_does_not_write(
    agent_api, obtain_agent_token, make_staff, customer
):
    reader = make_staff("reader", group=False)
    grant(reader, "view_customer")
    token = obtain_agent_token(reader)
    path = f"customers/{customer.customer_id}"

    read = agent_api.call("GET", path, token=token)
    write = agent_api.call("PATCH", path, {"first_name": "X"}, token=token)

    assert read.status_code == 200
    assert write.status_code == 403
    assert "customers.change_customer" in write.json()["fault"]["message"]
    customer.refresh_from_db()
    assert customer.first_name != "X"


@pytest.mark.parametrize(
    "method, path, body",
    [
        ("PUT", "customers/{id}/password", {"current_password": "a", "password": "b"}),
        ("DELETE", "customers/auth", None),
    ],
)
def test_jwt_only_endpoints_refuse_agent_tokens(
    agent_api, agent_token, customer, method, path, body
):
    response = agent_api.call(method, path.format(id=customer.customer_id), body, token=agent_token)

    assert response.status_code == 403
    assert response.json()["fault"]["type"] == "ForbiddenException"
    assert "JWT" in response.json()["fault"]["message"]


def test_a_client_credentials_token_has_no_agent_permissions(agent_app, agent_api, customer):
    response = form_post(
        TOKEN_URL,
        {"grant_type": "client_credentials"},
        HTTP_AUTHORIZATION=basic_of(agent_app.client_id, agent_app.secret),
    )
    token = response.json()["access_token"]

    refused = agent_api.call("GET", f"customers/{customer.customer_id}", token=token)

    assert refused.status_code == 403


# --- POST /customers by an agent ----------------------------------------------------------


REGISTRATION = {"customer": {"login": "newbie", "email": "newbie@example.com", "last_name": "New"}}


def test_an_agent_registers_a_customer_without_a_password(agent_api, agent_token, site):
    response = agent_api.call("POST", "customers", REGISTRATION, token=agent_token)

    assert response.status_code == 200, response.content
    assert response.json()["login"] == "newbie"
    assert response.json()["auth_type"] == "registered"
    customer = Customer.objects.get(login="newbie")
    assert customer.customer_no
    assert not customer.check_password("")
    entry = AgentAuditEntry.objects.get()
    assert (entry.action, entry.via, entry.customer) == ("api_write", "agent_token", customer)


def test_an_agent_registration_with_a_password_is_refused(agent_api, agent_token, site):
    body = {**REGISTRATION, "password": "Str0ng!Passw0rd"}

    response = agent_api.call("POST", "customers", body, token=agent_token)

    assert response.status_code == 400
    assert response.json()["fault"]["type"] == "InvalidPasswordException"
    assert not Customer.objects.filter(login="newbie").exists()


def test_registering_needs_the_add_permission(agent_api, obtain_agent_token, make_staff, site):
    clerk = make_staff("clerk", group=False)
    grant(clerk, "view_customer", "change_customer")

    response = agent_api.call("POST", "customers", REGISTRATION, token=obtain_agent_token(clerk))

    assert response.status_code == 403
    assert "customers.add_customer" in response.json()["fault"]["message"]


# --- cross-sites ------------------------------------------------------------------------


@pytest.fixture
def orders_on_two_sites(customer, add_order):
    here = add_order(customer)
    there = add_order(customer, order_site=Site.objects.create(site_id="RefArch"))
    return here, there


def order_numbers(response):
    assert response.status_code == 200, response.content
    return sorted(order["order_no"] for order in response.json().get("data", []))


def test_cross_sites_is_honoured_for_agents(agent_api, agent_token, customer, orders_on_two_sites):
    here, there = orders_on_two_sites
    path = f"customers/{customer.customer_id}/orders"

    crossed = agent_api.call("GET", f"{path}?cross-sites=true", token=agent_token)
    own_site = agent_api.call("GET", f"{path}?cross-sites=false", token=agent_token)

    assert order_numbers(crossed) == sorted([here.order_no, there.order_no])
    assert order_numbers(own_site) == [here.order_no]


def test_cross_sites_is_ignored_on_behalf_of_a_customer(
    agent_api, obo_token, customer, orders_on_two_sites
):
    here, _ = orders_on_two_sites
    path = f"customers/{customer.customer_id}/orders?cross-sites=true"

    assert order_numbers(agent_api.call("GET", path, token=obo_token)) == [here.order_no]


def test_agent_reads_are_not_audited_but_writes_are(agent_api, agent_token, customer):
    path = f"customers/{customer.customer_id}"
    agent_api.call("GET", path, token=agent_token)
    agent_api.call("PATCH", path, {"first_name": "Jo"}, token=agent_token)
    agent_api.call("PATCH", path, {"email": "not-an-email"}, token=agent_token)

    entries = list(AgentAuditEntry.objects.order_by("pk"))
    assert [(e.method, e.status_code) for e in entries] == [("PATCH", 200), ("PATCH", 400)]
    assert entries[0].agent_login == "csagent"
    assert entries[0].path.endswith(path)


def test_the_client_id_may_come_from_the_agent_token(customer, agent_token):
    # Like a customer JWT, the token names its client (iss) when the request does not.
    response = APIClient().get(
        f"/s/SiteGenesis/dw/shop/v19_5/customers/{customer.customer_id}",
        HTTP_AUTHORIZATION=f"Bearer {agent_token}",
    )

    assert response.status_code == 200
