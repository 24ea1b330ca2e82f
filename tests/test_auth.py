"""POST/DELETE /customers/auth: guest, credentials, refresh, session; lockout; token rules."""

import base64
import json
from datetime import timedelta

import jwt
import pytest
from django.conf import settings
from django.utils import timezone

from customers.models import Customer
from customers.tokens import CustomerToken
from shopsite.api.models import ApiClient
from tests.conftest import PASSWORD, basic, login


def claims(raw: str) -> dict:
    return jwt.decode(raw, options={"verify_signature": False})


def bearer(response) -> str:
    scheme, _, token = response["Authorization"].partition(" ")
    assert scheme == "Bearer"
    return token


def credentials(client, login_name="jsmith", password=PASSWORD):
    return client.call(
        "POST",
        "customers/auth",
        {"type": "credentials"},
        headers={"Authorization": basic(login_name, password)},
    )


# --- guest -------------------------------------------------------------------------------


def test_guest_token_creates_a_guest_customer(client, api_client_app):
    response = client.call("POST", "customers/auth", {"type": "guest"})

    assert response.status_code == 200
    body = response.json()
    assert body == {
        "_v": "19.5",
        "_type": "customer",
        "auth_type": "guest",
        "customer_id": body["customer_id"],
        "preferred_locale": "default",
    }
    assert len(body["customer_id"]) == 26 and body["customer_id"].isascii()
    assert body["customer_id"].isalnum()
    guest = Customer.objects.get(customer_id=body["customer_id"])
    assert guest.is_guest and guest.login is None and guest.customer_no is None

    payload = claims(bearer(response))
    assert json.loads(payload["sub"])["customer_info"] == {
        "customer_id": body["customer_id"],
        "guest": True,
    }
    assert payload["iss"] == api_client_app.client_id
    assert payload["exp"] - payload["iat"] == 30 * 60
    assert payload["jti"]


def test_token_lifetime_is_configurable(client, settings):
    settings.SIMPLE_JWT = {**settings.SIMPLE_JWT, "ACCESS_TOKEN_LIFETIME": timedelta(minutes=5)}

    payload = claims(bearer(client.call("POST", "customers/auth", {"type": "guest"})))

    assert payload["exp"] - payload["iat"] == 5 * 60


def test_token_is_signed_with_the_configured_key(client):
    raw = bearer(client.call("POST", "customers/auth", {"type": "guest"}))

    jwt.decode(raw, settings.SIMPLE_JWT["SIGNING_KEY"], algorithms=["HS256"])


@pytest.mark.parametrize("body", [{}, {"type": "superuser"}, {"type": 1}])
def test_invalid_auth_type_is_refused(client, body):
    response = client.call("POST", "customers/auth", body)

    assert response.status_code == 400
    assert response.json()["fault"]["arguments"]["property"] == "type"


# --- credentials -------------------------------------------------------------------------


def test_credentials_login(client, customer):
    before = timezone.now()

    response = credentials(client)

    assert response.status_code == 200
    body = response.json()
    assert body["auth_type"] == "registered"
    assert body["customer_id"] == customer.customer_id
    assert body["login"] == "jsmith"
    assert "password" not in json.dumps(body)
    assert json.loads(claims(bearer(response))["sub"])["customer_info"]["guest"] is False
    customer.refresh_from_db()
    assert customer.last_login_time >= before
    assert customer.last_visit_time == customer.last_login_time
    assert customer.previous_login_time is None


def test_second_login_moves_last_login_to_previous(client, customer):
    credentials(client)
    customer.refresh_from_db()
    first = customer.last_login_time

    credentials(client)

    customer.refresh_from_db()
    assert customer.previous_login_time == first
    assert customer.previous_visit_time == first
    assert customer.last_login_time > first


def test_login_is_case_insensitive(client, customer):
    assert credentials(client, login_name="JSmith").status_code == 200


def test_credentials_without_basic_header(client, customer):
    response = client.call("POST", "customers/auth", {"type": "credentials"})

    assert response.status_code == 400
    fault = response.json()["fault"]
    assert fault["type"] == "AuthorizationBasicMissingException"
    assert fault["message"].startswith("Missing credentials")


@pytest.mark.parametrize(
    "header",
    [
        basic("jsmith", "wrong-password"),
        basic("nobody", PASSWORD),
        "Basic !!!not-base64!!!",
        "Basic " + base64.b64encode(b"no-colon").decode(),
    ],
)
def test_bad_credentials_fail_with_401(client, customer, header):
    response = client.call(
        "POST", "customers/auth", {"type": "credentials"}, headers={"Authorization": header}
    )

    assert response.status_code == 401
    assert response.json()["fault"]["type"] == "AuthenticationFailedException"
    assert "Authorization" not in response


def test_disabled_customer_cannot_log_in(client, customer):
    Customer.objects.filter(pk=customer.pk).update(enabled=False)

    assert credentials(client).status_code == 401


def test_guest_customers_have_no_credentials(client, guest_token):
    assert credentials(client, login_name="", password="").status_code == 401


# --- lockout -----------------------------------------------------------------------------


@pytest.fixture
def three_strikes(settings):
    settings.OCAPI = {**settings.OCAPI, "MAX_FAILED_LOGINS": 3, "LOCKOUT_MINUTES": 15}


def test_failed_logins_are_counted_and_lock_the_account(client, customer, three_strikes):
    for _ in range(2):
        assert credentials(client, password="wrong").status_code == 401
    customer.refresh_from_db()
    assert customer.failed_login_count == 2
    assert customer.locked_until is None

    assert credentials(client, password="wrong").status_code == 401

    customer.refresh_from_db()
    assert customer.locked_until > timezone.now() + timedelta(minutes=14)
    # Locked: even the right password is refused, with the same fault.
    response = credentials(client)
    assert response.status_code == 401
    assert response.json()["fault"]["type"] == "AuthenticationFailedException"


def test_lock_expires(client, customer, three_strikes):
    Customer.objects.filter(pk=customer.pk).update(
        locked_until=timezone.now() - timedelta(seconds=1)
    )

    assert credentials(client).status_code == 200


def test_unlocked_customer_can_log_in_again(client, customer, three_strikes):
    for _ in range(3):
        credentials(client, password="wrong")
    customer.refresh_from_db()
    assert credentials(client).status_code == 401

    customer.unlock()

    assert credentials(client).status_code == 200


def test_success_resets_the_failure_count(client, customer, three_strikes):
    credentials(client, password="wrong")
    credentials(client, password="wrong")

    assert credentials(client).status_code == 200

    customer.refresh_from_db()
    assert customer.failed_login_count == 0
    assert credentials(client, password="wrong").status_code == 401
    assert credentials(client).status_code == 200  # one failure after the reset: not locked


# --- refresh -----------------------------------------------------------------------------


def refresh(client, token, **headers):
    return client.call("POST", "customers/auth", {"type": "refresh"}, token=token, **headers)


def test_refresh_returns_a_new_token_for_the_same_customer(client, customer, token):
    response = refresh(client, token)

    assert response.status_code == 200
    assert response.json()["customer_id"] == customer.customer_id
    new = bearer(response)
    assert new != token
    assert claims(new)["jti"] != claims(token)["jti"]
    assert claims(new)["exp"] >= claims(token)["exp"]


def expired_token_for(customer, client_id):
    token = CustomerToken.for_customer(customer, client_id)
    token.set_exp(from_time=timezone.now() - timedelta(hours=2))
    return str(token)


def test_refresh_of_an_expired_token(client, customer, api_client_app):
    response = refresh(client, expired_token_for(customer, api_client_app.client_id))

    assert response.status_code == 401
    assert response.json()["fault"] == {
        "type": "ExpiredTokenException",
        "message": "The provided token has expired.",
    }


def test_refresh_without_a_token(client):
    response = refresh(client, None)

    assert response.status_code == 401
    assert response.json()["fault"]["type"] == "InvalidAccessTokenException"


def test_refresh_of_a_forged_token(client, customer, token):
    header, payload, _ = token.split(".")
    forged = jwt.encode(
        claims(token), "not-the-signing-key-of-this-server-at-all", algorithm="HS256"
    )

    for raw in (forged, f"{header}.{payload}.", "garbage"):
        response = refresh(client, raw)
        assert response.status_code == 401
        assert response.json()["fault"]["type"] == "InvalidAccessTokenException"


def test_refresh_checks_the_client_id_in_the_token(client, token):
    other = ApiClient.objects.create(name="Other app")

    response = refresh(client, token, headers={"x-dw-client-id": other.client_id})

    assert response.status_code == 400
    assert response.json()["fault"]["type"] == "InvalidClientIdException"


# --- tokens on other resources -----------------------------------------------------------


def test_expired_token_is_refused_everywhere(client, customer, api_client_app):
    raw = expired_token_for(customer, api_client_app.client_id)

    response = client.call("GET", f"customers/{customer.customer_id}", token=raw)

    assert response.status_code == 401
    assert response.json()["fault"]["type"] == "ExpiredTokenException"


def test_no_token_is_refused(client, customer):
    response = client.call("GET", f"customers/{customer.customer_id}")

    assert response.status_code == 401
    assert response.json()["fault"]["type"] == "UnauthorizedException"


def test_token_of_another_customer_is_an_invalid_customer(client, customer, make_customer):
    other = make_customer(login="other")
    other_token = login(client, "other")

    response = client.call("GET", f"customers/{customer.customer_id}", token=other_token)

    assert response.status_code == 400
    assert response.json()["fault"] == {
        "type": "InvalidCustomerException",
        "message": "Invalid customer.",
    }
    assert other.customer_id != customer.customer_id


def test_token_of_a_deleted_customer_is_refused(client, customer, token):
    customer.delete()

    response = client.call("GET", f"customers/{customer.customer_id}", token=token)

    assert response.status_code == 401


def test_token_is_bound_to_its_site(client, customer, token):
    from shopsite.api.models import Site

    Site.objects.create(site_id="RefArch")

    response = client.call("GET", f"customers/{customer.customer_id}", token=token, site="RefArch")

    assert response.status_code == 401


# --- logout ------------------------------------------------------------------------------


def test_delete_invalidates_the_token(client, customer, token):
    response = client.call("DELETE", "customers/auth", token=token)

    assert response.status_code == 204
    assert response.content == b""
    again = client.call("GET", f"customers/{customer.customer_id}", token=token)
    assert again.status_code == 401
    assert again.json()["fault"]["type"] == "InvalidAccessTokenException"
    assert refresh(client, token).status_code == 401


def test_delete_leaves_other_tokens_alone(client, customer, token):
    second = login(client)

    client.call("DELETE", "customers/auth", token=token)

    assert client.call("GET", f"customers/{customer.customer_id}", token=second).status_code == 200


def test_delete_without_token(client):
    response = client.call("DELETE", "customers/auth")

    assert response.status_code == 401


# --- session -----------------------------------------------------------------------------


def start_session(client, token):
    response = client.call("POST", "sessions", token=token)
    assert response.status_code == 204
    return response


def test_session_cookies_turn_into_a_token(client, customer, token):
    start_session(client, token)  # the test client keeps the cookies
    customer.refresh_from_db()
    last_login = customer.last_login_time

    first = client.call("POST", "customers/auth", {"type": "session"})
    second = client.call("POST", "customers/auth", {"type": "session"})

    assert first.status_code == 200
    assert first.json()["customer_id"] == customer.customer_id
    assert first.json()["auth_type"] == "registered"
    assert bearer(first) != bearer(second)
    customer.refresh_from_db()
    assert customer.last_login_time == last_login  # not a real login


def test_session_without_cookies_fails(client, customer):
    response = client.call("POST", "customers/auth", {"type": "session"})

    assert response.status_code == 401
    assert response.json()["fault"]["message"] == "Customer authentication based on session failed."


def test_session_with_a_wrong_secure_token_fails(client, customer, token):
    response = start_session(client, token)
    secure_cookie = next(name for name in response.cookies if name.startswith("dwsecuretoken_"))
    client.cookies[secure_cookie] = "forged"

    response = client.call("POST", "customers/auth", {"type": "session"})

    assert response.status_code == 401
    assert response.json()["fault"]["type"] == "AuthenticationFailedException"


def test_session_of_a_guest(client, guest_token):
    guest_id = claims(guest_token)["sub"]
    start_session(client, guest_token)

    response = client.call("POST", "customers/auth", {"type": "session"})

    assert response.status_code == 200
    assert response.json()["auth_type"] == "guest"
    assert json.loads(guest_id)["customer_info"]["customer_id"] == response.json()["customer_id"]


# --- throttling --------------------------------------------------------------------------


def test_auth_requests_are_throttled(client, monkeypatch):
    from rest_framework.throttling import ScopedRateThrottle

    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"customer_auth": "2/minute"})

    statuses = [
        client.call("POST", "customers/auth", {"type": "guest"}).status_code for _ in range(3)
    ]

    assert statuses == [200, 200, 429]
    response = client.call("POST", "customers/auth", {"type": "guest"})
    assert response.json()["fault"]["type"] == "QuotaExceededException"
    assert int(response["Retry-After"]) > 0
