"""PUT /customers/{customer_id}/password."""

import pytest

from customers.models import Customer, PasswordResetToken
from customers.password_reset import default_token_generator
from shopsite.api.hooks import Status
from tests.conftest import PASSWORD, basic, login

pytest_plugins = ["tests.fixtures_passwords"]

NEW_PASSWORD = "N3w!Passw0rd-xyz"

# Called through OCAPI["DEFAULT_HOOKS"] in a test below.
external_changes = []


def change_in_external_system(customer, password_change_request):
    external_changes.append((customer.login, password_change_request["password"]))


def put_password(client, customer, token, body):
    return client.call("PUT", f"customers/{customer.customer_id}/password", body, token=token)


def hook_fault(extension_point, code, message=None) -> dict:
    return {
        "type": "HookStatusException",
        "message": f"Error in ExtensionPoint '{extension_point}'!",
        "arguments": {
            "extensionPoint": extension_point,
            "statusCode": code,
            "statusMessage": message or code,
        },
    }


def assert_password_unchanged(customer):
    customer.refresh_from_db()
    assert customer.check_password(PASSWORD)
    assert not customer.check_password(NEW_PASSWORD)


def test_success_changes_the_password_and_answers_204(client, customer, token):
    response = put_password(
        client, customer, token, {"current_password": PASSWORD, "password": NEW_PASSWORD}
    )
    assert response.status_code == 204
    assert response.content == b""
    customer.refresh_from_db()
    assert customer.check_password(NEW_PASSWORD)
    assert not customer.check_password(PASSWORD)


def get_self(client, customer, token):
    return client.call("GET", f"customers/{customer.customer_id}", token=token)


def test_other_sessions_end_and_the_new_password_logs_in(client, customer, token):
    other_session = login(client)
    put_password(client, customer, token, {"current_password": PASSWORD, "password": NEW_PASSWORD})
    response = get_self(client, customer, other_session)
    assert response.status_code == 401
    assert response.json()["fault"]["type"] == "InvalidAccessTokenException"
    fresh = login(client, "jsmith", NEW_PASSWORD)
    assert get_self(client, customer, fresh).status_code == 200
    old_login = client.call(
        "POST",
        "customers/auth",
        {"type": "credentials"},
        headers={"Authorization": basic("jsmith", PASSWORD)},
    )
    assert old_login.status_code == 401


def test_the_token_that_changed_the_password_keeps_working(client, customer, token):
    response = put_password(
        client, customer, token, {"current_password": PASSWORD, "password": NEW_PASSWORD}
    )

    assert response.status_code == 204
    assert "Authorization" not in response  # nothing new to pick up: the token stays
    assert get_self(client, customer, token).json()["customer_id"] == customer.customer_id
    patched = client.call(
        "PATCH", f"customers/{customer.customer_id}", {"first_name": "Jo"}, token=token
    )
    assert patched.status_code == 200


def test_a_second_change_keeps_only_the_token_that_made_it(client, customer, token):
    put_password(client, customer, token, {"current_password": PASSWORD, "password": NEW_PASSWORD})
    between = login(client, "jsmith", NEW_PASSWORD)
    assert get_self(client, customer, between).status_code == 200

    again = put_password(
        client, customer, between, {"current_password": NEW_PASSWORD, "password": PASSWORD}
    )

    assert again.status_code == 204
    assert get_self(client, customer, between).status_code == 200
    assert get_self(client, customer, token).status_code == 401


def test_the_same_token_may_change_the_password_twice(client, customer, token):
    put_password(client, customer, token, {"current_password": PASSWORD, "password": NEW_PASSWORD})
    between = login(client, "jsmith", NEW_PASSWORD)

    put_password(client, customer, token, {"current_password": NEW_PASSWORD, "password": PASSWORD})

    assert get_self(client, customer, token).status_code == 200
    assert get_self(client, customer, between).status_code == 401


def test_a_failed_change_ends_no_session(client, customer, token):
    other_session = login(client)

    response = put_password(
        client, customer, token, {"current_password": "wrong", "password": NEW_PASSWORD}
    )

    assert response.status_code == 400
    assert get_self(client, customer, other_session).status_code == 200
    customer.refresh_from_db()
    assert customer.kept_token_jti == ""


def test_the_kept_token_logs_out_and_refreshes_like_any_other(client, customer, token):
    put_password(client, customer, token, {"current_password": PASSWORD, "password": NEW_PASSWORD})

    refreshed = client.call(
        "POST", "customers/auth", {"type": "refresh"}, headers={"Authorization": f"Bearer {token}"}
    )
    fresh = refreshed["Authorization"].removeprefix("Bearer ")
    logout = client.call("DELETE", "customers/auth", token=token)

    assert refreshed.status_code == 200
    assert logout.status_code == 204
    assert get_self(client, customer, token).status_code == 401
    assert get_self(client, customer, fresh).status_code == 200


def test_a_password_reset_ends_the_kept_token_too(client, customer, token):
    from customers.passwords import reset_password

    put_password(client, customer, token, {"current_password": PASSWORD, "password": NEW_PASSWORD})
    customer.refresh_from_db()
    reset_password(customer, default_token_generator.make_token(customer).token, "R3set!Passw0rd")

    assert get_self(client, customer, token).status_code == 401


def test_the_method_override_header_reaches_put(client, customer, token):
    """Clients that cannot send PUT tunnel it through POST, as OCAPI allows."""
    response = client.call(
        "POST",
        f"customers/{customer.customer_id}/password",
        {"current_password": PASSWORD, "password": NEW_PASSWORD},
        token=token,
        headers={"x-dw-http-method-override": "PUT"},
    )
    assert response.status_code == 204


def test_empty_new_password_is_the_documented_hook_fault(client, customer, token):
    response = put_password(client, customer, token, {"current_password": PASSWORD, "password": ""})
    assert response.status_code == 400
    assert response["Cache-Control"] == "max-age=0,no-cache,no-store,must-revalidate"
    assert response.json() == {
        "_v": "19.5",
        "_type": "fault",
        "fault": hook_fault("dw.ocapi.shop.customer.putPassword", "The new password is empty."),
    }
    assert_password_unchanged(customer)


@pytest.mark.parametrize("body", [{"current_password": PASSWORD}, {"password": None}])
def test_missing_new_password_is_empty(client, customer, token, body):
    response = put_password(client, customer, token, body)
    assert response.status_code == 400
    assert response.json()["fault"]["arguments"]["statusCode"] == "The new password is empty."


@pytest.mark.parametrize("current", ["Wr0ng!Passw0rd", "", None])
def test_wrong_current_password_is_a_put_password_fault(client, customer, token, current):
    body = {"password": NEW_PASSWORD}
    if current is not None:
        body["current_password"] = current
    response = put_password(client, customer, token, body)
    assert response.status_code == 400
    assert response.json()["fault"] == hook_fault(
        "dw.ocapi.shop.customer.putPassword", "The current password is not correct."
    )
    assert_password_unchanged(customer)
    # Nothing was committed: the token still works.
    assert client.call("GET", f"customers/{customer.customer_id}", token=token).status_code == 200


@pytest.mark.parametrize(
    ("new_password", "reason"),
    [
        ("Sh0rt!", "This password is too short. It must contain at least 8 characters."),
        ("password123", "This password is too common."),
        ("8472639104", "This password is entirely numeric."),
        ("jsmith@example.com!", "The password is too similar to the"),
    ],
)
def test_new_password_failing_the_validators_is_a_put_password_fault(
    client, customer, token, new_password, reason
):
    response = put_password(
        client, customer, token, {"current_password": PASSWORD, "password": new_password}
    )
    assert response.status_code == 400
    fault = response.json()["fault"]
    assert fault["type"] == "HookStatusException"
    assert fault["arguments"]["extensionPoint"] == "dw.ocapi.shop.customer.putPassword"
    assert fault["arguments"]["statusCode"] == (
        "The new password does not match the acceptance criteria."
    )
    assert fault["arguments"]["statusMessage"].startswith(
        "The new password does not match the acceptance criteria: "
    )
    assert reason in fault["arguments"]["statusMessage"]
    customer.refresh_from_db()
    assert customer.check_password(PASSWORD)


def test_another_customers_id_is_invalid_customer(client, customer, token, make_customer):
    other = make_customer("jdoe")
    response = put_password(
        client, other, token, {"current_password": PASSWORD, "password": NEW_PASSWORD}
    )
    assert response.status_code == 400
    assert response.json()["fault"]["type"] == "InvalidCustomerException"
    other.refresh_from_db()
    assert other.check_password(PASSWORD)


def test_unknown_customer_under_a_jwt_is_an_invalid_customer(client, customer, token):
    response = client.call(
        "PUT",
        "customers/doesNotExist000000000000000/password",
        {"current_password": PASSWORD, "password": NEW_PASSWORD},
        token=token,
    )
    assert response.status_code == 400
    assert response.json()["fault"] == {
        "type": "InvalidCustomerException",
        "message": "Invalid customer.",
    }
    customer.refresh_from_db()
    assert customer.check_password(PASSWORD)


def test_a_token_is_required(client, customer):
    response = put_password(
        client, customer, None, {"current_password": PASSWORD, "password": NEW_PASSWORD}
    )
    assert response.status_code == 401
    assert response.json()["fault"]["type"] == "UnauthorizedException"


def test_a_guest_has_no_password(client, guest_token):
    guest = Customer.objects.get(is_guest=True)
    response = put_password(
        client, guest, guest_token, {"current_password": "", "password": NEW_PASSWORD}
    )
    assert response.status_code == 403
    assert response.json()["fault"]["type"] == "ForbiddenException"


def test_unknown_property_is_refused(client, customer, token):
    response = put_password(
        client,
        customer,
        token,
        {"current_password": PASSWORD, "password": NEW_PASSWORD, "new_password": "x"},
    )
    assert response.status_code == 400
    assert response.json()["fault"]["type"] == "UnknownPropertyException"
    assert_password_unchanged(customer)


def test_a_number_is_not_a_password(client, customer, token):
    response = put_password(
        client, customer, token, {"current_password": PASSWORD, "password": 12345678}
    )
    assert response.status_code == 400
    assert response.json()["fault"]["type"] == "PropertyConstraintViolationException"
    assert response.json()["fault"]["arguments"]["property"] == "password"


def test_a_change_voids_outstanding_reset_tokens_and_lifts_a_lockout(client, customer, token):
    issued = default_token_generator.make_token(customer)
    Customer.objects.filter(pk=customer.pk).update(failed_login_count=3)
    put_password(client, customer, token, {"current_password": PASSWORD, "password": NEW_PASSWORD})
    assert not default_token_generator.check_token(customer, issued.token)
    assert PasswordResetToken.objects.get(customer=customer).used_at is not None
    customer.refresh_from_db()
    assert customer.failed_login_count == 0


def test_before_put_error_changes_nothing(client, customer, token, register_hook):
    register_hook(
        "dw.ocapi.shop.customer.password.beforePUT",
        lambda customer_id, change: Status.error("PASSWORD_CHANGE_FROZEN", "Not today."),
    )
    response = put_password(
        client, customer, token, {"current_password": PASSWORD, "password": NEW_PASSWORD}
    )
    assert response.status_code == 400
    assert response.json()["fault"] == hook_fault(
        "dw.ocapi.shop.customer.password.beforePUT", "PASSWORD_CHANGE_FROZEN", "Not today."
    )
    assert_password_unchanged(customer)


def test_a_replacement_put_password_still_ends_sessions(client, customer, token, settings):
    """A project whose passwords live elsewhere replaces the default; sessions still end."""
    external_changes.clear()
    other_session = login(client)
    settings.OCAPI = {
        **settings.OCAPI,
        "DEFAULT_HOOKS": {
            "dw.ocapi.shop.customer.putPassword": (
                "tests.test_password_change.change_in_external_system"
            )
        },
    }
    response = put_password(client, customer, token, {"current_password": "", "password": "x"})
    assert response.status_code == 204
    assert external_changes == [("jsmith", "x")]
    assert_password_unchanged(customer)  # the local default did not run
    assert get_self(client, customer, token).status_code == 200  # the changing token stays
    assert get_self(client, customer, other_session).status_code == 401


def test_a_project_hook_returning_ok_replaces_the_default(client, customer, token, register_hook):
    register_hook("dw.ocapi.shop.customer.putPassword", lambda customer, change: Status.ok())
    response = put_password(client, customer, token, {"current_password": "", "password": ""})
    assert response.status_code == 204
    assert_password_unchanged(customer)


def test_guessing_the_current_password_is_throttled_per_customer(client, customer, token):
    wrong = {"current_password": "Wr0ng!Passw0rd", "password": "N3w!Passw0rd-long"}

    statuses = [put_password(client, customer, token, wrong).status_code for _ in range(6)]

    assert statuses == [400] * 5 + [429]
    response = put_password(client, customer, token, wrong)
    assert response.json()["fault"]["type"] == "QuotaExceededException"
    assert_password_unchanged(customer)
