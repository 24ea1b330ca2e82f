"""OCAPI hooks: the contract of the registry, and every endpoint calling its extension points."""

import json

import pytest
from django.core.exceptions import ImproperlyConfigured

from customers.models import Customer, PasswordResetToken
from shopsite.api.hooks import Status, check_hook_settings, registry
from tests.conftest import PASSWORD, basic, login

pytest_plugins = ["tests.fixtures_passwords"]

REGISTRATION = {
    "password": "An0ther!Passw0rd",
    "customer": {"login": "newbie", "email": "newbie@example.com", "last_name": "Newman"},
}

# Called by the settings-registered hook below.
settings_hook_calls = []


def record_from_settings(customer_id):
    settings_hook_calls.append(customer_id)


RECORDER = "tests.test_hooks.record_from_settings"


def not_a_hook_but_a_string():
    return "ok"


NOT_CALLABLE = 42


def fault_of(response) -> dict:
    return response.json()["fault"]


def ocapi_settings(settings, **values):
    settings.OCAPI = {**settings.OCAPI, **values}


# --- the documented HookStatusException -----------------------------------------------------


def test_after_hook_error_is_the_documented_fault_document(client, customer, register_hook):
    register_hook(
        "dw.ocapi.shop.customers.password_reset.afterPOST",
        lambda customer, token: Status.error(
            "EXT_PW_CHANGE_FAIL", "Password reset not successful in external system."
        ),
    )
    response = client.call(
        "POST", "customers/password_reset", {"identification": "jsmith", "type": "login"}
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    # The sample of the resource documentation, property for property.
    assert json.loads(response.content) == {
        "_v": "19.5",
        "_type": "fault",
        "fault": {
            "arguments": {
                "extensionPoint": "dw.ocapi.shop.customers.password_reset.afterPOST",
                "statusCode": "EXT_PW_CHANGE_FAIL",
                "statusMessage": "Password reset not successful in external system.",
            },
            "type": "HookStatusException",
            "message": (
                "Error in ExtensionPoint 'dw.ocapi.shop.customers.password_reset.afterPOST'!"
            ),
        },
    }


def test_before_hook_error_aborts_before_anything_is_written(client, guest_token, register_hook):
    calls = []

    def refuse(registration):
        calls.append(registration)
        return Status.error("REGISTRATION_CLOSED", "Registration is closed.")

    register_hook("dw.ocapi.shop.customer.beforePOST", refuse)
    response = client.call("POST", "customers", REGISTRATION, token=guest_token)
    assert response.status_code == 400
    assert fault_of(response) == {
        "type": "HookStatusException",
        "message": "Error in ExtensionPoint 'dw.ocapi.shop.customer.beforePOST'!",
        "arguments": {
            "extensionPoint": "dw.ocapi.shop.customer.beforePOST",
            "statusCode": "REGISTRATION_CLOSED",
            "statusMessage": "Registration is closed.",
        },
    }
    assert calls == [REGISTRATION]
    assert not Customer.objects.filter(login="newbie").exists()


def test_status_message_defaults_to_the_code(client, customer, register_hook):
    register_hook("dw.ocapi.shop.customer.beforeGET", lambda customer_id: Status.error("NOPE"))
    token = login(client)
    response = client.call("GET", f"customers/{customer.customer_id}", token=token)
    assert response.status_code == 400
    assert fault_of(response)["arguments"] == {
        "extensionPoint": "dw.ocapi.shop.customer.beforeGET",
        "statusCode": "NOPE",
        "statusMessage": "NOPE",
    }


# --- rollback ---------------------------------------------------------------------------------


def test_after_hook_error_rolls_back_the_registration(client, guest_token, register_hook):
    seen = []

    def fail_after(customer, registration):
        seen.append(Customer.objects.filter(pk=customer.pk).exists())
        return Status.error("CRM_DOWN", "The CRM did not answer.")

    register_hook("dw.ocapi.shop.customer.afterPOST", fail_after)
    response = client.call("POST", "customers", REGISTRATION, token=guest_token)
    assert response.status_code == 400
    assert fault_of(response)["arguments"]["extensionPoint"] == "dw.ocapi.shop.customer.afterPOST"
    assert seen == [True]  # the hook ran after the customer was written...
    assert not Customer.objects.filter(login="newbie").exists()  # ...and that was undone


@pytest.mark.django_db(transaction=True)
def test_after_hook_error_rolls_back_a_real_transaction(client, guest_token, register_hook):
    """The same without the test's surrounding transaction: the action's transaction really
    rolls back."""
    register_hook(
        "dw.ocapi.shop.customer.afterPATCH",
        lambda customer, customer_input: Status.error("AUDIT_FAILED"),
    )
    registered = client.call("POST", "customers", REGISTRATION, token=guest_token)
    assert registered.status_code == 200, registered.content
    token = login(client, "newbie", REGISTRATION["password"])
    customer_id = registered.json()["customer_id"]
    response = client.call(
        "PATCH", f"customers/{customer_id}", {"first_name": "Changed"}, token=token
    )
    assert response.status_code == 400
    assert Customer.objects.get(customer_id=customer_id).first_name == ""


def test_after_put_error_rolls_back_the_password_change(client, customer, token, register_hook):
    register_hook(
        "dw.ocapi.shop.customer.password.afterPUT",
        lambda customer, change: Status.error("SYNC_FAILED"),
    )
    response = client.call(
        "PUT",
        f"customers/{customer.customer_id}/password",
        {"current_password": PASSWORD, "password": "N3w!Passw0rd-xyz"},
        token=token,
    )
    assert response.status_code == 400
    customer.refresh_from_db()
    assert customer.check_password(PASSWORD)
    # The session bump was rolled back too: the token still works.
    assert client.call("GET", f"customers/{customer.customer_id}", token=token).status_code == 200


# --- modify*Response --------------------------------------------------------------------------


def test_modify_get_response_changes_the_document(client, customer, token, register_hook):
    def enrich(customer, document):
        document["c_loyaltyTier"] = "gold"
        document.pop("phone_home", None)

    register_hook("dw.ocapi.shop.customer.modifyGETResponse", enrich)
    response = client.call("GET", f"customers/{customer.customer_id}", token=token)
    assert response.status_code == 200
    assert response.json()["c_loyaltyTier"] == "gold"


def test_modify_post_response_changes_the_registration_answer(client, guest_token, register_hook):
    def add_welcome(customer, document):
        document["c_welcome"] = f"Welcome, {customer.login}"

    register_hook("dw.ocapi.shop.customer.modifyPOSTResponse", add_welcome)
    response = client.call("POST", "customers", REGISTRATION, token=guest_token)
    assert response.status_code == 200
    assert response.json()["c_welcome"] == "Welcome, newbie"


def test_modify_post_response_of_auth_changes_the_answer(client, customer, register_hook):
    def mark(customer, document, auth_type):
        document["c_authType"] = auth_type

    register_hook("dw.ocapi.shop.auth.modifyPOSTResponse", mark)
    response = client.call(
        "POST",
        "customers/auth",
        {"type": "credentials"},
        headers={"Authorization": basic("jsmith", PASSWORD)},
    )
    assert response.status_code == 200
    assert response.json()["c_authType"] == "credentials"


def test_an_auth_hook_error_rolls_the_guest_login_back(client, site, register_hook):
    register_hook("dw.ocapi.shop.auth.afterPOST", lambda customer, auth_type: Status.error("NO"))
    before = Customer.objects.count()

    response = client.call("POST", "customers/auth", {"type": "guest"})

    assert response.status_code == 400
    assert fault_of(response)["type"] == "HookStatusException"
    assert Customer.objects.count() == before  # the guest it created is gone with the fault


def test_a_guest_login_without_hooks_stores_its_guest(client, site):
    response = client.call("POST", "customers/auth", {"type": "guest"})

    assert response.status_code == 200
    stored = Customer.objects.get(customer_id=response.json()["customer_id"])
    assert stored.is_guest


# --- the chain --------------------------------------------------------------------------------


def test_status_ok_ends_the_chain(client, customer, token, register_hook):
    later = []
    register_hook("dw.ocapi.shop.customer.beforeGET", lambda customer_id: Status.ok())
    register_hook(
        "dw.ocapi.shop.customer.beforeGET",
        lambda customer_id: later.append(customer_id) or Status.error("NEVER"),
    )
    response = client.call("GET", f"customers/{customer.customer_id}", token=token)
    assert response.status_code == 200
    assert later == []


def test_none_lets_the_next_hook_run_in_registration_order(client, customer, token, register_hook):
    order = []
    register_hook("dw.ocapi.shop.customer.beforeGET", lambda customer_id: order.append("first"))
    register_hook("dw.ocapi.shop.customer.beforeGET", lambda customer_id: order.append("second"))
    response = client.call("GET", f"customers/{customer.customer_id}", token=token)
    assert response.status_code == 200
    assert order == ["first", "second"]


def test_settings_registered_hooks_run_before_decorated_ones(
    client, customer, token, settings, register_hook
):
    settings_hook_calls.clear()
    order = []
    ocapi_settings(
        settings,
        HOOKS={"dw.ocapi.shop.customer.beforeGET": [RECORDER]},
    )
    register_hook(
        "dw.ocapi.shop.customer.beforeGET",
        lambda customer_id: order.append(list(settings_hook_calls)),
    )
    response = client.call("GET", f"customers/{customer.customer_id}", token=token)
    assert response.status_code == 200
    assert settings_hook_calls == [customer.customer_id]
    assert order == [[customer.customer_id]]  # the settings hook had already run


def test_a_single_dotted_path_string_is_accepted(client, customer, token, settings):
    settings_hook_calls.clear()
    ocapi_settings(
        settings,
        HOOKS={"dw.ocapi.shop.customer.beforeGET": RECORDER},
    )
    client.call("GET", f"customers/{customer.customer_id}", token=token)
    assert settings_hook_calls == [customer.customer_id]


def test_a_hook_returning_something_else_than_a_status_is_a_server_error(
    client, customer, token, register_hook
):
    register_hook("dw.ocapi.shop.customer.beforeGET", lambda customer_id: "fine")
    response = client.call("GET", f"customers/{customer.customer_id}", token=token)
    assert response.status_code == 500
    assert fault_of(response)["type"] == "InternalServerErrorException"


def test_registered_removes_only_what_it_added():
    def project_hook(customer_id):
        return None

    registry.register("dw.ocapi.shop.customer.beforeGET", project_hook)
    try:
        with registry.registered("dw.ocapi.shop.customer.beforeGET", project_hook):
            pass
        assert project_hook in registry.implementations("dw.ocapi.shop.customer.beforeGET")
    finally:
        registry.unregister("dw.ocapi.shop.customer.beforeGET", project_hook)
    assert project_hook not in registry.implementations("dw.ocapi.shop.customer.beforeGET")


# --- misconfiguration -------------------------------------------------------------------------


def test_a_name_outside_ocapi_is_refused():
    with pytest.raises(ImproperlyConfigured, match="not an OCAPI extension point"):
        registry.register("myshop.customer.afterPOST", lambda *args: None)


@pytest.mark.parametrize(
    ("configured", "message"),
    [
        ("tests.test_hooks.no_such_function", "cannot be imported"),
        ("no_such_module.hook", "cannot be imported"),
        ("tests.test_hooks.NOT_CALLABLE", "not callable"),
    ],
)
def test_a_bad_dotted_path_names_the_setting(settings, configured, message):
    ocapi_settings(settings, HOOKS={"dw.ocapi.shop.customer.beforeGET": [configured]})
    with pytest.raises(ImproperlyConfigured, match=message) as raised:
        registry.implementations("dw.ocapi.shop.customer.beforeGET")
    assert "OCAPI[\"HOOKS\"]['dw.ocapi.shop.customer.beforeGET']" in str(raised.value)
    assert configured in str(raised.value)


def test_the_system_check_reports_a_bad_hook_path(settings):
    assert check_hook_settings() == []
    ocapi_settings(
        settings, DEFAULT_HOOKS={"dw.ocapi.shop.customer.putPassword": "myshop.nowhere.change"}
    )
    errors = check_hook_settings()
    assert [error.id for error in errors] == ["ocapi.E001"]
    assert "myshop.nowhere.change" in errors[0].msg


def test_the_system_check_reports_a_misspelt_extension_point(settings):
    ocapi_settings(settings, HOOKS={"customer.beforeGET": [RECORDER]})
    assert [error.id for error in check_hook_settings()] == ["ocapi.E001"]


# --- default implementations ------------------------------------------------------------------


def test_defaults_run_after_project_hooks(register_hook):
    def project_hook(customer, token):
        return None

    register_hook("dw.ocapi.shop.customers.password_reset.afterPOST", project_hook)
    names = [
        f.__name__
        for f in registry.implementations("dw.ocapi.shop.customers.password_reset.afterPOST")
    ]
    assert names == ["project_hook", "send_password_reset_mail"]


def test_default_hooks_setting_turns_a_default_off(client, customer, settings, hook_calls):
    ocapi_settings(
        settings, DEFAULT_HOOKS={"dw.ocapi.shop.customers.password_reset.afterPOST": None}
    )
    assert registry.implementations("dw.ocapi.shop.customers.password_reset.afterPOST") == []
    response = client.call(
        "POST", "customers/password_reset", {"identification": "jsmith", "type": "login"}
    )
    assert response.status_code == 204
    # The token is still made and handed to the (now empty) extension point.
    assert PasswordResetToken.objects.filter(customer=customer).count() == 1
    assert [name for name, _ in hook_calls][-1] == (
        "dw.ocapi.shop.customers.password_reset.afterPOST"
    )


def test_default_hooks_setting_replaces_a_default(settings):
    ocapi_settings(
        settings,
        DEFAULT_HOOKS={"dw.ocapi.shop.customer.putPassword": RECORDER},
    )
    assert registry.implementations("dw.ocapi.shop.customer.putPassword") == [record_from_settings]


# --- every endpoint calls its documented extension points -------------------------------------


def kind(arg) -> str:
    return "dict" if isinstance(arg, dict) else type(arg).__name__


def names_and_types(calls):
    return [(name, tuple(kind(arg) for arg in args)) for name, args in calls]


def test_registration_calls_before_after_and_modify(client, guest_token, hook_calls):
    response = client.call("POST", "customers", REGISTRATION, token=guest_token)
    assert response.status_code == 200
    assert names_and_types(hook_calls) == [
        ("dw.ocapi.shop.customer.beforePOST", ("dict",)),
        ("dw.ocapi.shop.customer.afterPOST", ("Customer", "dict")),
        ("dw.ocapi.shop.customer.modifyPOSTResponse", ("Customer", "dict")),
    ]
    assert hook_calls[0][1] == (REGISTRATION,)


def test_get_customer_calls_before_get_with_the_id(client, customer, token, hook_calls):
    client.call("GET", f"customers/{customer.customer_id}", token=token)
    assert hook_calls[0] == ("dw.ocapi.shop.customer.beforeGET", (customer.customer_id,))
    assert names_and_types(hook_calls)[1] == (
        "dw.ocapi.shop.customer.modifyGETResponse",
        ("Customer", "dict"),
    )


def test_patch_customer_calls_its_hooks(client, customer, token, hook_calls):
    client.call("PATCH", f"customers/{customer.customer_id}", {"first_name": "J"}, token=token)
    assert names_and_types(hook_calls) == [
        ("dw.ocapi.shop.customer.beforePATCH", ("Customer", "dict")),
        ("dw.ocapi.shop.customer.afterPATCH", ("Customer", "dict")),
        ("dw.ocapi.shop.customer.modifyGETResponse", ("Customer", "dict")),
    ]


def test_auth_calls_its_hooks_with_header_and_type(client, customer, hook_calls):
    header = basic("jsmith", PASSWORD)
    auth_header = {"Authorization": header}
    client.call("POST", "customers/auth", {"type": "credentials"}, headers=auth_header)
    assert hook_calls[0] == ("dw.ocapi.shop.auth.beforePOST", (header, "credentials"))
    assert names_and_types(hook_calls)[1:] == [
        ("dw.ocapi.shop.auth.afterPOST", ("Customer", "str")),
        ("dw.ocapi.shop.auth.modifyPOSTResponse", ("Customer", "dict", "str")),
    ]


def test_password_change_calls_before_put_put_password_and_after_put(
    client, customer, token, hook_calls
):
    change = {"current_password": PASSWORD, "password": "N3w!Passw0rd-xyz"}
    response = client.call("PUT", f"customers/{customer.customer_id}/password", change, token=token)
    assert response.status_code == 204
    assert [name for name, _ in hook_calls] == [
        "dw.ocapi.shop.customer.password.beforePUT",
        "dw.ocapi.shop.customer.putPassword",
        "dw.ocapi.shop.customer.password.afterPUT",
    ]
    assert hook_calls[0][1] == (customer.customer_id, change)
    assert hook_calls[1][1][1] == change
    assert hook_calls[2][1][0].pk == customer.pk


def test_password_reset_calls_before_with_the_document_and_after_with_the_token(
    client, customer, hook_calls
):
    document = {"identification": "jsmith", "type": "login"}
    client.call("POST", "customers/password_reset", document)
    assert hook_calls[0] == ("dw.ocapi.shop.customers.password_reset.beforePOST", (document,))
    name, (hook_customer, token) = hook_calls[1]
    assert name == "dw.ocapi.shop.customers.password_reset.afterPOST"
    assert hook_customer.pk == customer.pk
    assert PasswordResetToken.objects.get(customer=customer).token_hash == (
        PasswordResetToken.digest(token)
    )


def test_customer_password_reset_calls_its_hooks(client, customer, token, hook_calls):
    client.call("POST", f"customers/{customer.customer_id}/password_reset", token=token)
    assert names_and_types(hook_calls) == [
        ("dw.ocapi.shop.customer.password_reset.beforePOST", ("Customer",)),
        ("dw.ocapi.shop.customer.password_reset.afterPOST", ("Customer", "str")),
    ]
