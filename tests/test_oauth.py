"""``POST /dw/oauth2/access_token``: the Business Manager user grant, client credentials,
every refusal as an RFC 6749 error, staff lockout, revocation."""

import re

import jwt
import pytest
from rest_framework.test import APIClient

from agents.models import StaffLoginState
from tests.oauth_requests import (
    BM_GRANT,
    STAFF_PASSWORD,
    TOKEN_URL,
    basic_of,
    form_post,
    request_user_grant,
)

pytest_plugins = ["tests.fixtures_agents"]


def client_credentials(agent_app, secret=None, client_id=None):
    return form_post(
        TOKEN_URL,
        {"grant_type": "client_credentials"},
        HTTP_AUTHORIZATION=basic_of(
            client_id or agent_app.client_id, agent_app.secret if secret is None else secret
        ),
    )


def assert_oauth_error(response, status, error):
    assert response.status_code == status, response.content
    assert response.json()["error"] == error
    assert response.json()["error_description"]
    assert response["Cache-Control"] == "no-store"
    if status == 401:
        assert response["WWW-Authenticate"].startswith("Basic")


def test_user_grant_answers_a_bearer_token(agent_app, agent_user):
    response = request_user_grant(agent_app, "csagent")

    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {"access_token", "token_type", "expires_in", "scope"}
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 15 * 60
    assert body["scope"] == "agent"
    assert response["Cache-Control"] == "no-store"
    claims = jwt.decode(body["access_token"], options={"verify_signature": False})
    assert claims["iss"] == agent_app.client_id
    assert claims["sub"] == str(agent_user.pk)
    assert claims["token_type"] == "oauth"
    agent_user.refresh_from_db()
    assert agent_user.last_login is not None


def test_user_grant_takes_the_client_id_from_the_form_too(agent_app, agent_user):
    response = form_post(
        TOKEN_URL,
        {"grant_type": BM_GRANT, "client_id": agent_app.client_id},
        HTTP_AUTHORIZATION=basic_of("csagent", STAFF_PASSWORD, agent_app.secret),
    )

    assert response.status_code == 200, response.content


def test_a_password_with_colons_is_read_whole(agent_app, make_staff):
    user = make_staff("colon")
    user.set_password("pa:ss:word!9X")
    user.save()

    response = request_user_grant(agent_app, "colon", "pa:ss:word!9X")

    assert response.status_code == 200, response.content


def test_client_credentials_grant_answers_a_system_token(agent_app):
    response = client_credentials(agent_app)

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["token_type"] == "Bearer" and body["scope"] == "system"
    claims = jwt.decode(body["access_token"], options={"verify_signature": False})
    assert claims["grant"] == "client" and claims["sub"] == agent_app.client_id


@pytest.mark.parametrize(
    "change, status, error",
    [
        ({"password": "wrong-password"}, 400, "invalid_grant"),
        ({"login": "nobody"}, 400, "invalid_grant"),
        ({"secret": "wrong-secret"}, 401, "invalid_client"),
    ],
)
def test_user_grant_refuses_bad_credentials(agent_app, agent_user, change, status, error):
    response = request_user_grant(
        agent_app,
        change.get("login", "csagent"),
        change.get("password", STAFF_PASSWORD),
        secret=change.get("secret"),
    )

    assert_oauth_error(response, status, error)


@pytest.mark.parametrize(
    "fields",
    [{"is_active": False}, {"is_staff": False}],
    ids=["inactive user", "not staff"],
)
def test_user_grant_refuses_inactive_and_non_staff_users(agent_app, make_staff, fields):
    make_staff("someone", **fields)

    assert_oauth_error(request_user_grant(agent_app, "someone"), 400, "invalid_grant")
    # Naming a user who may not log in at all stores nothing for it.
    assert not StaffLoginState.objects.exists()


def test_user_grant_refuses_an_inactive_client(agent_app, agent_user):
    agent_app.client.is_active = False
    agent_app.client.save()

    assert_oauth_error(request_user_grant(agent_app, "csagent"), 401, "invalid_client")


def test_user_grant_refuses_a_client_without_a_secret(agent_app, agent_user):
    agent_app.client.secret_hash = ""
    agent_app.client.save()

    assert_oauth_error(request_user_grant(agent_app, "csagent", secret=""), 401, "invalid_client")


def test_user_grant_needs_the_client_id(agent_app, agent_user):
    response = form_post(
        TOKEN_URL,
        {"grant_type": BM_GRANT},
        HTTP_AUTHORIZATION=basic_of("csagent", STAFF_PASSWORD, agent_app.secret),
    )

    assert_oauth_error(response, 400, "invalid_request")


@pytest.mark.parametrize(
    "authorization",
    [None, "Basic !!!", "Bearer abc", basic_of("csagent", STAFF_PASSWORD)],
    ids=["missing", "not base64", "not basic", "no secret"],
)
def test_user_grant_refuses_missing_or_malformed_basic(agent_app, agent_user, authorization):
    extra = {"HTTP_AUTHORIZATION": authorization} if authorization else {}
    response = form_post(
        f"{TOKEN_URL}?client_id={agent_app.client_id}", {"grant_type": BM_GRANT}, **extra
    )

    assert_oauth_error(response, 401, "invalid_client")


@pytest.mark.parametrize(
    "change, status, error",
    [
        ({"secret": "wrong"}, 401, "invalid_client"),
        ({"client_id": "unknown-client"}, 401, "invalid_client"),
    ],
)
def test_client_credentials_refuses_bad_credentials(agent_app, change, status, error):
    assert_oauth_error(client_credentials(agent_app, **change), status, error)


def test_client_credentials_refuses_an_inactive_client(agent_app):
    agent_app.client.is_active = False
    agent_app.client.save()

    assert_oauth_error(client_credentials(agent_app), 401, "invalid_client")


@pytest.mark.parametrize(
    "data, status, error",
    [
        ({}, 400, "invalid_request"),
        ({"grant_type": "password"}, 400, "unsupported_grant_type"),
        ({"grant_type": "client_credentials\x00"}, 400, "invalid_request"),
    ],
    ids=["no grant type", "unknown grant type", "NUL byte"],
)
def test_grant_type_is_required_and_known(agent_app, data, status, error):
    response = form_post(
        TOKEN_URL, data, HTTP_AUTHORIZATION=basic_of(agent_app.client_id, agent_app.secret)
    )

    assert_oauth_error(response, status, error)


def test_nul_bytes_and_huge_credentials_are_refused_before_the_database(agent_app, agent_user):
    assert_oauth_error(request_user_grant(agent_app, "cs\x00agent"), 400, "invalid_request")
    assert_oauth_error(request_user_grant(agent_app, "x" * 5000), 400, "invalid_request")


def test_the_endpoint_speaks_form_encoding_and_post_only(agent_app):
    auth = basic_of(agent_app.client_id, agent_app.secret)
    as_json = APIClient().post(
        TOKEN_URL, {"grant_type": "client_credentials"}, format="json", HTTP_AUTHORIZATION=auth
    )
    as_get = APIClient().get(TOKEN_URL)

    assert_oauth_error(as_json, 400, "invalid_request")
    assert_oauth_error(as_get, 405, "invalid_request")


def test_failed_staff_logins_lock_the_user_out(agent_app, agent_user, settings):
    settings.OCAPI = {**settings.OCAPI, "MAX_FAILED_LOGINS": 3}
    for _ in range(3):
        assert_oauth_error(request_user_grant(agent_app, "csagent", "wrong"), 400, "invalid_grant")

    state = StaffLoginState.objects.get(user=agent_user)
    assert state.is_locked()
    # Locked: even the right password fails, with the same answer.
    assert_oauth_error(request_user_grant(agent_app, "csagent"), 400, "invalid_grant")

    state.clear_failed_logins()
    assert request_user_grant(agent_app, "csagent").status_code == 200


def test_a_successful_login_clears_the_failure_count(agent_app, agent_user):
    request_user_grant(agent_app, "csagent", "wrong")
    assert StaffLoginState.objects.get(user=agent_user).failed_login_count == 1

    request_user_grant(agent_app, "csagent")

    assert StaffLoginState.objects.get(user=agent_user).failed_login_count == 0


def test_the_token_endpoint_is_throttled(agent_app, settings):
    from django.core.cache import cache

    cache.clear()
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "oauth": "2/minute"}
    from rest_framework.throttling import ScopedRateThrottle

    original = ScopedRateThrottle.THROTTLE_RATES
    ScopedRateThrottle.THROTTLE_RATES = rates
    try:
        statuses = [client_credentials(agent_app, secret="wrong").status_code for _ in range(3)]
    finally:
        ScopedRateThrottle.THROTTLE_RATES = original
        cache.clear()

    assert statuses == [401, 401, 429]


# --- revocation -----------------------------------------------------------------------


def revoke(agent_app, token, secret=None):
    return form_post(
        "/dw/oauth2/revoke",
        {"token": token},
        HTTP_AUTHORIZATION=basic_of(
            agent_app.client_id, agent_app.secret if secret is None else secret
        ),
    )


def test_a_revoked_agent_token_no_longer_works(agent_app, agent_token, agent_api, customer):
    path = f"customers/{customer.customer_id}"
    assert agent_api.call("GET", path, token=agent_token).status_code == 200

    assert revoke(agent_app, agent_token).status_code == 200

    response = agent_api.call("GET", path, token=agent_token)
    assert response.status_code == 401
    assert response.json()["fault"]["type"] == "InvalidAccessTokenException"


def test_revocation_needs_the_issuing_clients_secret(agent_app, agent_token):
    assert_oauth_error(revoke(agent_app, agent_token, secret="wrong"), 401, "invalid_client")


def test_revoking_an_unknown_token_answers_ok(agent_app):
    assert revoke(agent_app, "not-a-token").status_code == 200


@pytest.mark.parametrize("field", ["is_active", "is_staff"])
def test_deactivating_the_staff_user_ends_its_tokens(
    agent_api, agent_token, agent_user, customer, field
):
    setattr(agent_user, field, False)
    agent_user.save()

    response = agent_api.call("GET", f"customers/{customer.customer_id}", token=agent_token)

    assert response.status_code == 401
    assert response.json()["fault"]["type"] == "InvalidAccessTokenException"


def test_an_agent_token_only_works_for_its_client(client, agent_token, customer):
    response = client.call("GET", f"customers/{customer.customer_id}", token=agent_token)

    assert response.status_code == 400
    assert response.json()["fault"]["type"] == "InvalidClientIdException"


def test_an_expired_agent_token_is_refused(agent_app, agent_user, agent_api, customer, settings):
    settings.OCAPI = {**settings.OCAPI, "AGENT_TOKEN_LIFETIME_MINUTES": -1}
    response = request_user_grant(agent_app, "csagent")
    token = response.json()["access_token"]

    refused = agent_api.call("GET", f"customers/{customer.customer_id}", token=token)

    assert refused.status_code == 401
    assert refused.json()["fault"]["type"] == "ExpiredTokenException"


def test_the_demo_agent_obtains_a_token_and_acts_on_behalf(db):
    from io import StringIO

    from django.core.management import call_command

    from customers.models import Customer
    from shopsite.api.models import ApiClient
    from tests.conftest import OcapiClient

    out = StringIO()
    call_command("load_demo_data", stdout=out)
    call_command("load_demo_data", stdout=StringIO())
    secret = re.search(r"trusted client id: (\S+), secret: (\S+)", out.getvalue())
    assert "agent (admin and OAuth): csagent" in out.getvalue()
    trusted = ApiClient.objects.get(client_id=secret.group(1))

    response = form_post(
        f"{TOKEN_URL}?client_id={trusted.client_id}",
        {"grant_type": BM_GRANT},
        HTTP_AUTHORIZATION=basic_of("csagent", "Demo!Passw0rd", secret.group(2)),
    )
    assert response.status_code == 200, response.content
    jsmith = Customer.objects.filter(login="jsmith").first()
    obo = OcapiClient(trusted.client_id).call(
        "POST",
        f"customers/{jsmith.customer_id}/auth",
        token=response.json()["access_token"],
        site=jsmith.site.site_id,
    )
    assert obo.status_code == 200, obo.content


def system_token(agent_app) -> str:
    response = form_post(
        TOKEN_URL,
        {"grant_type": "client_credentials"},
        HTTP_AUTHORIZATION=basic_of(agent_app.client_id, agent_app.secret),
    )
    return response.json()["access_token"]


def trusted_system_login(client, customer, token):
    return client.call(
        "POST",
        "customers/auth/trustedsystem",
        {"login": customer.login, "client_id": client.client_id},
        token=token,
    )


def test_a_trusted_clients_system_token_replaces_http_basic(client, customer, agent_app):
    agent_app.client.is_trusted = True
    agent_app.client.save()

    response = trusted_system_login(client, customer, system_token(agent_app))

    assert response.status_code == 200, response.content
    assert response.json()["login"] == customer.login


def test_system_tokens_of_untrusted_clients_and_agent_tokens_do_not(
    client, customer, agent_app, agent_token
):
    untrusted = trusted_system_login(client, customer, system_token(agent_app))
    agent_app.client.is_trusted = True
    agent_app.client.save()
    as_agent = trusted_system_login(client, customer, agent_token)

    assert untrusted.status_code == 401
    assert as_agent.status_code == 401
