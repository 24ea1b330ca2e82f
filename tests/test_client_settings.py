"""A client's OCAPI settings document, enforced on HTTP requests: resources and methods,
read and write attributes, cache time, response headers, allowed origins, versions, and the
trusted-system resources."""

import pytest

from customers.models import Customer
from shopsite.api import client_settings
from shopsite.api.models import ApiClient
from tests.conftest import OcapiClient, api_url, login

pytest_plugins = ["tests.fixtures_passwords"]

AUTH = {"resource_id": "/customers/auth", "methods": ["post"]}
SHOP = "https://shop.example.com"


def everything(**extra) -> dict:
    return {"resource_id": "/**", "methods": ["get", "post", "put", "patch", "delete"], **extra}


@pytest.fixture
def configure(api_client_app):
    """``configure(*resources, **client_properties)``: give the test's client a document."""

    def configure(*resources, client=api_client_app, **properties):
        client.ocapi_settings = {"resources": list(resources), **properties}
        client.save()
        return client

    return configure


def forbidden(response, method, path):
    assert response.status_code == 403, response.content
    fault = response.json()["fault"]
    assert fault["type"] == "ClientAccessForbiddenException"
    assert fault["arguments"]["clientId"]
    assert f"may not {method} '{path}'" in fault["message"]
    return fault


def properties(document: dict) -> dict:
    """The document without its meta properties (``_v``, ``_type``, ``_resource_state``)."""
    return {key: value for key, value in document.items() if not key.startswith("_")}


def add_address(client, customer, token, address_id="home"):
    return client.call(
        "POST",
        f"customers/{customer.customer_id}/addresses",
        {"address_id": address_id, "last_name": "Smith", "city": "Boston", "country_code": "US"},
        token=token,
    )


# --- resources and methods --------------------------------------------------------------------


def test_without_a_document_everything_is_allowed(client, customer, token):
    response = client.call("GET", f"customers/{customer.customer_id}", token=token)

    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=0,no-cache,no-store,must-revalidate"


def test_a_single_star_matches_one_segment(client, customer, configure):
    token = login(client)
    configure(AUTH, {"resource_id": "/customers/*", "methods": ["get"]})
    customer_path = f"customers/{customer.customer_id}"

    assert client.call("GET", customer_path, token=token).status_code == 200
    forbidden(
        client.call("GET", f"{customer_path}/addresses", token=token),
        "GET",
        f"/{customer_path}/addresses",
    )


def test_a_double_star_matches_every_path_below(client, customer, configure):
    token = login(client)
    configure(AUTH, {"resource_id": "/customers/*/**", "methods": ["get", "post"]})

    assert add_address(client, customer, token).status_code == 200
    path = f"customers/{customer.customer_id}/addresses/home"
    assert client.call("GET", path, token=token).status_code == 200
    # ...but not the customer itself (** is one or more segments), nor other resources.
    forbidden(
        client.call("GET", f"customers/{customer.customer_id}", token=token),
        "GET",
        f"/customers/{customer.customer_id}",
    )
    forbidden(client.call("POST", "sessions", token=token), "POST", "/sessions")


def test_a_method_outside_the_document_is_refused_and_nothing_is_stored(
    client, customer, configure
):
    token = login(client)
    configure(AUTH, {"resource_id": "/customers/*/addresses", "methods": ["get"]})

    forbidden(
        add_address(client, customer, token), "POST", f"/customers/{customer.customer_id}/addresses"
    )
    assert not customer.addresses.exists()
    listed = client.call("GET", f"customers/{customer.customer_id}/addresses", token=token)
    assert listed.status_code == 200


def test_methods_are_case_insensitive_and_head_goes_with_get(client, customer, configure):
    token = login(client)
    configure(AUTH, {"resource_id": "/customers/*", "methods": ["GET"]})
    path = api_url(f"customers/{customer.customer_id}")

    response = client.head(path, HTTP_AUTHORIZATION=f"Bearer {token}")

    assert response.status_code == 200


def test_the_client_is_checked_before_the_customer_token(client, customer, configure):
    configure(AUTH)

    response = client.call("GET", f"customers/{customer.customer_id}")

    forbidden(response, "GET", f"/customers/{customer.customer_id}")


def test_a_document_without_resources_allows_nothing(client, configure):
    configure()

    forbidden(client.call("POST", "customers/auth", {"type": "guest"}), "POST", "/customers/auth")


def test_the_versions_of_a_resource(client, configure):
    configure({**AUTH, "version_range": {"from": "20.4"}})

    forbidden(client.call("POST", "customers/auth", {"type": "guest"}), "POST", "/customers/auth")
    response = client.call("POST", "customers/auth", {"type": "guest"}, version="v20_4")
    assert response.status_code == 200


def test_options_is_answered_for_a_granted_resource(client, configure):
    configure(AUTH)

    assert client.options(api_url("customers/auth")).status_code == 204
    assert client.options(api_url("sessions")).status_code == 403


def test_an_invalid_stored_document_allows_nothing(client, api_client_app, caplog):
    # Stored around the admin's validation (a shell): refused, never a 500 or "allow all".
    ApiClient.objects.filter(pk=api_client_app.pk).update(ocapi_settings={"resources": 3})

    response = client.call("POST", "customers/auth", {"type": "guest"})

    assert response.status_code == 403
    assert "invalid settings document" in caplog.text


def test_the_document_is_compiled_once_per_cached_client(client, configure, settings, monkeypatch):
    settings.OCAPI = {**settings.OCAPI, "CONTEXT_CACHE_SECONDS": 60}
    configure(AUTH)
    compiled = []
    original = client_settings.compile_client
    monkeypatch.setattr(
        client_settings, "compile_client", lambda doc: compiled.append(doc) or original(doc)
    )

    for _ in range(3):
        assert client.call("POST", "customers/auth", {"type": "guest"}).status_code == 200

    assert len(compiled) == 1


def test_a_saved_document_takes_effect_at_once(client, configure, settings):
    settings.OCAPI = {**settings.OCAPI, "CONTEXT_CACHE_SECONDS": 60}
    assert client.call("POST", "customers/auth", {"type": "guest"}).status_code == 200

    configure({"resource_id": "/sessions", "methods": ["post"]})

    assert client.call("POST", "customers/auth", {"type": "guest"}).status_code == 403


# --- read attributes --------------------------------------------------------------------------


def test_read_attributes_trim_the_document(client, make_customer, configure):
    customer = make_customer(custom={"origin": "web", "loyalty": 3}, first_name="John")
    token = login(client)
    configure(AUTH, everything(read_attributes="(customer_id,email,c_*)"))

    response = client.call("GET", f"customers/{customer.customer_id}", token=token)

    assert response.status_code == 200
    body = response.json()
    assert set(properties(body)) == {
        "customer_id",
        "email",
        "c_origin",
        "c_loyalty",
    }
    assert body["_v"] == "19.5"
    assert body["_type"] == "customer"


def test_read_attributes_reach_into_lists(client, customer, configure):
    token = login(client)
    add_address(client, customer, token)
    configure(
        AUTH,
        everything(),
        {
            "resource_id": "/customers/*/addresses",
            "methods": ["get"],
            "read_attributes": "(count,data.(address_id,city))",
        },
    )

    body = client.call("GET", f"customers/{customer.customer_id}/addresses", token=token).json()

    assert set(body) == {"_v", "_type", "count", "data"}
    assert [properties(address) for address in body["data"]] == [
        {"address_id": "home", "city": "Boston"}
    ]
    assert body["data"][0]["_type"] == "customer_address"


def test_star_keeps_simple_properties_and_exclusions_remove(client, customer, configure):
    token = login(client)
    add_address(client, customer, token)
    configure(AUTH, everything(read_attributes="(*,-total)"))

    body = client.call("GET", f"customers/{customer.customer_id}/addresses", token=token).json()

    assert "data" not in body  # a list of documents is not a simple property
    assert "total" not in body
    assert body["count"] == 1


def test_the_most_specific_entry_decides(client, customer, configure):
    token = login(client)
    configure(
        everything(),  # listed first, and less specific
        {"resource_id": "/customers/*", "methods": ["get"], "read_attributes": "(customer_id)"},
    )

    body = client.call("GET", f"customers/{customer.customer_id}", token=token).json()

    assert set(properties(body)) == {"customer_id"}
    assert body["_type"] == "customer"


def test_a_narrower_entry_is_not_widened_by_a_broader_one(client, customer, configure):
    # The case: /** lists get, the addresses entry only post. The addresses entry
    # decides for the addresses resource: GET is refused, POST allowed; the customer
    # itself (no narrower entry) is still read through /**.
    token = login(client)
    configure(everything(), {"resource_id": "/customers/*/addresses", "methods": ["post"]})
    addresses = f"customers/{customer.customer_id}/addresses"

    forbidden(client.call("GET", addresses, token=token), "GET", f"/{addresses}")
    assert add_address(client, customer, token).status_code == 200
    assert client.call("GET", f"customers/{customer.customer_id}", token=token).status_code == 200
    assert client.call("GET", f"{addresses}/home", token=token).status_code == 200


def test_equally_specific_entries_are_read_together(client, customer, configure):
    # One resource_id split by method (and version), as Business Manager documents do.
    token = login(client)
    resource = "/customers/*/addresses"
    configure(
        AUTH,
        {"resource_id": resource, "methods": ["post"]},
        {"resource_id": resource, "methods": ["get"], "version_range": {"from": "20.4"}},
    )
    addresses = f"customers/{customer.customer_id}/addresses"

    assert add_address(client, customer, token).status_code == 200
    forbidden(client.call("GET", addresses, token=token), "GET", f"/{addresses}")
    assert client.call("GET", addresses, token=token, version="v20_4").status_code == 200


def test_faults_are_never_trimmed(client, customer, configure):
    token = login(client)
    configure(AUTH, everything(read_attributes="(address_id)"))

    response = client.call("GET", f"customers/{customer.customer_id}/addresses/nope", token=token)

    assert response.status_code == 404
    fault = response.json()["fault"]
    assert fault["type"] == "CustomerAddressNotFoundException"
    assert fault["message"]


def test_write_responses_are_trimmed_too(client, customer, configure):
    token = login(client)
    configure(AUTH, everything(read_attributes="(address_id)"))

    response = add_address(client, customer, token)

    assert response.status_code == 200
    assert set(properties(response.json())) == {"address_id"}


# --- write attributes -------------------------------------------------------------------------


def test_a_property_outside_write_attributes_is_refused(client, customer, configure):
    token = login(client)
    configure(AUTH, everything(write_attributes="(first_name,c_*)"))
    path = f"customers/{customer.customer_id}"

    body = {"first_name": "Jo", "email": "x@example.com"}

    response = client.call("PATCH", path, body, token=token)

    assert response.status_code == 403
    fault = response.json()["fault"]
    assert fault["type"] == "ClientAccessForbiddenException"
    assert "'email'" in fault["message"]
    customer.refresh_from_db()
    assert (customer.first_name, customer.email) != ("Jo", "x@example.com")
    allowed = client.call("PATCH", path, {"first_name": "Jo", "c_nick": "J"}, token=token)
    assert allowed.status_code == 200
    customer.refresh_from_db()
    assert customer.first_name == "Jo"


def test_write_attributes_name_the_nested_property(client, customer, configure):
    token = login(client)
    configure(
        AUTH,
        everything(write_attributes="(*,product_list_shipping_address.(address_id),-event)"),
    )
    path = f"customers/{customer.customer_id}/product_lists"

    refused = client.call(
        "POST",
        path,
        {"type": "wish_list", "event": {"type": "wedding"}},
        token=token,
    )
    nested = client.call(
        "POST",
        path,
        {"type": "wish_list", "product_list_shipping_address": {"address_id": "a", "city": "B"}},
        token=token,
    )

    assert refused.status_code == 403
    assert "'event'" in refused.json()["fault"]["message"]
    assert nested.status_code == 403
    assert "'product_list_shipping_address.city'" in nested.json()["fault"]["message"]
    assert not customer.product_lists.exists()


def test_meta_properties_may_always_be_sent(client, customer, configure):
    token = login(client)
    configure(AUTH, everything(write_attributes="(first_name)"))

    response = client.call(
        "PATCH",
        f"customers/{customer.customer_id}",
        {"_v": "19.5", "_type": "customer", "first_name": "Jo"},
        token=token,
    )

    assert response.status_code == 200


# --- cache time, response headers ---------------------------------------------------------------


def test_cache_time_sets_max_age_of_successful_reads(client, customer, configure):
    token = login(client)
    configure(AUTH, everything(cache_time=120))
    path = f"customers/{customer.customer_id}"

    read = client.call("GET", path, token=token)
    written = client.call("PATCH", path, {"first_name": "Jo"}, token=token)
    missing = client.call("GET", f"{path}/addresses/nope", token=token)

    assert read["Cache-Control"] == "max-age=120, private"
    assert "Expires" not in read
    for response in (written, missing):
        assert response["Cache-Control"] == "max-age=0,no-cache,no-store,must-revalidate"
        assert response["Expires"] == "Thu, 01-Jan-1970 00:00:00 GMT"


def test_cache_time_zero_keeps_no_cache(client, customer, configure):
    token = login(client)
    configure(AUTH, everything(cache_time=0))

    response = client.call("GET", f"customers/{customer.customer_id}", token=token)

    assert response["Cache-Control"] == "max-age=0,no-cache,no-store,must-revalidate"


def test_response_headers_are_added(client, configure):
    configure(AUTH, response_headers={"x-foo": "bar", "P3P": 'CP="NOI ADM"'})

    response = client.call("POST", "customers/auth", {"type": "guest"})

    assert response.status_code == 200
    assert response["x-foo"] == "bar"
    assert response["P3P"] == 'CP="NOI ADM"'


# --- CORS -----------------------------------------------------------------------------------


def preflight(client, origin):
    return client.options(
        api_url("customers/auth"),
        HTTP_ORIGIN=origin,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="content-type,x-dw-client-id",
    )


def test_allowed_origins_of_the_document_feed_cors(client, configure, settings):
    settings.OCAPI = {**settings.OCAPI, "CONTEXT_CACHE_SECONDS": 60}
    assert "Access-Control-Allow-Origin" not in preflight(client, SHOP)

    configure(AUTH, allowed_origins=[SHOP, "https://m.example.com/"])

    assert preflight(client, SHOP)["Access-Control-Allow-Origin"] == SHOP
    assert preflight(client, "https://m.example.com")["Access-Control-Allow-Origin"]
    assert "Access-Control-Allow-Origin" not in preflight(client, "https://evil.example.com")
    response = client.call("POST", "customers/auth", {"type": "guest"}, headers={"Origin": SHOP})
    assert response["Access-Control-Allow-Origin"] == SHOP


def test_origins_of_an_inactive_clients_document_are_not_allowed(client, configure, db):
    retired = ApiClient.objects.create(name="Retired", is_active=False)
    configure(AUTH, client=retired, allowed_origins=[SHOP])

    assert "Access-Control-Allow-Origin" not in preflight(client, SHOP)


# --- trusted-system resources -------------------------------------------------------------------

CREATE_RESET_TOKEN = "/customers/password/actions/create_reset_token"
TRUSTED_SYSTEM = "/customers/auth/trustedsystem"


def trusted_call(client, caller, path, body):
    return client.call("POST", path, body, headers={"Authorization": caller.authorization})


@pytest.mark.parametrize(
    ("path", "body"),
    [
        (CREATE_RESET_TOKEN, {"login": "jsmith"}),
        (TRUSTED_SYSTEM, {"login": "jsmith", "client_id": None}),
    ],
)
def test_the_document_grants_the_trusted_resources(
    client, customer, configure, make_api_client, api_client_app, path, body
):
    body = {**body, "client_id": api_client_app.client_id} if "client_id" in body else body
    system = make_api_client("Back end", trusted=False)
    configure({"resource_id": path, "methods": ["post"]}, client=system.client)

    response = trusted_call(client, system, path, body)

    assert response.status_code == 200, response.content


@pytest.mark.parametrize("path", [CREATE_RESET_TOKEN, TRUSTED_SYSTEM])
def test_the_document_denies_the_trusted_resources_to_a_trusted_client(
    client, customer, configure, trusted, path
):
    configure({"resource_id": "/customers/auth", "methods": ["post"]}, client=trusted.client)

    response = trusted_call(client, trusted, path, {"login": "jsmith"})

    forbidden(response, "POST", path)


def test_a_granted_client_still_proves_itself_with_its_secret(
    client, customer, configure, make_api_client
):
    system = make_api_client("Back end", trusted=False)
    configure({"resource_id": CREATE_RESET_TOKEN, "methods": ["post"]}, client=system.client)
    system.secret = "not-the-secret"

    response = trusted_call(client, system, CREATE_RESET_TOKEN, {"login": "jsmith"})

    assert response.status_code == 401
    assert response.json()["fault"]["type"] == "UnauthorizedException"


def test_without_a_document_the_trusted_flag_still_decides(
    client, customer, trusted, make_api_client
):
    untrusted = make_api_client("Storefront B", trusted=False)

    assert trusted_call(client, trusted, CREATE_RESET_TOKEN, {"login": "jsmith"}).status_code == 200
    refused = trusted_call(client, untrusted, CREATE_RESET_TOKEN, {"login": "jsmith"})
    assert refused.status_code == 401


def test_a_public_client_id_alone_never_reaches_a_trusted_resource(client, configure, customer):
    configure(everything())  # grants the path, but the caller proves nothing

    response = client.call("POST", CREATE_RESET_TOKEN, {"login": "jsmith"})

    assert response.status_code == 401
    assert not Customer.objects.filter(password_reset_tokens__isnull=False).exists()


def test_the_demo_client_allows_everything(db, site):
    from django.core.management import call_command

    call_command("load_demo_data", stdout=None)
    demo = OcapiClient("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")

    assert ApiClient.objects.get(client_id=demo.client_id).ocapi_settings["resources"][0] == {
        **everything(),
        "read_attributes": "(**)",
        "write_attributes": "(**)",
        "cache_time": 0,
    }
    token = login(demo, "jsmith", "Demo!Passw0rd")
    customer = Customer.objects.get(login="jsmith", site__site_id="SiteGenesis")
    assert demo.call("GET", f"customers/{customer.customer_id}", token=token).status_code == 200
