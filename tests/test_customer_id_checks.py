"""Which ``customer_id`` a token may name in a URL (``CustomerScopedViewSet``).

The seed: "400 InvalidCustomerException if customerId URL parameter does not match the
verified customer represented by the JWT token". With a customer token any other id is
that fault, existing or not, guest or registered, so the answer tells nothing about which
ids exist; agents (OAuth) act on any customer and alone learn 404 for an unknown id.
"""

import pytest

from customers.models import Customer
from tests.conftest import PASSWORD

pytest_plugins = ["tests.fixtures_agents", "tests.fixtures_owned"]

INVALID = {"type": "InvalidCustomerException", "message": "Invalid customer."}

# One call per kind of resource below a customer: reads and writes.
CALLS = [
    ("GET", "", None),
    ("PATCH", "", {"first_name": "Mallory"}),
    ("GET", "/addresses", None),
    ("POST", "/addresses", {"address_id": "x", "last_name": "M", "country_code": "US"}),
    ("GET", "/payment_instruments", None),
    ("GET", "/orders", None),
    ("GET", "/baskets", None),
    ("GET", "/product_lists", None),
    ("POST", "/product_lists", {"type": "wish_list"}),
    ("PUT", "/password", {"current_password": PASSWORD, "password": "New!Passw0rd-9"}),
    ("POST", "/password_reset", None),
]


@pytest.fixture
def guest(client, guest_token):
    return Customer.objects.get(is_guest=True)


@pytest.mark.parametrize(("method", "suffix", "body"), CALLS)
def test_a_guest_token_on_a_registered_customer_is_an_invalid_customer(
    client, guest, guest_token, customer, method, suffix, body
):
    before = (customer.first_name, customer.password)

    response = client.call(
        method, f"customers/{customer.customer_id}{suffix}", body, token=guest_token
    )

    assert response.status_code == 400, response.content
    assert response.json()["fault"] == INVALID
    customer.refresh_from_db()
    assert (customer.first_name, customer.password) == before
    assert not customer.addresses.exists() and not customer.product_lists.exists()


@pytest.mark.parametrize(("method", "suffix", "body"), CALLS)
def test_a_registered_token_on_a_guest_is_an_invalid_customer(
    client, guest, token, method, suffix, body
):
    response = client.call(method, f"customers/{guest.customer_id}{suffix}", body, token=token)

    assert response.status_code == 400
    assert response.json()["fault"] == INVALID


@pytest.mark.parametrize("customer_id", ["nobody", "a" * 5000, "%E2%98%83"])
def test_an_id_that_cannot_exist_is_the_same_fault(client, token, customer_id):
    response = client.call("GET", f"customers/{customer_id}/addresses", token=token)

    assert response.status_code == 400
    assert response.json()["fault"] == INVALID


def test_an_unknown_and_an_existing_foreign_id_answer_alike(client, token, other_customer, guest):
    answers = {
        customer_id: client.call("GET", f"customers/{customer_id}", token=token)
        for customer_id in ("doesNotExist0000000000000", other_customer.customer_id)
    }

    assert {r.status_code for r in answers.values()} == {400}
    assert len({r.content for r in answers.values()}) == 1


def test_a_guest_on_its_own_registered_only_resource_is_still_forbidden(client, guest, guest_token):
    response = client.call("GET", f"customers/{guest.customer_id}/addresses", token=guest_token)

    assert response.status_code == 403
    assert response.json()["fault"]["type"] == "ForbiddenException"


def test_an_on_behalf_token_names_its_own_customer_only(agent_api, obo_token, other_customer):
    response = agent_api.call("GET", f"customers/{other_customer.customer_id}", token=obo_token)

    assert response.status_code == 400
    assert response.json()["fault"] == INVALID


def test_an_agent_gets_not_found_for_an_unknown_id(agent_api, agent_token):
    response = agent_api.call("GET", "customers/nobody/addresses", token=agent_token)

    assert response.status_code == 404
    assert response.json()["fault"]["type"] == "CustomerNotFoundException"
    assert response.json()["fault"]["arguments"] == {"customerId": "nobody"}


def test_an_agent_reads_any_customer(agent_api, agent_token, customer):
    response = agent_api.call("GET", f"customers/{customer.customer_id}", token=agent_token)

    assert response.status_code == 200
    assert response.json()["customer_id"] == customer.customer_id


def test_no_token_is_still_unauthorized(client, customer):
    response = client.call("GET", f"customers/{customer.customer_id}/addresses")

    assert response.status_code == 401
