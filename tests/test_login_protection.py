"""Failed credentials logins: one atomic count per attempt, the same cost for every failure."""

import threading
from datetime import timedelta

import pytest
from django.utils import timezone

from customers.models import Customer
from tests.concurrency import burst, needs_postgresql
from tests.conftest import PASSWORD, api_url, basic
from tests.hashers import CountingHasher


def credentials_login(client, login_name, password):
    return client.call(
        "POST",
        "customers/auth",
        {"type": "credentials"},
        headers={"Authorization": basic(login_name, password)},
    )


@pytest.fixture
def counting_hasher(settings):
    settings.PASSWORD_HASHERS = ["tests.hashers.CountingHasher"]

    def hashes_of(request) -> int:
        CountingHasher.computed = 0
        request()
        return CountingHasher.computed

    return hashes_of


@pytest.mark.parametrize("case", ["unknown login", "wrong password", "locked", "disabled"])
def test_every_failed_login_costs_one_password_hash(client, make_customer, counting_hasher, case):
    customer = make_customer("jsmith")
    if case == "locked":
        customer.locked_until = timezone.now() + timedelta(minutes=5)
    if case == "disabled":
        customer.enabled = False
    customer.save()
    login_name = "nobody" if case == "unknown login" else "jsmith"
    password = PASSWORD if case in {"locked", "disabled"} else "Wr0ng!Passw0rd"
    responses = []

    hashes = counting_hasher(
        lambda: responses.append(credentials_login(client, login_name, password))
    )

    assert responses[0].status_code == 401
    assert responses[0].json()["fault"]["type"] == "AuthenticationFailedException"
    assert hashes == 1


def test_the_attempt_reaching_the_maximum_locks_and_later_ones_check_no_password(
    client, customer, settings, monkeypatch
):
    settings.OCAPI = {**settings.OCAPI, "MAX_FAILED_LOGINS": 3}
    checked = []
    original = Customer.check_password
    monkeypatch.setattr(
        Customer, "check_password", lambda self, raw: checked.append(raw) or original(self, raw)
    )

    statuses = [credentials_login(client, "jsmith", "Wr0ng!pw").status_code for _ in range(5)]

    assert statuses == [401] * 5
    assert len(checked) == 3
    customer.refresh_from_db()
    assert customer.is_locked()
    assert credentials_login(client, "jsmith", PASSWORD).status_code == 401


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_burst_of_wrong_passwords_gets_exactly_max_failed_logins_checks(
    live_server, make_customer, api_client_app, settings, monkeypatch
):
    customer = make_customer("jsmith")
    checked = []
    lock = threading.Lock()
    original = Customer.check_password

    def slow_check(self, raw):  # as slow as a real hash, so the requests overlap
        with lock:
            checked.append(raw)
        threading.Event().wait(0.2)
        return original(self, raw)

    monkeypatch.setattr(Customer, "check_password", slow_check)
    url = live_server.url + api_url("customers/auth")
    headers = {
        "x-dw-client-id": api_client_app.client_id,
        "Authorization": basic("jsmith", "Wr0ng!Passw0rd"),
    }

    statuses = burst(12, url, {"type": "credentials"}, headers)

    assert statuses == [401] * 12
    assert len(checked) == settings.OCAPI["MAX_FAILED_LOGINS"]
    customer.refresh_from_db()
    assert customer.is_locked()
