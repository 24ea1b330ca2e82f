"""With ``REDIS_URL``: the token denylist lives in Redis, through shopsite's cache backend
(``shopsite.redis_cache``). The throttle windows there: ``tests/test_throttling.py``."""


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
