"""POST /customers/password/actions/create_reset_token and .../actions/reset, and the
reset token strategy behind them (customers.password_reset)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from customers.models import Customer, PasswordResetToken
from customers.password_reset import PasswordResetTokenGenerator, default_token_generator
from shopsite.api.models import Site
from tests.conftest import PASSWORD, basic, login

pytest_plugins = ["tests.fixtures_passwords"]

NEW_PASSWORD = "Br4nd!New-pw"


def create_token(client, trusted, body):
    return client.call(
        "POST",
        "customers/password/actions/create_reset_token",
        body,
        headers={"Authorization": trusted.authorization},
    )


def reset(client, **body):
    return client.call("POST", "customers/password/actions/reset", body)


def fault_type(response) -> str:
    return response.json()["fault"]["type"]


class Clock(PasswordResetTokenGenerator):
    """A generator whose time the test sets (the ``_now()`` seam)."""

    def __init__(self):
        self.now = timezone.now()

    def _now(self):
        return self.now


# --- create_reset_token ----------------------------------------------------------------------


def test_create_reset_token_answers_the_documented_result(client, customer, trusted):
    response = create_token(client, trusted, {"login": "JSmith"})
    assert response.status_code == 200
    body = response.json()
    assert list(body) == [
        "_v",
        "_type",
        "email",
        "expires_in_minutes",
        "login",
        "reset_token",
    ]
    assert body["_v"] == "19.5"
    assert body["_type"] == "reset_password_token_result"
    assert body["email"] == "jsmith@example.com"
    assert body["login"] == "jsmith"
    assert body["expires_in_minutes"] == 30
    assert len(body["reset_token"]) >= 40
    row = PasswordResetToken.objects.get(customer=customer)
    assert row.token_hash == PasswordResetToken.digest(body["reset_token"])
    assert row.used_at is None
    lifetime = row.expires_at - row.created
    assert timedelta(minutes=29, seconds=59) < lifetime <= timedelta(minutes=30)


def test_the_lifetime_is_a_setting(client, customer, trusted, settings):
    settings.OCAPI = {**settings.OCAPI, "RESET_TOKEN_LIFETIME_MINUTES": 5}
    response = create_token(client, trusted, {"login": "jsmith"})
    assert response.json()["expires_in_minutes"] == 5
    row = PasswordResetToken.objects.get(customer=customer)
    assert row.expires_at - row.created <= timedelta(minutes=5)


def test_create_reset_token_runs_no_hooks(client, customer, trusted, hook_calls):
    assert create_token(client, trusted, {"login": "jsmith"}).status_code == 200
    assert hook_calls == []


@pytest.mark.parametrize("body", [{}, {"login": ""}, {"login": "   "}, {"login": None}])
def test_create_reset_token_without_login(client, customer, trusted, body):
    response = create_token(client, trusted, body)
    assert response.status_code == 400
    assert fault_type(response) == "MissingLoginException"


def test_create_reset_token_for_an_unknown_login(client, customer, trusted):
    response = create_token(client, trusted, {"login": "nobody"})
    assert response.status_code == 400
    assert response.json()["fault"] == {
        "type": "LoginNotFoundException",
        "message": "No customer with login 'nobody' was found.",
        "arguments": {"login": "nobody"},
    }
    assert not PasswordResetToken.objects.exists()


def test_create_reset_token_is_site_scoped(client, customer, trusted):
    Site.objects.create(site_id="RefArch")
    response = client.call(
        "POST",
        "customers/password/actions/create_reset_token",
        {"login": "jsmith"},
        headers={"Authorization": trusted.authorization},
        site="RefArch",
    )
    assert response.status_code == 400
    assert fault_type(response) == "LoginNotFoundException"


@pytest.mark.parametrize(
    "authorization",
    [
        None,
        "wrong secret",
        "untrusted client",
        "inactive client",
        "unknown client",
        "Basic !!!not-base64",
        "customer token",
    ],
)
def test_create_reset_token_needs_a_trusted_client(
    client, customer, trusted, make_api_client, authorization
):
    headers = {}
    if authorization == "wrong secret":
        headers["Authorization"] = basic(trusted.client_id, "not-the-secret")
    elif authorization == "untrusted client":
        headers["Authorization"] = make_api_client("Storefront B", trusted=False).authorization
    elif authorization == "inactive client":
        headers["Authorization"] = make_api_client("Old", trusted=True, active=False).authorization
    elif authorization == "unknown client":
        headers["Authorization"] = basic("00000000-0000-0000-0000-000000000000", trusted.secret)
    elif authorization == "customer token":
        headers["Authorization"] = f"Bearer {login(client)}"
    elif authorization:
        headers["Authorization"] = authorization
    response = client.call(
        "POST",
        "customers/password/actions/create_reset_token",
        {"login": "jsmith"},
        headers=headers,
    )
    assert response.status_code == 401
    assert response.json()["fault"] == {
        "type": "UnauthorizedException",
        "message": (
            "The request is unauthorized: the credentials of a trusted API client are required."
        ),
    }
    assert not PasswordResetToken.objects.exists()


def test_the_trusted_client_needs_no_client_id_header(site, customer, trusted):
    from tests.conftest import OcapiClient

    response = create_token(OcapiClient(""), trusted, {"login": "jsmith"})
    assert response.status_code == 200


# --- reset -----------------------------------------------------------------------------------


@pytest.fixture
def reset_token(customer):
    return default_token_generator.make_token(customer).token


def test_reset_sets_the_new_password(client, customer, token, reset_token):
    response = reset(client, login="jsmith", reset_token=reset_token, new_password=NEW_PASSWORD)
    assert response.status_code == 204
    assert response.content == b""
    customer.refresh_from_db()
    assert customer.check_password(NEW_PASSWORD)
    assert PasswordResetToken.objects.get(customer=customer).used_at is not None
    # Every session of the old password has ended; the new one logs in.
    assert client.call("GET", f"customers/{customer.customer_id}", token=token).status_code == 401
    assert login(client, "jsmith", NEW_PASSWORD)


def test_reset_lifts_a_lockout(client, customer, reset_token):
    Customer.objects.filter(pk=customer.pk).update(
        failed_login_count=2, locked_until=timezone.now() + timedelta(minutes=20)
    )
    reset(client, login="jsmith", reset_token=reset_token, new_password=NEW_PASSWORD)
    assert login(client, "jsmith", NEW_PASSWORD)


def test_reset_runs_no_hooks(client, customer, reset_token, hook_calls):
    reset(client, login="jsmith", reset_token=reset_token, new_password=NEW_PASSWORD)
    assert hook_calls == []


def test_the_created_token_resets_the_password(client, customer, trusted):
    created = create_token(client, trusted, {"login": "jsmith"}).json()
    response = reset(
        client, login="jsmith", reset_token=created["reset_token"], new_password=NEW_PASSWORD
    )
    assert response.status_code == 204


def assert_nothing_changed(customer, reset_token=None):
    customer.refresh_from_db()
    assert customer.check_password(PASSWORD)
    if reset_token:
        assert default_token_generator.check_token(customer, reset_token)


def test_a_token_works_once(client, customer, reset_token):
    reset(client, login="jsmith", reset_token=reset_token, new_password=NEW_PASSWORD)
    response = reset(client, login="jsmith", reset_token=reset_token, new_password="An0ther!pw-1")
    assert response.status_code == 400
    assert fault_type(response) == "InvalidResetTokenException"
    customer.refresh_from_db()
    assert customer.check_password(NEW_PASSWORD)


def test_a_wrong_token_changes_nothing(client, customer, reset_token):
    response = reset(
        client, login="jsmith", reset_token=reset_token[:-1] + "_", new_password=NEW_PASSWORD
    )
    assert response.status_code == 400
    assert response.json()["fault"] == {
        "type": "InvalidResetTokenException",
        "message": "The password reset token is not valid for this login.",
    }
    assert_nothing_changed(customer, reset_token)


def test_an_expired_token_changes_nothing(client, customer, reset_token):
    PasswordResetToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = reset(client, login="jsmith", reset_token=reset_token, new_password=NEW_PASSWORD)
    assert response.status_code == 400
    assert response.json()["fault"] == {
        "type": "ExpiredResetTokenException",
        "message": "The password reset token has expired.",
    }
    assert_nothing_changed(customer)
    assert PasswordResetToken.objects.get().used_at is None


def test_a_superseded_token_is_invalid(client, customer, reset_token):
    newer = default_token_generator.make_token(customer).token
    response = reset(client, login="jsmith", reset_token=reset_token, new_password=NEW_PASSWORD)
    assert response.status_code == 400
    assert fault_type(response) == "InvalidResetTokenException"
    assert_nothing_changed(customer, newer)


def test_a_token_only_works_for_its_own_login(client, customer, make_customer, reset_token):
    make_customer("jdoe")
    response = reset(client, login="jdoe", reset_token=reset_token, new_password=NEW_PASSWORD)
    assert response.status_code == 400
    assert fault_type(response) == "InvalidResetTokenException"
    assert_nothing_changed(customer, reset_token)


def test_an_unknown_login_fails_like_a_wrong_token(client, customer, reset_token):
    response = reset(client, login="nobody", reset_token=reset_token, new_password=NEW_PASSWORD)
    assert response.status_code == 400
    assert fault_type(response) == "InvalidResetTokenException"


def test_a_weak_password_keeps_the_token_usable(client, customer, reset_token):
    response = reset(client, login="jsmith", reset_token=reset_token, new_password="12345678")
    assert response.status_code == 400
    fault = response.json()["fault"]
    assert fault["type"] == "InvalidPasswordException"
    assert "too common" in fault["message"]
    assert_nothing_changed(customer, reset_token)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"reset_token": "t", "new_password": NEW_PASSWORD}, "MissingLoginException"),
        ({"login": "jsmith", "new_password": NEW_PASSWORD}, "InvalidResetTokenException"),
        ({"login": "jsmith", "reset_token": "t"}, "MissingPasswordException"),
        ({"login": "jsmith", "reset_token": "t", "new_password": ""}, "MissingPasswordException"),
        (
            {"login": 7, "reset_token": "t", "new_password": "x"},
            "PropertyConstraintViolationException",
        ),
        ({"login": "jsmith", "token": "t", "new_password": "x"}, "UnknownPropertyException"),
    ],
)
def test_an_incomplete_reset_request_is_refused(client, customer, reset_token, body, expected):
    response = reset(client, **body)
    assert response.status_code == 400
    assert fault_type(response) == expected
    assert_nothing_changed(customer, reset_token)


def test_a_missing_token_says_so(client, customer):
    response = reset(client, login="jsmith", new_password=NEW_PASSWORD)
    assert response.json()["fault"]["message"] == "The password reset token is missing."


# --- the strategy object ----------------------------------------------------------------------


def test_tokens_expire_after_the_lifetime(customer):
    clock = Clock()
    token = clock.make_token(customer).token
    clock.now += timedelta(minutes=29, seconds=59)
    assert clock.check_token(customer, token)
    clock.now += timedelta(seconds=1)
    assert not clock.check_token(customer, token)


def test_tokens_are_random_and_stored_hashed(customer, make_customer):
    first = default_token_generator.make_token(customer).token
    second = default_token_generator.make_token(make_customer("jdoe")).token
    assert first != second
    stored = set(PasswordResetToken.objects.values_list("token_hash", flat=True))
    assert stored == {PasswordResetToken.digest(first), PasswordResetToken.digest(second)}
    assert not stored & {first, second}


def test_the_issued_token_is_hidden_from_repr(customer):
    issued = default_token_generator.make_token(customer)
    assert issued.token not in repr(issued)


def test_consume_is_single_use_even_when_a_concurrent_request_wins(customer):
    """A read that saw the token unused must still lose to the request that used it."""
    token = default_token_generator.make_token(customer).token

    class RacingGenerator(PasswordResetTokenGenerator):
        def verified(self, customer, token):
            row = super().verified(customer, token)
            PasswordResetToken.objects.filter(pk=row.pk).update(used_at=timezone.now())
            return row

    from shopsite.api.faults import InvalidResetToken

    with pytest.raises(InvalidResetToken):
        RacingGenerator().consume(customer, token)


def test_check_token_changes_nothing(customer):
    token = default_token_generator.make_token(customer).token
    assert default_token_generator.check_token(customer, token)
    assert default_token_generator.check_token(customer, token)
    assert not default_token_generator.check_token(customer, "")
    assert not default_token_generator.check_token(None, token)
    assert PasswordResetToken.objects.get().used_at is None


def test_purge_deletes_used_and_expired_tokens_only(customer, make_customer):
    clock = Clock()
    clock.make_token(customer)  # superseded (used) by the next one
    usable = clock.make_token(customer).token
    expiring = clock.make_token(make_customer("jdoe")).token
    PasswordResetToken.objects.filter(token_hash=PasswordResetToken.digest(expiring)).update(
        expires_at=clock.now
    )
    assert clock.purge() == 2
    assert list(PasswordResetToken.objects.values_list("token_hash", flat=True)) == [
        PasswordResetToken.digest(usable)
    ]
