"""Throttles that hold: no forwarding header trusted unless configured, and atomic counts
(a burst of simultaneous requests gets exactly the rate, on the database and on Redis)."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import connection
from django.utils import timezone
from rest_framework.throttling import ScopedRateThrottle

from shopsite.api.checks import check_throttle_rates
from shopsite.api.models import ThrottleCount
from tests.concurrency import burst, needs_postgresql
from tests.conftest import api_url, login


@pytest.fixture
def rate(monkeypatch):
    def set_rate(scope: str, value: str):
        monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {scope: value})

    return set_rate


def guest_login(client, **headers):
    return client.call("POST", "customers/auth", {"type": "guest"}, headers=headers)


def test_a_forged_x_forwarded_for_does_not_get_a_new_allowance(client, rate):
    rate("customer_auth", "2/day")
    statuses = [
        guest_login(client, **{"X-Forwarded-For": f"203.0.113.{i}"}).status_code for i in range(4)
    ]

    assert statuses == [200, 200, 429, 429]
    assert guest_login(client).json()["fault"]["type"] == "QuotaExceededException"


def test_with_one_proxy_configured_its_last_hop_is_the_client(client, rate, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    rate("customer_auth", "1/day")

    first = guest_login(client, **{"X-Forwarded-For": "198.51.100.7, 203.0.113.1"})
    other_client = guest_login(client, **{"X-Forwarded-For": "203.0.113.2"})
    same_client = guest_login(client, **{"X-Forwarded-For": "6.6.6.6, 203.0.113.1"})

    assert (first.status_code, other_client.status_code) == (200, 200)
    assert same_client.status_code == 429


def test_the_throttle_counts_on_redis_when_configured(client, rate, redis_cache):
    rate("customer_auth", "3/day")

    statuses = [guest_login(client).status_code for _ in range(5)]

    assert statuses == [200, 200, 200, 429, 429]
    assert any(b"throttle" in key for key in redis_cache._cache.get_client().keys("*"))


def test_a_refresh_counts_per_client_address_like_every_login(client, rate, token):
    """The login's window is the caller's address, whatever its Authorization header names:
    a refresh does not open a window of its own per customer."""
    rate("customer_auth", "3/day")  # the token's own login was the first

    refreshed = client.call("POST", "customers/auth", {"type": "refresh"}, token=token)
    statuses = [guest_login(client).status_code for _ in range(2)]

    assert refreshed.status_code == 200
    assert statuses == [200, 429]


def test_a_signed_in_reset_request_counts_per_client_address(client, rate, customer, token):
    """``THROTTLE_PASSWORD_RESET`` is per client address on every reset endpoint, the one a
    customer's token calls included: the token does not buy a window of its own."""
    rate("password_reset", "1/day")

    own = client.call("POST", f"customers/{customer.customer_id}/password_reset", token=token)
    public = client.call(
        "POST", "customers/password_reset", {"identification": "jsmith", "type": "login"}
    )

    assert own.status_code == 204
    assert public.status_code == 429


def test_a_password_change_counts_per_customer(client, rate, customer, token, make_customer):
    """The one rate kept per signed-in customer: another customer at the same address
    still has its own tries."""
    other = make_customer("other")
    other_token = login(client, "other")
    rate("password_change", "1/day")
    wrong = {"current_password": "not-it", "password": "Another!Passw0rd"}

    def change(owner, owner_token):
        path = f"customers/{owner.customer_id}/password"
        return client.call("PUT", path, wrong, token=owner_token).status_code

    assert [change(customer, token), change(customer, token)] == [400, 429]
    assert change(other, other_token) == 400


def test_a_throttled_answer_says_when_to_retry(client, rate):
    rate("customer_auth", "1/minute")
    guest_login(client)

    response = guest_login(client)

    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60


@pytest.fixture
def live_auth(live_server, site, api_client_app):
    url = live_server.url + api_url("customers/auth")
    return url, {"x-dw-client-id": api_client_app.client_id}


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_burst_gets_exactly_the_rate_on_the_database(live_auth, rate):
    rate("customer_auth", "4/day")
    url, headers = live_auth

    statuses = burst(12, url, {"type": "guest"}, headers)

    assert sorted(statuses) == [200] * 4 + [429] * 8


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_burst_gets_exactly_the_rate_on_redis(live_auth, rate, redis_cache):
    rate("customer_auth", "4/day")
    url, headers = live_auth

    statuses = burst(12, url, {"type": "guest"}, headers)

    assert sorted(statuses) == [200] * 4 + [429] * 8


def test_a_huge_forwarded_address_is_counted_not_a_crash(client, rate, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    rate("customer_auth", "1/day")
    forged = {"X-Forwarded-For": "9" * 5000}

    assert guest_login(client, **forged).status_code == 200
    assert guest_login(client, **forged).status_code == 429


def test_the_window_closes_a_period_after_the_first_request(client, rate):
    rate("customer_auth", "2/hour")
    assert [guest_login(client).status_code for _ in range(3)] == [200, 200, 429]
    window = ThrottleCount.objects.get()
    assert timedelta(minutes=59) < window.expires - timezone.now() <= timedelta(hours=1)

    ThrottleCount.objects.update(expires=timezone.now() - timedelta(seconds=1))

    assert [guest_login(client).status_code for _ in range(3)] == [200, 200, 429]


def test_the_throttle_counts_on_after_redis_forgets_its_scripts(client, rate, redis_cache):
    """A restarted Redis (or ``SCRIPT FLUSH``) no longer knows the counting script by its
    SHA1: the count goes on, in the same window, rather than failing the login."""
    rate("customer_auth", "2/day")
    first = guest_login(client).status_code
    redis_cache._cache.get_client().script_flush()

    after = [guest_login(client).status_code for _ in range(2)]

    assert [first, *after] == [200, 200, 429]


def test_a_throttled_answer_on_redis_says_when_to_retry(client, rate, redis_cache):
    rate("customer_auth", "1/minute")
    guest_login(client)

    response = guest_login(client)

    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60


def test_the_window_on_redis_closes_a_period_after_the_first_request(client, rate, redis_cache):
    rate("customer_auth", "2/hour")
    assert [guest_login(client).status_code for _ in range(3)] == [200, 200, 429]
    (window,) = redis_cache._cache.get_client().keys(f"{redis_cache.key_prefix}*throttle*")
    assert 3500 < redis_cache._cache.get_client().ttl(window) <= 3600

    redis_cache._cache.get_client().delete(window)  # the key expires with its window

    assert [guest_login(client).status_code for _ in range(3)] == [200, 200, 429]


def test_opening_a_window_forgets_clients_long_gone(client, rate):
    rate("customer_auth", "5/day")
    now = timezone.now()
    ThrottleCount.objects.create(key="gone", count=3, expires=now - timedelta(days=3))
    ThrottleCount.objects.create(key="recent", count=3, expires=now - timedelta(hours=1))

    assert guest_login(client).status_code == 200

    assert set(ThrottleCount.objects.values_list("key", flat=True)) - {"gone", "recent"}
    assert not ThrottleCount.objects.filter(key="gone").exists()
    assert ThrottleCount.objects.filter(key="recent").exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's unlogged tables")
def test_counts_are_unlogged_on_postgresql_and_still_count(client, rate):
    """Counters are written by nearly every limited request: no WAL, no flush per count
    (migration 0007). The schema is what ``migrate`` made, and counting still works."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relpersistence FROM pg_class WHERE relname = %s",
            [ThrottleCount._meta.db_table],
        )
        assert cursor.fetchone() == ("u",)
    rate("customer_auth", "2/minute")

    assert [guest_login(client).status_code for _ in range(3)] == [200, 200, 429]


def test_a_scope_whose_rate_is_none_is_not_limited(client, rate):
    """DRF's way to lift a limit: ``None`` answers every request and counts none of them."""
    rate("customer_auth", None)

    assert [guest_login(client).status_code for _ in range(3)] == [200, 200, 200]
    assert not ThrottleCount.objects.exists()


@pytest.mark.parametrize("malformed", ["60 a minute", "60/", "sixty/minute", "60/fortnight"])
def test_the_system_check_refuses_a_rate_drf_cannot_read(settings, malformed):
    """Else every request of the scope, logins among them, would be a 500."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            "customer_auth": malformed,
            "oauth": None,
            "password_reset": "10/minute",
        },
    }

    errors = check_throttle_rates(None)

    assert [error.id for error in errors] == ["ocapi.E006"]
    assert "customer_auth" in errors[0].msg
    with pytest.raises(SystemCheckError, match=r"ocapi\.E006"):
        call_command("check", stdout=io.StringIO(), stderr=io.StringIO())


def test_the_configured_rates_pass_the_system_check():
    assert check_throttle_rates(None) == []
