"""POST /customers (registration), GET and PATCH /customers/{customer_id}."""

import threading

import pytest
from django.db import connection

from customers.models import Customer
from tests.conftest import api_url, basic, login

REGISTRATION = {
    "password": "12345!aBcD-long",
    "customer": {"login": "jsmith", "email": "jsmith@example.com", "last_name": "Smith"},
}


def register(client, token, body=None):
    return client.call("POST", "customers", REGISTRATION if body is None else body, token=token)


def with_customer(**changes):
    customer = {**REGISTRATION["customer"], **changes}
    return {**REGISTRATION, "customer": {k: v for k, v in customer.items() if v is not None}}


def fault_type(response):
    return response.json()["fault"]["type"]


# --- registration ------------------------------------------------------------------------


def test_register_a_customer(client, guest_token):
    response = register(client, guest_token, with_customer(first_name="John", c_origin="app"))

    assert response.status_code == 200
    body = response.json()
    assert body["_type"] == "customer"
    assert body["auth_type"] == "registered"
    assert body["login"] == "jsmith"
    assert body["email"] == "jsmith@example.com"
    assert body["last_name"] == "Smith"
    assert body["first_name"] == "John"
    assert body["c_origin"] == "app"
    assert len(body["customer_id"]) == 26
    assert body["creation_date"].endswith("Z")
    assert "password" not in body
    stored = Customer.objects.get(customer_id=body["customer_id"])
    assert stored.customer_no == body["customer_no"]
    assert stored.password != REGISTRATION["password"]
    assert stored.check_password(REGISTRATION["password"])
    assert stored.custom == {"origin": "app"}


def test_registered_customer_can_log_in(client, guest_token):
    register(client, guest_token)

    response = client.call(
        "POST",
        "customers/auth",
        {"type": "credentials"},
        headers={"Authorization": basic("jsmith", REGISTRATION["password"])},
    )

    assert response.status_code == 200
    assert response.json()["auth_type"] == "registered"


def test_customer_numbers_are_unique_and_increasing(client, guest_token):
    first = register(client, guest_token).json()["customer_no"]
    second = register(client, guest_token, with_customer(login="other")).json()["customer_no"]

    assert first != second
    assert int(second) > int(first)


@pytest.mark.parametrize(
    ("changes", "fault"),
    [
        ({"login": None}, "MissingLoginException"),
        ({"login": ""}, "MissingLoginException"),
        ({"login": " padded "}, "InvalidLoginException"),
        ({"login": "x" * 257}, "InvalidLoginException"),
        ({"email": None}, "MissingEmailException"),
        ({"email": "not-an-email"}, "InvalidEmailException"),
        ({"last_name": None}, "MissingLastNameException"),
        ({"last_name": ""}, "MissingLastNameException"),
    ],
)
def test_registration_faults(client, guest_token, changes, fault):
    response = register(client, guest_token, with_customer(**changes))

    assert response.status_code == 400
    assert fault_type(response) == fault
    assert not Customer.objects.filter(is_guest=False).exists()


@pytest.mark.parametrize(
    ("password", "fault"),
    [
        (None, "MissingPasswordException"),
        ("", "MissingPasswordException"),
        ("short1!", "InvalidPasswordException"),
        ("12345678901", "InvalidPasswordException"),
        ("password123", "InvalidPasswordException"),
        ("jsmith@example.com", "InvalidPasswordException"),
    ],
)
def test_password_must_pass_the_validators(client, guest_token, password, fault):
    body = {"customer": REGISTRATION["customer"]}
    if password is not None:
        body["password"] = password

    response = register(client, guest_token, body)

    assert response.status_code == 400
    assert fault_type(response) == fault
    assert not Customer.objects.filter(is_guest=False).exists()


def test_login_already_in_use_is_case_insensitive(client, guest_token, customer):
    response = register(client, guest_token, with_customer(login="JSMITH"))

    assert response.status_code == 400
    assert response.json()["fault"] == {
        "type": "LoginAlreadyInUseException",
        "message": "The login is already in use.",
    }


def test_same_login_on_another_site_is_allowed(client, customer, api_client_app):
    from shopsite.api.models import Site

    Site.objects.create(site_id="RefArch")
    guest = client.call("POST", "customers/auth", {"type": "guest"}, site="RefArch")
    token = guest["Authorization"].removeprefix("Bearer ")

    response = client.call("POST", "customers", REGISTRATION, token=token, site="RefArch")

    assert response.status_code == 200


def test_registered_token_cannot_register_again(client, token):
    response = register(client, token, with_customer(login="someone-else"))

    assert response.status_code == 400
    assert fault_type(response) == "CustomerAlreadyRegisteredException"


def test_registration_needs_a_token(client):
    response = client.call("POST", "customers", REGISTRATION)

    assert response.status_code == 401


@pytest.mark.parametrize(
    "body",
    [
        {"password": 123, "customer": REGISTRATION["customer"]},
        {"password": "12345!aBcD-long", "customer": "jsmith"},
        {"password": "12345!aBcD-long"},
        with_customer(gender="male"),
        with_customer(birthday="yesterday"),
    ],
)
def test_malformed_registration_documents(client, guest_token, body):
    response = register(client, guest_token, body)

    assert response.status_code == 400
    assert fault_type(response) == "PropertyConstraintViolationException"
    assert not Customer.objects.filter(is_guest=False).exists()


# --- GET ---------------------------------------------------------------------------------


def test_get_customer(client, make_customer):
    customer = make_customer(
        first_name="John",
        gender=1,
        phone_home="123450003",
        birthday="1980-02-01",
        custom={"origin": "webshop"},
    )
    token = login(client)

    response = client.call("GET", f"customers/{customer.customer_id}", token=token)

    assert response.status_code == 200
    body = response.json()
    assert body["customer_no"] == customer.customer_no
    assert body["first_name"] == "John"
    assert body["gender"] == 1
    assert body["birthday"] == "1980-02-01"
    assert body["phone_home"] == "123450003"
    assert body["enabled"] is True
    assert body["c_origin"] == "webshop"
    assert list(body)[-1] == "c_origin"  # custom attributes come last
    assert len(body["_resource_state"]) == 64


def test_get_unknown_customer_under_a_jwt_is_an_invalid_customer(client, token):
    response = client.call("GET", "customers/abcdefghijklmnopqrstuvwxyz", token=token)

    assert response.status_code == 400
    assert response.json()["fault"] == {
        "type": "InvalidCustomerException",
        "message": "Invalid customer.",
    }


def test_guest_can_read_itself(client, guest_token):
    import jwt

    sub = jwt.decode(guest_token, options={"verify_signature": False})["sub"]
    import json

    customer_id = json.loads(sub)["customer_info"]["customer_id"]

    response = client.call("GET", f"customers/{customer_id}", token=guest_token)

    assert response.status_code == 200
    assert response.json()["auth_type"] == "guest"


def test_invalid_expand_value(client, customer, token):
    response = client.call("GET", f"customers/{customer.customer_id}?expand=orders", token=token)

    assert response.status_code == 400
    fault = response.json()["fault"]
    assert fault["type"] == "InvalidExpandValueException"
    assert fault["arguments"] == {"expandValue": "orders"}


# --- PATCH -------------------------------------------------------------------------------


def test_patch_updates_only_what_is_sent(client, make_customer):
    customer = make_customer(first_name="John", custom={"origin": "webshop", "tier": "gold"})
    token = login(client)
    state = client.call("GET", f"customers/{customer.customer_id}", token=token).json()[
        "_resource_state"
    ]

    response = client.call(
        "PATCH",
        f"customers/{customer.customer_id}",
        {
            "_resource_state": state,
            "email": "new@example.com",
            "fax": "+49 03641 78393 343",
            "c_origin": "app",
            "c_tier": None,
        },
        token=token,
    )

    assert response.status_code == 200
    body = response.json()
    assert body["email"] == "new@example.com"
    assert body["fax"] == "+49 03641 78393 343"
    assert body["first_name"] == "John"
    assert body["c_origin"] == "app"
    assert "c_tier" not in body
    customer.refresh_from_db()
    assert customer.email == "new@example.com"
    assert customer.custom == {"origin": "app"}


def test_patch_ignores_read_only_properties(client, customer, token):
    response = client.call(
        "PATCH",
        f"customers/{customer.customer_id}",
        {"customer_no": "1", "customer_id": "x", "creation_date": "2000-01-01T00:00:00.000Z"},
        token=token,
    )

    assert response.status_code == 200
    customer.refresh_from_db()
    assert customer.customer_no == response.json()["customer_no"] != "1"


def test_patch_with_an_invalid_email(client, customer, token):
    response = client.call(
        "PATCH", f"customers/{customer.customer_id}", {"email": "nope"}, token=token
    )

    assert response.status_code == 400
    assert fault_type(response) == "InvalidEmailException"
    customer.refresh_from_db()
    assert customer.email == "jsmith@example.com"


def test_patch_can_change_the_login_but_not_to_a_taken_one(client, customer, token, make_customer):
    make_customer(login="taken")

    taken = client.call(
        "PATCH", f"customers/{customer.customer_id}", {"login": "TAKEN"}, token=token
    )
    renamed = client.call(
        "PATCH", f"customers/{customer.customer_id}", {"login": "johnny"}, token=token
    )

    assert taken.status_code == 400
    assert fault_type(taken) == "LoginAlreadyInUseException"
    assert renamed.status_code == 200
    customer.refresh_from_db()
    assert customer.login == "johnny"


def test_patch_unknown_customer_under_a_jwt_is_an_invalid_customer(client, token):
    response = client.call("PATCH", "customers/unknown", {"first_name": "X"}, token=token)

    assert response.status_code == 400
    assert fault_type(response) == "InvalidCustomerException"


def test_patch_other_customer(client, customer, make_customer):
    other = make_customer(login="other")
    token = login(client)

    response = client.call(
        "PATCH", f"customers/{other.customer_id}", {"first_name": "X"}, token=token
    )

    assert response.status_code == 400
    assert fault_type(response) == "InvalidCustomerException"
    other.refresh_from_db()
    assert other.first_name == ""


# --- concurrency (PostgreSQL) ------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent connections")
def test_concurrent_registrations_get_distinct_numbers_and_one_login(live_server, site):
    import json
    import urllib.error
    import urllib.request

    from shopsite.api.models import ApiClient

    app = ApiClient.objects.create(name="Load test")
    base = live_server.url + api_url("")

    def post(path, body, token=None):
        request = urllib.request.Request(
            base + path,
            data=json.dumps(body).encode(),
            method="POST",
            headers={"Content-Type": "application/json", "x-dw-client-id": app.client_id},
        )
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(request) as response:
                return response.status, json.loads(response.read()), response.headers
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read()), error.headers

    tokens = [
        post("customers/auth", {"type": "guest"})[2]["Authorization"].removeprefix("Bearer ")
        for _ in range(8)
    ]
    results = []

    def worker(index, token):
        login = "same-login" if index < 4 else f"login-{index}"
        results.append(post("customers", with_customer(login=login), token)[:2])

    threads = [threading.Thread(target=worker, args=(i, t)) for i, t in enumerate(tokens)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    ok = [body for status, body in results if status == 200]
    refused = [body for status, body in results if status != 200]
    assert len(ok) == 5  # one "same-login" and the four distinct ones
    assert {body["fault"]["type"] for body in refused} == {"LoginAlreadyInUseException"}
    numbers = [body["customer_no"] for body in ok]
    assert len(set(numbers)) == 5
    assert Customer.objects.filter(login="same-login").count() == 1
