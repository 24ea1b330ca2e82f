"""POST /customers/password_reset and POST /customers/{customer_id}/password_reset.

The reset mail is queued in the request's transaction and delivered by a worker; inside a
test's transaction the commit is simulated with ``django_capture_on_commit_callbacks`` and
the worker with ``tests.task_runner.run_tasks``.
"""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail
from rest_framework.throttling import ScopedRateThrottle

from customers.hooks import send_password_reset_mail
from customers.models import Customer, PasswordResetToken
from customers.password_reset import default_token_generator
from shopsite.api.hooks import Status
from tests.conftest import PASSWORD, OcapiClient, login
from tests.task_runner import run_tasks

pytest_plugins = ["tests.fixtures_passwords"]

SAMPLE_FAULT = {
    "statusCode": "EXT_PW_CHANGE_FAIL",
    "statusMessage": "Password reset not successful in external system.",
}


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``committed(callable)``: call it, run what it left for the commit, then the worker."""

    def run(func, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            result = func(*args, **kwargs)
        run_tasks()
        return result

    return run


def request_reset(client, identification, type="login", **kwargs):
    return client.call(
        "POST",
        "customers/password_reset",
        {"identification": identification, "type": type},
        **kwargs,
    )


def link_of(message) -> dict:
    url = re.search(r"https?://\S+", message.body).group(0)
    parts = urlsplit(url)
    return {"base": f"{parts.scheme}://{parts.netloc}{parts.path}", **parse_qs(parts.query)}


# --- POST /customers/password_reset ----------------------------------------------------------


def test_reset_by_login_mails_a_working_link(client, customer, committed):
    response = committed(request_reset, client, "jsmith")
    assert response.status_code == 204
    assert response.content == b""
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["jsmith@example.com"]
    assert message.from_email == "no-reply@shopsite.local"
    assert message.subject == "Reset your Site Genesis password"
    link = link_of(message)
    assert link["base"] == "http://localhost:8000/reset-password"
    assert link["login"] == ["jsmith"]
    token = link["token"][0]
    assert "expires in 30 minutes" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f"token={token}" in html
    # Stored only as a digest, and the mailed token is the one that works.
    row = PasswordResetToken.objects.get(customer=customer)
    assert row.token_hash == PasswordResetToken.digest(token)
    assert token not in row.token_hash
    assert default_token_generator.check_token(customer, token)


def test_reset_by_email_ignores_case(client, customer, committed):
    response = committed(request_reset, client, "JSmith@Example.com", "email")
    assert response.status_code == 204
    assert [m.to for m in mail.outbox] == [["jsmith@example.com"]]


def test_the_mailed_token_resets_the_password(client, customer, token, committed):
    committed(request_reset, client, "jsmith")
    link = link_of(mail.outbox[0])
    response = client.call(
        "POST",
        "customers/password/actions/reset",
        {
            "login": link["login"][0],
            "reset_token": link["token"][0],
            "new_password": "Br4nd!New-pw",
        },
    )
    assert response.status_code == 204
    assert login(client, "jsmith", "Br4nd!New-pw")
    assert client.call("GET", f"customers/{customer.customer_id}", token=token).status_code == 401


@pytest.mark.parametrize(
    ("identification", "type"),
    [("nobody", "login"), ("nobody@example.com", "email"), ("jsmith@example.com", "login")],
)
def test_unknown_identification_answers_the_same_and_does_nothing(
    client, customer, committed, hook_calls, identification, type
):
    response = committed(request_reset, client, identification, type)
    assert response.status_code == 204
    assert response.content == b""
    assert mail.outbox == []
    assert not PasswordResetToken.objects.exists()
    assert [name for name, _ in hook_calls] == ["dw.ocapi.shop.customers.password_reset.beforePOST"]


def test_unknown_identification_still_does_the_token_work(client, customer, monkeypatch):
    decoys = []
    monkeypatch.setattr(
        default_token_generator, "make_decoy", lambda: decoys.append("decoy"), raising=True
    )
    assert request_reset(client, "nobody").status_code == 204
    assert decoys == ["decoy"]


def test_an_email_shared_by_several_customers_does_nothing(
    client, make_customer, committed, hook_calls
):
    make_customer("jsmith", email="family@example.com")
    make_customer("jsmith2", email="family@example.com")
    response = committed(request_reset, client, "family@example.com", "email")
    assert response.status_code == 204
    assert mail.outbox == []
    assert not PasswordResetToken.objects.exists()
    assert len(hook_calls) == 1  # beforePOST only


def test_the_same_email_on_another_site_does_not_count(client, make_customer, committed):
    from shopsite.api.models import Site

    make_customer("jsmith", email="family@example.com")
    other_site = Site.objects.create(site_id="RefArch")
    Customer.objects.create(
        site=other_site, is_guest=False, login="jsmith", email="family@example.com"
    )
    committed(request_reset, client, "family@example.com", "email")
    assert len(mail.outbox) == 1


def test_disabled_customers_get_no_mail(client, make_customer, committed):
    make_customer("jsmith", enabled=False)
    assert committed(request_reset, client, "jsmith").status_code == 204
    assert mail.outbox == []


def test_a_new_request_supersedes_the_older_token(client, customer, committed):
    committed(request_reset, client, "jsmith")
    committed(request_reset, client, "jsmith")
    first, second = (link_of(m)["token"][0] for m in mail.outbox)
    assert first != second
    assert not default_token_generator.check_token(customer, first)
    assert default_token_generator.check_token(customer, second)


def test_after_post_error_is_the_sample_and_rolls_the_token_back(
    client, customer, committed, register_hook
):
    received = []

    def external_system(customer, reset_token):
        received.append((customer.login, reset_token))
        return Status.error(SAMPLE_FAULT["statusCode"], SAMPLE_FAULT["statusMessage"])

    register_hook("dw.ocapi.shop.customers.password_reset.afterPOST", external_system)
    response = committed(request_reset, client, "jsmith@example.com", "email")
    assert response.status_code == 400
    assert response.json()["fault"] == {
        "type": "HookStatusException",
        "message": "Error in ExtensionPoint 'dw.ocapi.shop.customers.password_reset.afterPOST'!",
        "arguments": {
            "extensionPoint": "dw.ocapi.shop.customers.password_reset.afterPOST",
            **SAMPLE_FAULT,
        },
    }
    assert len(received) == 1
    assert received[0][0] == "jsmith"
    assert not PasswordResetToken.objects.exists()
    assert mail.outbox == []


def test_a_mail_scheduled_before_a_hook_error_is_never_sent(
    client, customer, committed, register_hook
):
    def mail_then_fail(customer, reset_token):
        send_password_reset_mail(customer, reset_token)
        return Status.error("LATER_STEP_FAILED")

    register_hook("dw.ocapi.shop.customers.password_reset.afterPOST", mail_then_fail)
    response = committed(request_reset, client, "jsmith")
    assert response.status_code == 400
    assert mail.outbox == []


def test_before_post_sees_the_document_before_validation(client, customer, register_hook):
    seen = []
    register_hook(
        "dw.ocapi.shop.customers.password_reset.beforePOST", lambda document: seen.append(document)
    )
    response = client.call("POST", "customers/password_reset", {"identification": 42})
    assert seen == [{"identification": 42}]
    assert response.status_code == 400
    assert response.json()["fault"]["type"] == "PropertyConstraintViolationException"


def test_before_post_error_aborts(client, customer, committed, register_hook):
    register_hook(
        "dw.ocapi.shop.customers.password_reset.beforePOST",
        lambda document: Status.error("RESETS_DISABLED", "Password resets are disabled."),
    )
    response = committed(request_reset, client, "jsmith")
    assert response.status_code == 400
    assert response.json()["fault"]["arguments"] == {
        "extensionPoint": "dw.ocapi.shop.customers.password_reset.beforePOST",
        "statusCode": "RESETS_DISABLED",
        "statusMessage": "Password resets are disabled.",
    }
    assert mail.outbox == []
    assert not PasswordResetToken.objects.exists()


@pytest.mark.parametrize(
    ("body", "prop"),
    [
        ({"type": "login"}, "identification"),
        ({"identification": "jsmith"}, "type"),
        ({"identification": "jsmith", "type": "phone"}, "type"),
        ({"identification": "jsmith", "type": True}, "type"),
        ({"identification": ["jsmith"], "type": "login"}, "identification"),
    ],
)
def test_an_invalid_document_is_refused(client, customer, body, prop):
    response = client.call("POST", "customers/password_reset", body)
    assert response.status_code == 400
    fault = response.json()["fault"]
    assert fault["type"] == "PropertyConstraintViolationException"
    assert fault["arguments"]["property"] == prop


def test_an_unknown_property_is_refused(client, customer):
    response = client.call(
        "POST",
        "customers/password_reset",
        {"identification": "jsmith", "type": "login", "channel": "sms"},
    )
    assert response.status_code == 400
    assert response.json()["fault"]["type"] == "UnknownPropertyException"


def test_the_client_id_is_required(site, customer):
    response = OcapiClient("").call(
        "POST", "customers/password_reset", {"identification": "jsmith", "type": "login"}
    )
    assert response.status_code == 400
    assert response.json()["fault"]["type"] == "MissingClientIdException"


def test_a_stale_bearer_token_does_not_matter(client, customer, committed):
    """The documentation's sample sends an Authorization header; it plays no part."""
    response = committed(request_reset, client, "jsmith", token="not.a.valid.token")
    assert response.status_code == 204
    assert len(mail.outbox) == 1


def test_the_link_base_comes_from_settings(client, customer, committed, settings):
    settings.OCAPI = {
        **settings.OCAPI,
        "PASSWORD_RESET_URL": "https://shop.example.com/account/reset?lang=de",
    }
    committed(request_reset, client, "jsmith")
    link = link_of(mail.outbox[0])
    assert link["base"] == "https://shop.example.com/account/reset"
    assert link["lang"] == ["de"]
    assert link["login"] == ["jsmith"]


def test_a_failing_mail_server_does_not_change_the_answer(
    client, customer, committed, settings, caplog, register_hook
):
    tokens = []
    register_hook(
        "dw.ocapi.shop.customers.password_reset.afterPOST",
        lambda customer, token: tokens.append(token),
    )
    settings.EMAIL_BACKEND = "tests.test_password_reset.BrokenMailBackend"
    response = committed(request_reset, client, "jsmith")
    assert response.status_code == 204
    assert "Connection refused" in caplog.text  # logged, not answered
    assert tokens
    assert tokens[0] not in caplog.text


def test_the_html_mail_escapes_what_the_customer_typed(client, make_customer, committed):
    make_customer("jsmith", first_name="<b>Jo</b>")
    committed(request_reset, client, "jsmith")
    message = mail.outbox[0]
    assert "Hello <b>Jo</b>," in message.body
    assert "Hello &lt;b&gt;Jo&lt;/b&gt;," in message.alternatives[0][0]


def test_the_token_is_not_logged(client, customer, committed, caplog, register_hook):
    tokens = []
    register_hook(
        "dw.ocapi.shop.customers.password_reset.afterPOST",
        lambda customer, token: tokens.append(token),
    )
    with caplog.at_level("DEBUG"):
        committed(request_reset, client, "jsmith")
    assert tokens
    assert tokens[0] not in caplog.text


def test_requests_are_throttled(client, customer, monkeypatch):
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"password_reset": "2/minute"})
    assert request_reset(client, "nobody").status_code == 204
    assert request_reset(client, "nobody").status_code == 204
    response = request_reset(client, "nobody")
    assert response.status_code == 429
    assert response.json()["fault"]["type"] == "QuotaExceededException"


class BrokenMailBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("Connection refused")


# --- POST /customers/{customer_id}/password_reset --------------------------------------------


def reset_customer(client, customer, token):
    return client.call("POST", f"customers/{customer.customer_id}/password_reset", token=token)


def test_customer_reset_mails_the_customer(client, customer, token, committed):
    response = committed(reset_customer, client, customer, token)
    assert response.status_code == 204
    assert len(mail.outbox) == 1
    link = link_of(mail.outbox[0])
    assert default_token_generator.check_token(customer, link["token"][0])


def test_customer_reset_after_post_error_is_the_sample(
    client, customer, token, committed, register_hook
):
    register_hook(
        "dw.ocapi.shop.customer.password_reset.afterPOST",
        lambda customer, reset_token: Status.error(
            SAMPLE_FAULT["statusCode"], SAMPLE_FAULT["statusMessage"]
        ),
    )
    response = committed(reset_customer, client, customer, token)
    assert response.status_code == 400
    assert response.json() == {
        "_v": "19.5",
        "_type": "fault",
        "fault": {
            "type": "HookStatusException",
            "message": "Error in ExtensionPoint 'dw.ocapi.shop.customer.password_reset.afterPOST'!",
            "arguments": {
                "extensionPoint": "dw.ocapi.shop.customer.password_reset.afterPOST",
                **SAMPLE_FAULT,
            },
        },
    }
    assert not PasswordResetToken.objects.exists()
    assert mail.outbox == []


def test_customer_reset_before_post_gets_the_customer(client, customer, token, register_hook):
    seen = []
    register_hook(
        "dw.ocapi.shop.customer.password_reset.beforePOST",
        lambda customer: seen.append(customer.customer_id) or Status.error("NO"),
    )
    response = reset_customer(client, customer, token)
    assert response.status_code == 400
    assert seen == [customer.customer_id]
    assert not PasswordResetToken.objects.exists()


def test_customer_reset_of_an_unknown_customer_is_an_invalid_customer(client, customer, token):
    response = client.call(
        "POST", "customers/unknownCustomer00000000000/password_reset", token=token
    )
    assert response.status_code == 400
    assert response.json()["fault"] == {
        "type": "InvalidCustomerException",
        "message": "Invalid customer.",
    }
    assert not PasswordResetToken.objects.exists()


def test_customer_reset_of_another_customer_is_refused(client, customer, token, make_customer):
    other = make_customer("jdoe")
    response = reset_customer(client, other, token)
    assert response.status_code == 400
    assert response.json()["fault"]["type"] == "InvalidCustomerException"
    assert not PasswordResetToken.objects.exists()


def test_customer_reset_needs_a_token(client, customer):
    response = reset_customer(client, customer, None)
    assert response.status_code == 401
    assert response.json()["fault"]["type"] == "UnauthorizedException"


def test_customer_reset_keeps_the_current_password_until_the_token_is_used(client, customer, token):
    reset_customer(client, customer, token)
    customer.refresh_from_db()
    assert customer.check_password(PASSWORD)
    assert client.call("GET", f"customers/{customer.customer_id}", token=token).status_code == 200
