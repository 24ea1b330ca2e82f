"""The OCAPI envelope every resource shares: URLs, `_v`/`_type`, faults, client id, headers."""

import json

import pytest

from shopsite.api.hooks import registry
from shopsite.api.models import ApiClient, Site
from tests.conftest import api_url


def fault_of(response):
    body = response.json()
    assert body["_type"] == "fault"
    assert set(body) == {"_v", "_type", "fault"}
    return body["fault"]


def test_document_carries_version_and_type(client, customer, token):
    response = client.call("GET", f"customers/{customer.customer_id}", token=token)

    assert response.status_code == 200
    body = response.json()
    assert list(body)[:3] == ["_v", "_resource_state", "_type"]
    assert body["_v"] == "19.5"
    assert body["_type"] == "customer"
    assert response["Content-Type"] == "application/json;charset=UTF-8"


def test_v20_4_is_an_alias_answering_with_its_own_version(client, customer, token):
    response = client.call("GET", f"customers/{customer.customer_id}", token=token, version="v20_4")

    assert response.status_code == 200
    assert response.json()["_v"] == "20.4"
    assert response.json()["customer_id"] == customer.customer_id


def test_empty_properties_are_omitted(client, customer, token):
    body = client.call("GET", f"customers/{customer.customer_id}", token=token).json()

    assert "first_name" not in body  # blank in the database
    assert "birthday" not in body  # null in the database
    assert None not in body.values()
    assert "" not in body.values()


def test_unknown_site_is_a_site_not_found_fault(client):
    response = client.call("POST", "customers/auth", {"type": "guest"}, site="NoSuchSite")

    assert response.status_code == 404
    fault = fault_of(response)
    assert fault["type"] == "SiteNotFoundException"
    assert fault["arguments"] == {"siteId": "NoSuchSite"}


def test_offline_site_is_refused(client):
    Site.objects.create(site_id="Closed", is_online=False)

    response = client.call("POST", "customers/auth", {"type": "guest"}, site="Closed")

    assert response.status_code == 503
    assert fault_of(response)["type"] == "SiteOfflineException"


@pytest.mark.parametrize(
    "path",
    [
        "/s/SiteGenesis/dw/shop/v19_5/no/such/resource",
        "/s/SiteGenesis/dw/shop/v19_5/customers/abc/unknown",
        "/s/SiteGenesis/dw/shop/v99_9/customers/auth",
        "/s/SiteGenesis/whatever",
    ],
)
def test_unknown_path_is_a_404_fault_not_an_html_page(client, path):
    response = client.post(path, data="{}", content_type="application/json")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert fault_of(response)["type"] == "ResourcePathNotFoundException"


def test_wrong_method_is_a_405_fault(client, customer, token):
    response = client.call("PUT", f"customers/{customer.customer_id}", {}, token=token)

    assert response.status_code == 405
    fault = fault_of(response)
    assert fault["type"] == "MethodNotAllowedException"
    assert fault["arguments"] == {"method": "PUT"}
    assert "PATCH" in response["Allow"]


@pytest.mark.parametrize("body", ['{"type": "guest"', "[1, 2]", '"guest"', "\xff\xfe"])
def test_malformed_json_is_a_malformed_document_fault(client, body):
    response = client.call("POST", "customers/auth", body)

    assert response.status_code == 400
    assert fault_of(response)["type"] == "MalformedDocumentException"


def test_wrong_property_type_names_the_property(client, customer, token):
    response = client.call(
        "PATCH", f"customers/{customer.customer_id}", {"first_name": 42}, token=token
    )

    assert response.status_code == 400
    fault = fault_of(response)
    assert fault["type"] == "PropertyConstraintViolationException"
    assert fault["arguments"]["property"] == "first_name"
    customer.refresh_from_db()
    assert customer.first_name == ""


def test_wrong_enum_value_names_the_property(client, customer, token):
    response = client.call("PATCH", f"customers/{customer.customer_id}", {"gender": 3}, token=token)

    assert response.status_code == 400
    assert fault_of(response)["arguments"]["property"] == "gender"


def test_unknown_property_is_refused(client, customer, token):
    response = client.call(
        "PATCH", f"customers/{customer.customer_id}", {"favourite_colour": "red"}, token=token
    )

    assert response.status_code == 400
    fault = fault_of(response)
    assert fault["type"] == "UnknownPropertyException"
    assert fault["arguments"] == {"property": "favourite_colour", "document": "customer"}


def test_unsupported_media_type(client):
    response = client.post(api_url("customers/auth"), data="type=guest", content_type="text/plain")

    assert response.status_code == 415
    assert fault_of(response)["type"] == "UnsupportedMediaTypeException"


def test_missing_client_id_is_refused(client):
    response = client.post(
        api_url("customers/auth"),
        data=json.dumps({"type": "guest"}),
        content_type="application/json",
        HTTP_X_DW_CLIENT_ID="",
    )

    assert response.status_code == 400
    assert fault_of(response)["type"] == "MissingClientIdException"


@pytest.mark.parametrize("active", [True, False])
def test_unknown_or_inactive_client_id_is_refused(client, active):
    inactive = ApiClient.objects.create(name="Retired", is_active=False)
    client_id = inactive.client_id if not active else "0000-unknown"

    response = client.call(
        "POST", "customers/auth", {"type": "guest"}, headers={"x-dw-client-id": client_id}
    )

    assert response.status_code == 403
    fault = fault_of(response)
    assert fault["type"] == "ClientAccessForbiddenException"
    assert fault["arguments"] == {"clientId": client_id}


def test_client_id_query_parameter_is_accepted(client, api_client_app):
    response = client.post(
        api_url("customers/auth") + f"?client_id={api_client_app.client_id}",
        data=json.dumps({"type": "guest"}),
        content_type="application/json",
        HTTP_X_DW_CLIENT_ID="",
    )

    assert response.status_code == 200
    assert response.json()["auth_type"] == "guest"


def test_http_method_override_is_honoured(client, customer, token):
    response = client.call(
        "POST",
        f"customers/{customer.customer_id}",
        {"first_name": "Johnny"},
        token=token,
        headers={"x-dw-http-method-override": "PATCH"},
    )

    assert response.status_code == 200
    assert response.json()["first_name"] == "Johnny"
    customer.refresh_from_db()
    assert customer.first_name == "Johnny"


def test_illegal_http_method_override_is_refused(client, customer, token):
    response = client.call(
        "POST",
        f"customers/{customer.customer_id}",
        {},
        token=token,
        headers={"x-dw-http-method-override": "GET"},
    )

    assert response.status_code == 400
    fault = fault_of(response)
    assert fault["type"] == "IllegalHttpMethodOverrideException"
    assert fault["arguments"] == {"method": "GET"}


def test_responses_are_not_cacheable(client, customer, token):
    ok = client.call("GET", f"customers/{customer.customer_id}", token=token)
    failed = client.call("GET", "customers/unknown", token=token)

    for response in (ok, failed):
        assert response["Cache-Control"] == "max-age=0,no-cache,no-store,must-revalidate"
        assert response["Expires"] == "Thu, 01-Jan-1970 00:00:00 GMT"


@pytest.fixture
def exploding_hook():
    def explode(*args):
        raise RuntimeError("secret internal detail")

    registry.register("dw.ocapi.shop.customer.afterPATCH", explode)
    yield
    registry.unregister("dw.ocapi.shop.customer.afterPATCH", explode)


def test_unexpected_error_is_a_500_fault_without_trace_and_rolls_back(
    client, customer, token, exploding_hook, caplog
):
    response = client.call(
        "PATCH", f"customers/{customer.customer_id}", {"first_name": "Changed"}, token=token
    )

    assert response.status_code == 500
    fault = fault_of(response)
    assert fault["type"] == "InternalServerErrorException"
    assert "secret internal detail" not in response.content.decode()
    assert "Traceback" not in response.content.decode()
    customer.refresh_from_db()
    assert customer.first_name == ""  # the update was rolled back
    assert "secret internal detail" in caplog.text  # ...and logged for the operators


@pytest.mark.parametrize(
    ("method", "path", "status"), [("DELETE", "customers/auth", 204), ("POST", "sessions", 204)]
)
def test_client_id_can_come_from_the_customer_token(client, token, method, path, status):
    # The Shop API spec secures these two with the JWT alone; the JS client sends no client id.
    response = client.call(method, path, token=token, headers={"x-dw-client-id": ""})

    assert response.status_code == status


def test_client_id_from_a_token_must_still_be_an_active_client(client, token):
    for api_client in ApiClient.objects.all():  # as the admin does: saved, so caches drop it
        api_client.is_active = False
        api_client.save()

    response = client.call("DELETE", "customers/auth", token=token, headers={"x-dw-client-id": ""})

    assert response.status_code == 403
    assert fault_of(response)["type"] == "ClientAccessForbiddenException"
