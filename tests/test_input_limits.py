"""The limits behind the generated hostile-input tests, endpoint by endpoint: which fault,
which status, which setting (``OCAPI[...]``, ``DATA_UPLOAD_MAX_MEMORY_SIZE``)."""

import json

import pytest
from django.test import RequestFactory

from customers.models import Customer
from shopsite.api import views
from tests.conftest import api_url

pytest_plugins = ["tests.fixtures_owned"]


def fault_of(response) -> dict:
    assert response["Content-Type"].startswith("application/json")
    return response.json()["fault"]


@pytest.fixture
def patch_customer(client, customer, token):
    def patch(document):
        return client.call("PATCH", f"customers/{customer.customer_id}", document, token=token)

    return patch


def test_start_past_the_spec_maximum_is_a_malformed_parameter(client, customer, token):
    response = client.call(
        "GET", f"customers/{customer.customer_id}/orders?start=9223372036854775808", token=token
    )

    assert response.status_code == 400
    assert fault_of(response)["type"] == "MalformedParameterException"
    assert fault_of(response)["arguments"]["parameter"] == "start"


def test_the_spec_maximum_itself_is_an_empty_page(client, customer, token):
    response = client.call(
        "GET", f"customers/{customer.customer_id}/orders?start=2147483647", token=token
    )

    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_an_email_longer_than_its_column_is_refused(patch_customer, customer):
    response = patch_customer({"email": "a" * 245 + "@example.com"})  # 257 characters

    assert response.status_code == 400
    assert fault_of(response)["type"] == "PropertyConstraintViolationException"
    assert fault_of(response)["arguments"]["property"] == "email"
    customer.refresh_from_db()
    assert customer.email == "jsmith@example.com"


def test_free_text_is_limited_by_a_setting(patch_customer, customer, settings):
    settings.OCAPI = {**settings.OCAPI, "MAX_TEXT_LENGTH": 100}

    assert patch_customer({"note": "n" * 100}).status_code == 200
    response = patch_customer({"note": "n" * 101})

    assert response.status_code == 400
    assert fault_of(response)["arguments"]["property"] == "note"
    assert "100" in fault_of(response)["message"]


def test_a_huge_integer_is_a_constraint_violation(patch_customer):
    response = patch_customer({"gender": 2**63})

    assert response.status_code == 400
    assert fault_of(response)["type"] == "PropertyConstraintViolationException"


def test_custom_attributes_are_limited_in_number_including_stored_ones(
    patch_customer, customer, settings
):
    settings.OCAPI = {**settings.OCAPI, "MAX_CUSTOM_ATTRIBUTES": 3}
    assert patch_customer({"c_a": 1, "c_b": 2, "c_c": 3}).status_code == 200

    response = patch_customer({"c_d": 4})

    assert response.status_code == 400
    assert fault_of(response)["type"] == "PropertyConstraintViolationException"
    assert "at most 3 custom attributes" in fault_of(response)["message"]
    customer.refresh_from_db()
    assert customer.custom == {"a": 1, "b": 2, "c": 3}
    assert patch_customer({"c_a": None, "c_d": 4}).status_code == 200  # replacing is fine


def test_custom_attribute_values_are_limited_in_size(patch_customer, settings):
    settings.OCAPI = {**settings.OCAPI, "MAX_CUSTOM_ATTRIBUTE_SIZE": 20}

    assert patch_customer({"c_small": "s" * 18}).status_code == 200  # 20 as JSON
    response = patch_customer({"c_big": {"list": ["x" * 10, "y" * 10]}})

    assert response.status_code == 400
    assert fault_of(response)["arguments"]["property"] == "c_big"


def test_documents_nested_deeper_than_the_setting_are_malformed(patch_customer, settings):
    settings.OCAPI = {**settings.OCAPI, "MAX_DOCUMENT_DEPTH": 4}

    assert patch_customer({"c_ok": {"a": {"b": 1}}}).status_code == 200
    response = patch_customer({"c_deep": {"a": {"b": {"c": {"d": 1}}}}})

    assert response.status_code == 400
    assert fault_of(response)["type"] == "MalformedDocumentException"


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_non_finite_numbers_are_malformed(patch_customer, customer, constant):
    response = patch_customer(f'{{"c_number": {constant}}}')

    assert response.status_code == 400
    assert fault_of(response)["type"] == "MalformedDocumentException"
    customer.refresh_from_db()
    assert customer.custom == {}


def test_a_body_past_the_upload_limit_is_413(patch_customer, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000

    response = patch_customer({"c_pad": "p" * 1000})

    assert response.status_code == 413
    assert fault_of(response)["type"] == "RequestEntityTooLargeException"
    assert fault_of(response)["arguments"] == {"maximum": "1000"}


def test_a_guest_login_with_a_nul_is_refused_and_stores_no_guest(client):
    response = client.call("POST", "customers/auth", json.dumps({"type": "gu\x00est"}))

    assert response.status_code == 400
    assert fault_of(response)["type"] == "PropertyConstraintViolationException"
    assert fault_of(response)["arguments"]["property"] == "type"
    assert not Customer.objects.exists()


def test_a_nul_in_the_basic_login_is_a_fault(client, customer):
    import base64

    credentials = base64.b64encode(b"jsmith\x00:pw").decode()
    response = client.call(
        "POST",
        "customers/auth",
        {"type": "credentials"},
        headers={"Authorization": f"Basic {credentials}"},
    )

    assert response.status_code == 400
    assert fault_of(response)["type"] == "MalformedParameterException"


def test_a_host_outside_allowed_hosts_gets_a_fault(client, customer):
    api = client.get(api_url("customers/auth"), headers={"Host": "attacker.example"})
    admin = client.get("/admin/login/", headers={"Host": "attacker.example"})

    for response in (api, admin):
        assert response.status_code == 400
        assert fault_of(response)["type"] == "BadRequestException"
        assert "attacker.example" not in response.content.decode()


def test_more_than_the_field_limit_is_a_fault(client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    query = "&".join(f"f{i}=1" for i in range(11))

    response = client.get(api_url(f"customers/auth?{query}"))

    assert response.status_code == 400
    assert fault_of(response)["type"] == "BadRequestException"


@pytest.mark.parametrize("path", ["customers/password_reset", "customers/password/actions/reset"])
def test_options_on_a_view_without_serializer_lists_the_methods(client, path):
    response = client.options(api_url(path))

    assert response.status_code == 204
    assert response["Allow"] == "POST, OPTIONS"
    assert response.content == b""


def test_handler403_answers_api_paths_with_a_fault(db):
    request = RequestFactory().get(api_url("customers/x"))

    response = views.permission_denied(request, PermissionError())

    assert response.status_code == 403
    assert json.loads(response.content)["fault"]["type"] == "ForbiddenException"
