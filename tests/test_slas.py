"""SLAS over HTTP: the flows commerce-sdk-isomorphic's helpers drive, the tokens they
yield (verifiable with the published JWKS), and every error with SLAS's OAuth error
document and status."""

from datetime import timedelta

import jwt
import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from rest_framework.test import APIClient

from customers.models import Customer, SlasRefreshToken
from tests.conftest import PASSWORD, api_url
from tests.conftest import basic as ocapi_basic
from tests.slas_helpers import (
    ORG,
    PRIVATE_SECRET,
    REDIRECT_URI,
    SCAPI,
    SLAS,
    authorize,
    basic,
    form,
    guest_login,
    location_params,
    login_request,
    pkce,
    registered_login,
    token,
)
from tests.task_runner import run_tasks

pytest_plugins = ["tests.fixtures_slas"]


@pytest.fixture
def http(site):
    return APIClient()


def decoded(http, access_token: str) -> dict:
    """The token's claims, verified against the JWKS the server publishes."""
    jwks = jwt.PyJWKSet.from_dict(http.get(f"{SLAS}/jwks").json())
    kid = jwt.get_unverified_header(access_token)["kid"]
    key = next(key for key in jwks.keys if key.key_id == kid)
    return jwt.decode(
        access_token, key.key, algorithms=["ES256"], audience="commercecloud/prod/zzzz_001"
    )


def assert_error(response, status: int, error: str):
    assert response.status_code == status, response.content
    body = response.json()
    assert body["error"] == error
    assert body["error_description"]
    assert "Location" not in response


def get_customer(http, tokens, site="SiteGenesis"):
    return http.get(
        f"{SCAPI}/customers/{tokens['customer_id']}",
        {"siteId": site},
        headers={"Authorization": f"Bearer {tokens['access_token']}"},
    )


# --- flows ---------------------------------------------------------------------------


def test_guest_login_issues_a_verifiable_token_for_a_new_guest(http, public_client):
    tokens = guest_login(http, public_client.client_id)

    assert tokens["token_type"] == "BEARER"
    assert tokens["expires_in"] == 1800
    assert tokens["refresh_token_expires_in"] == 30 * 24 * 3600
    guest = Customer.objects.get(customer_id=tokens["customer_id"])
    assert guest.is_guest
    claims = decoded(http, tokens["access_token"])
    assert claims["isb"] == (
        f"uido:ecom::upn:Guest::uidn:Guest User::gcid:{guest.customer_id}::chid:SiteGenesis"
    )
    assert claims["sub"] == (
        f"cc-slas::{ORG}::scid:{public_client.client_id}::usid:{tokens['usid']}"
    )
    assert claims["iss"] == "slas/prod/zzzz_001"
    assert claims["exp"] - claims["iat"] == 1800


def test_a_returning_guest_session_keeps_its_customer(http, public_client):
    first = guest_login(http, public_client.client_id)
    _, challenge = pkce()
    again = location_params(authorize(http, public_client.client_id, challenge, usid=first["usid"]))
    assert again["usid"] == first["usid"]
    assert Customer.objects.filter(is_guest=True).count() == 1


def test_registered_login_names_the_customer_in_isb(http, public_client, customer):
    tokens = registered_login(http, public_client.client_id, "jsmith", PASSWORD)

    assert tokens["customer_id"] == customer.customer_id
    assert tokens["refresh_token_expires_in"] == 90 * 24 * 3600
    claims = decoded(http, tokens["access_token"])
    assert "::upn:jsmith::" in claims["isb"]
    assert f"::rcid:{customer.customer_id}::" in claims["isb"]
    customer.refresh_from_db()
    assert customer.last_login_time is not None
    assert get_customer(http, tokens).json()["login"] == "jsmith"


def test_refresh_rotates_and_a_reused_refresh_token_revokes_the_session(
    http, public_client, customer
):
    tokens = registered_login(http, public_client.client_id, "jsmith", PASSWORD)
    body = {"grant_type": "refresh_token", "client_id": public_client.client_id}

    refreshed = token(http, {**body, "refresh_token": tokens["refresh_token"]})
    assert refreshed.status_code == 200, refreshed.content
    new = refreshed.json()
    assert new["refresh_token"] != tokens["refresh_token"]
    assert new["customer_id"] == customer.customer_id
    assert new["usid"] == tokens["usid"]

    assert_error(
        token(http, {**body, "refresh_token": tokens["refresh_token"]}), 400, "invalid_grant"
    )
    # The leak revoked the family: the legitimate newest token is dead too.
    assert_error(token(http, {**body, "refresh_token": new["refresh_token"]}), 400, "invalid_grant")


def test_an_expired_refresh_token_is_refused(http, public_client, customer):
    tokens = registered_login(http, public_client.client_id, "jsmith", PASSWORD)
    SlasRefreshToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = token(
        http,
        {
            "grant_type": "refresh_token",
            "client_id": public_client.client_id,
            "refresh_token": tokens["refresh_token"],
        },
    )
    assert_error(response, 400, "invalid_grant")


def test_logout_ends_the_refresh_token_and_the_access_token(http, public_client, customer):
    tokens = registered_login(http, public_client.client_id, "jsmith", PASSWORD)
    response = http.get(
        f"{SLAS}/logout",
        {
            "client_id": public_client.client_id,
            "refresh_token": tokens["refresh_token"],
            "channel_id": "SiteGenesis",
        },
        headers={"Authorization": f"Bearer {tokens['access_token']}"},
    )
    assert response.status_code == 200, response.content
    assert get_customer(http, tokens).status_code == 401
    refresh = token(
        http,
        {
            "grant_type": "refresh_token",
            "client_id": public_client.client_id,
            "refresh_token": tokens["refresh_token"],
        },
    )
    assert_error(refresh, 400, "invalid_grant")


def test_logout_of_all_sessions(http, public_client, customer):
    phone = registered_login(http, public_client.client_id, "jsmith", PASSWORD)
    laptop = registered_login(http, public_client.client_id, "jsmith", PASSWORD)
    response = http.get(
        f"{SLAS}/logout",
        {
            "client_id": public_client.client_id,
            "refresh_token": laptop["refresh_token"],
            "hint": "all-sessions",
        },
        headers={"Authorization": f"Bearer {laptop['access_token']}"},
    )
    assert response.status_code == 200, response.content
    refresh = token(
        http,
        {
            "grant_type": "refresh_token",
            "client_id": public_client.client_id,
            "refresh_token": phone["refresh_token"],
        },
    )
    assert_error(refresh, 400, "invalid_grant")


def test_private_client_gets_guest_tokens_with_its_secret(http, private_client):
    response = token(
        http,
        {"grant_type": "client_credentials", "channel_id": "SiteGenesis"},
        HTTP_AUTHORIZATION=basic(private_client.client_id, PRIVATE_SECRET),
    )
    assert response.status_code == 200, response.content
    assert Customer.objects.get(customer_id=response.json()["customer_id"]).is_guest


# --- errors --------------------------------------------------------------------------


def test_wrong_pkce_verifier_is_refused_and_spends_the_code(http, public_client):
    _, challenge = pkce()
    params = location_params(authorize(http, public_client.client_id, challenge))
    body = {
        "grant_type": "authorization_code_pkce",
        "code": params["code"],
        "client_id": public_client.client_id,
        "redirect_uri": REDIRECT_URI,
    }
    assert_error(token(http, {**body, "code_verifier": pkce()[0]}), 400, "invalid_grant")


def test_a_code_is_single_use(http, public_client):
    verifier, challenge = pkce()
    params = location_params(authorize(http, public_client.client_id, challenge))
    body = {
        "grant_type": "authorization_code_pkce",
        "code": params["code"],
        "code_verifier": verifier,
        "client_id": public_client.client_id,
        "redirect_uri": REDIRECT_URI,
    }
    assert token(http, body).status_code == 200
    assert_error(token(http, body), 400, "invalid_grant")


def test_a_code_is_bound_to_its_redirect_uri(http, public_client):
    verifier, challenge = pkce()
    params = location_params(authorize(http, public_client.client_id, challenge))
    response = token(
        http,
        {
            "grant_type": "authorization_code_pkce",
            "code": params["code"],
            "code_verifier": verifier,
            "client_id": public_client.client_id,
            "redirect_uri": "http://localhost:3000/other",
        },
    )
    assert_error(response, 400, "invalid_grant")


def test_unknown_redirect_uri_is_refused_without_redirecting(http, public_client):
    _, challenge = pkce()
    response = authorize(
        http, public_client.client_id, challenge, redirect_uri="https://evil.example.com/cb"
    )
    assert_error(response, 400, "invalid_request")
    assert Customer.objects.count() == 0


def test_public_client_must_send_a_code_challenge(http, public_client):
    assert_error(authorize(http, public_client.client_id, ""), 400, "invalid_request")


def test_wrong_client_secret_is_invalid_client(http, private_client):
    response = token(
        http,
        {"grant_type": "client_credentials", "channel_id": "SiteGenesis"},
        HTTP_AUTHORIZATION=basic(private_client.client_id, "not-the-secret"),
    )
    assert_error(response, 401, "invalid_client")


def test_private_client_cannot_pass_as_public(http, private_client):
    _, challenge = pkce()
    # The authorization code itself is fine; the token request lacks the secret.
    params = location_params(authorize(http, private_client.client_id, challenge))
    response = token(
        http,
        {
            "grant_type": "authorization_code_pkce",
            "code": params["code"],
            "code_verifier": "x" * 43,
            "client_id": private_client.client_id,
            "redirect_uri": REDIRECT_URI,
        },
    )
    assert_error(response, 401, "invalid_client")


def test_public_client_has_no_client_credentials(http, public_client):
    response = token(
        http,
        {
            "grant_type": "client_credentials",
            "client_id": public_client.client_id,
            "channel_id": "SiteGenesis",
        },
    )
    assert_error(response, 401, "invalid_client")


def test_unsupported_grant_type(http, public_client):
    response = token(http, {"grant_type": "password", "client_id": public_client.client_id})
    assert_error(response, 400, "unsupported_grant_type")


def test_wrong_password_is_unauthorized(http, public_client, customer):
    _, challenge = pkce()
    response = login_request(http, public_client.client_id, "jsmith", "wrong", challenge)
    assert_error(response, 401, "unauthorized")


def test_locked_account_is_refused_by_slas_and_ocapi_alike(
    http, public_client, customer, client, settings
):
    _, challenge = pkce()
    for _ in range(settings.OCAPI["MAX_FAILED_LOGINS"]):
        response = login_request(http, public_client.client_id, "jsmith", "wrong", challenge)
        assert_error(response, 401, "unauthorized")
    # The right password no longer helps, through SLAS...
    response = login_request(http, public_client.client_id, "jsmith", PASSWORD, challenge)
    assert_error(response, 401, "unauthorized")
    # ...nor through OCAPI: one lockout.
    ocapi = client.call(
        "POST",
        "customers/auth",
        {"type": "credentials"},
        headers={"Authorization": ocapi_basic("jsmith", PASSWORD)},
    )
    assert ocapi.status_code == 401
    customer.refresh_from_db()
    assert customer.is_locked()


def test_unknown_organization_is_not_found(http, public_client):
    response = http.get("/shopper/auth/v1/organizations/f_ecom_other_001/oauth2/jwks")
    assert_error(response, 404, "not_found")


# --- one identity with OCAPI ------------------------------------------------------------


def test_ocapi_accepts_a_slas_token_of_its_client(http, public_client, customer):
    tokens = registered_login(http, public_client.client_id, "jsmith", PASSWORD)
    headers = {"Authorization": f"Bearer {tokens['access_token']}"}

    response = http.get(api_url(f"customers/{customer.customer_id}"), headers=headers)
    assert response.status_code == 200, response.content
    assert response.json()["login"] == "jsmith"

    other = http.get(
        api_url(f"customers/{customer.customer_id}"),
        headers={**headers, "x-dw-client-id": "another-client"},
    )
    assert other.status_code in (400, 403)


def test_an_ocapi_password_change_ends_slas_sessions(http, public_client, customer, client, token):
    tokens = registered_login(http, public_client.client_id, "jsmith", PASSWORD)
    response = client.call(
        "PUT",
        f"customers/{customer.customer_id}/password",
        {"current_password": PASSWORD, "password": "N3w!Passw0rd-long"},
        token=token,
    )
    assert response.status_code == 204, response.content
    assert get_customer(http, tokens).status_code == 401


# --- keys ----------------------------------------------------------------------------


def test_rotation_keeps_old_tokens_working_and_publishes_both_keys(http, public_client, customer):
    before = registered_login(http, public_client.client_id, "jsmith", PASSWORD)
    call_command("rotate_slas_keys", stdout=None)
    after = registered_login(http, public_client.client_id, "jsmith", PASSWORD)

    kids = {key["kid"] for key in http.get(f"{SLAS}/jwks").json()["keys"]}
    old_kid = jwt.get_unverified_header(before["access_token"])["kid"]
    new_kid = jwt.get_unverified_header(after["access_token"])["kid"]
    assert old_kid != new_kid
    assert {old_kid, new_kid} <= kids
    assert get_customer(http, before).status_code == 200
    assert get_customer(http, after).status_code == 200
    assert all("d" not in key for key in http.get(f"{SLAS}/jwks").json()["keys"])


def test_openid_configuration_names_the_endpoints(http, public_client):
    document = http.get(f"{SLAS}/.well-known/openid-configuration").json()
    assert document["issuer"] == "slas/prod/zzzz_001"
    assert document["token_endpoint"].endswith(f"{SLAS}/token")
    assert document["jwks_uri"].endswith(f"{SLAS}/jwks")
    assert document["code_challenge_methods_supported"] == ["S256"]


# --- introspect, revoke, trusted system, password reset ---------------------------------


def test_introspect_and_revoke(http, private_client, public_client, customer):
    tokens = registered_login(http, public_client.client_id, "jsmith", PASSWORD)
    private = {"HTTP_AUTHORIZATION": basic(private_client.client_id, PRIVATE_SECRET)}

    active = form(http, f"{SLAS}/introspect", {"token": tokens["access_token"]}, **private)
    assert active.json()["active"] is True
    assert active.json()["username"] == "jsmith"

    revoked = form(
        http,
        f"{SLAS}/revoke",
        {"token": tokens["access_token"], "client_id": public_client.client_id},
    )
    assert revoked.status_code == 200
    inactive = form(http, f"{SLAS}/introspect", {"token": tokens["access_token"]}, **private)
    assert inactive.json() == {"active": False}
    assert get_customer(http, tokens).status_code == 401


def test_trusted_system_token_on_behalf_of_a_shopper(http, private_client, customer):
    response = form(
        http,
        f"{SLAS}/trusted-system/token",
        {
            "grant_type": "client_credentials",
            "hint": "ts_ext_on_behalf_of",
            "login_id": "jsmith",
            "idp_origin": "ecom",
            "channel_id": "SiteGenesis",
        },
        HTTP_AUTHORIZATION=basic(private_client.client_id, PRIVATE_SECRET),
    )
    assert response.status_code == 200, response.content
    assert response.json()["customer_id"] == customer.customer_id
    assert decoded(http, response.json()["access_token"])["tsob"]

    unknown = form(
        http,
        f"{SLAS}/trusted-system/token",
        {"hint": "ts_ext_on_behalf_of", "login_id": "nobody", "channel_id": "SiteGenesis"},
        HTTP_AUTHORIZATION=basic(private_client.client_id, PRIVATE_SECRET),
    )
    assert_error(unknown, 401, "unauthorized")


def test_password_reset_mails_the_ocapi_reset_token_and_action_sets_the_password(
    http, public_client, customer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = form(
            http,
            f"{SLAS}/password/reset",
            {
                "user_id": "jsmith",
                "mode": "email",
                "channel_id": "SiteGenesis",
                "client_id": public_client.client_id,
            },
        )
    assert response.status_code == 200, response.content
    run_tasks()  # the durable mail queue's worker (customers.outgoing_mail)
    assert len(mail.outbox) == 1
    reset_token = mail.outbox[0].body.split("token=")[1].split()[0].split("&")[0]

    action = {
        "client_id": public_client.client_id,
        "channel_id": "SiteGenesis",
        "pwd_action_token": reset_token,
        "new_password": "Res3t!Passw0rd-long",
    }
    assert form(http, f"{SLAS}/password/action", action).status_code == 200
    assert registered_login(http, public_client.client_id, "jsmith", "Res3t!Passw0rd-long")
    assert_error(form(http, f"{SLAS}/password/action", action), 400, "invalid_grant")
