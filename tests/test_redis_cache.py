"""With ``REDIS_URL``: the token denylist and the throttle windows live in Redis, through
shopsite's cache backend (``shopsite.redis_cache``), and survive what a Redis server does on
its own: forgetting its scripts, keys expiring."""

from rest_framework.throttling import ScopedRateThrottle


def test_a_revoked_token_is_refused_when_the_denylist_is_on_redis(
    client, customer, token, redis_cache
):
    assert client.call("DELETE", "customers/auth", token=token).status_code == 204

    again = client.call("GET", f"customers/{customer.customer_id}", token=token)

    assert again.status_code == 401
    assert again.json()["fault"]["type"] == "InvalidAccessTokenException"
    stored = redis_cache._cache.get_client().keys(f"{redis_cache.key_prefix}*jwt-denylist*")
    assert len(stored) == 1


def test_other_tokens_still_work_when_the_denylist_is_on_redis(
    client, customer, token, guest_token, redis_cache
):
    client.call("DELETE", "customers/auth", token=guest_token)

    response = client.call("GET", f"customers/{customer.customer_id}", token=token)

    assert response.status_code == 200
    assert response.json()["customer_id"] == customer.customer_id


def test_the_throttle_counts_on_after_redis_forgets_its_scripts(client, redis_cache, monkeypatch):
    """A restarted Redis (or ``SCRIPT FLUSH``) no longer knows the counting script by its
    SHA1: the count goes on, in the same window, rather than failing the login."""
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"customer_auth": "2/day"})

    def guest_login():
        return client.call("POST", "customers/auth", {"type": "guest"}).status_code

    first = guest_login()
    redis_cache._cache.get_client().script_flush()

    assert [first, guest_login(), guest_login()] == [200, 200, 429]
