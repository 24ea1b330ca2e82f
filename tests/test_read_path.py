"""The authenticated read path: few statements, the same at every size, and the caches that
make it so (sites and clients per process, revocation folded into the customer query)."""

import pytest

from customers.models import Customer
from shopsite.api.hooks import Status, registry
from shopsite.api.models import ApiClient

pytest_plugins = ["tests.fixtures_owned"]


@pytest.fixture
def warm(client, token, customer):
    """One request first, as a running server has made: site and client are cached."""
    assert client.call("GET", f"customers/{customer.customer_id}", token=token).status_code == 200


def fill(customer, add_address, add_card, addresses, cards=3):
    for index in range(addresses):
        add_address(customer, f"address-{index:04d}", preferred=index == 0)
    for _ in range(cards):
        add_card(customer)


@pytest.mark.parametrize("addresses", [1, 10, 60])
def test_get_customer_with_expand_is_three_statements_at_any_size(
    client, token, customer, warm, add_address, add_card, addresses, django_assert_num_queries
):
    fill(customer, add_address, add_card, addresses)
    path = f"customers/{customer.customer_id}?expand=addresses,paymentinstruments"

    # customer (with the revocation check), addresses, payment instruments
    with django_assert_num_queries(3):
        response = client.call("GET", path, token=token)

    assert response.status_code == 200
    assert len(response.json()["addresses"]) == addresses
    assert len(response.json()["payment_instruments"]) == 3


def test_get_customer_is_one_statement(client, token, customer, warm, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.call("GET", f"customers/{customer.customer_id}", token=token)

    assert response.status_code == 200


def test_a_refresh_reads_its_customer_once(
    client, token, customer, warm, django_assert_num_queries
):
    refresh = {"type": "refresh"}
    assert client.call("POST", "customers/auth", refresh, token=token).status_code == 200

    # the throttle's count, the customer (with the revocation check)
    with django_assert_num_queries(2):
        response = client.call("POST", "customers/auth", refresh, token=token)

    assert response.status_code == 200
    assert response.json()["customer_id"] == customer.customer_id


@pytest.mark.parametrize("addresses", [3, 250])
def test_an_address_page_is_three_statements_at_any_size(
    client, token, customer, warm, add_address, add_card, addresses, django_assert_num_queries
):
    fill(customer, add_address, add_card, addresses, cards=0)

    # customer, count, page
    with django_assert_num_queries(3):
        response = client.call("GET", f"customers/{customer.customer_id}/addresses", token=token)

    assert response.status_code == 200
    assert response.json()["total"] == addresses


def test_a_revoked_token_is_refused_by_the_same_statement(client, token, customer, warm):
    assert client.call("DELETE", "customers/auth", token=token).status_code == 204

    response = client.call("GET", f"customers/{customer.customer_id}", token=token)

    assert response.status_code == 401
    assert response.json()["fault"]["type"] == "InvalidAccessTokenException"


def test_a_client_deactivated_on_another_server_is_refused_once_the_cache_expires(
    client, token, customer, warm, settings
):
    # A queryset update sends no signal: as if another app server had saved the change.
    ApiClient.objects.update(is_active=False)
    still_cached = client.call("GET", f"customers/{customer.customer_id}", token=token)
    settings.OCAPI = {**settings.OCAPI, "CONTEXT_CACHE_SECONDS": 0}  # the entry has expired
    expired = client.call("GET", f"customers/{customer.customer_id}", token=token)

    assert still_cached.status_code == 200
    assert expired.status_code == 403
    assert expired.json()["fault"]["type"] == "ClientAccessForbiddenException"


def test_a_site_taken_offline_here_is_refused_at_once(client, token, customer, site, warm):
    site.is_online = False
    site.save()

    response = client.call("GET", f"customers/{customer.customer_id}", token=token)

    assert response.status_code == 503
    assert response.json()["fault"]["type"] == "SiteOfflineException"


def test_a_read_runs_in_a_transaction_when_a_hook_may_write(client, token, customer, warm):
    def writes_then_fails(customer_id):
        Customer.objects.filter(customer_id=customer_id).update(note="written by a hook")
        return Status.error("NOPE", "refused")

    with registry.registered("dw.ocapi.shop.customer.beforeGET", writes_then_fails):
        response = client.call("GET", f"customers/{customer.customer_id}", token=token)

    assert response.status_code == 400
    assert response.json()["fault"]["type"] == "HookStatusException"
    customer.refresh_from_db()
    assert customer.note == ""
