"""shopsite's own OpenAPI schema: valid, complete for a client generator, served publicly
with its docs, and free of internals (see ``shopsite.api.schema``)."""

import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
JS_CLIENT = SEEDS / "customers-api-js-client.txt"
# The JS client's method list, as the published SDK names the operations.
JS_METHODS = {
    "deleteCustomersAuth", "deleteCustomersByIDAddressesByID",
    "deleteCustomersByIDPaymentInstrumentsByID", "deleteCustomersByIDProductListsByID",
    "deleteCustomersByIDProductListsByIDItemsByID", "getCustomersByID",
    "getCustomersByIDAddresses", "getCustomersByIDAddressesByID", "getCustomersByIDBaskets",
    "getCustomersByIDOrders", "getCustomersByIDPaymentInstruments",
    "getCustomersByIDPaymentInstrumentsByID", "getCustomersByIDProductLists",
    "getCustomersByIDProductListsByID", "getCustomersByIDProductListsByIDItems",
    "getCustomersByIDProductListsByIDItemsByID",
    "getCustomersByIDProductListsByIDItemsByIDPurchases",
    "getCustomersByIDProductListsByIDItemsByIDPurchasesByID", "patchCustomersByID",
    "patchCustomersByIDAddressesByID", "patchCustomersByIDProductListsByID",
    "patchCustomersByIDProductListsByIDItemsByID",
    "patchCustomersByIDProductListsByIDItemsByIDPurchasesByID", "postCustomers",
    "postCustomersAuth", "postCustomersAuthTrustedsystem", "postCustomersByIDAddresses",
    "postCustomersByIDAuth", "postCustomersByIDPasswordReset",
    "postCustomersByIDPaymentInstruments", "postCustomersByIDProductLists",
    "postCustomersByIDProductListsByIDItems",
    "postCustomersByIDProductListsByIDItemsByIDPurchases",
    "postCustomersPasswordActionsCreateResetToken", "postCustomersPasswordActionsReset",
    "postCustomersPasswordReset", "putCustomersByIDPassword",
}  # fmt: skip


@pytest.fixture(scope="module")
def schema():
    response = APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200, response.content
    return json.loads(response.content)


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method != "parameters":
                yield path, method, operation


def test_generation_is_valid_without_warnings(tmp_path):
    out = tmp_path / "schema.yaml"
    stderr = io.StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out), stderr=stderr)
    assert out.read_text().startswith("openapi: 3.0.3")
    assert "Warning" not in stderr.getvalue() and "Error" not in stderr.getvalue()


def test_schema_is_served_without_a_client_id_or_token(schema):
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["version"].startswith("19.5")
    yaml = APIClient().get("/api/schema/")
    assert yaml.status_code == 200
    assert yaml["Content-Type"].startswith("application/vnd.oai.openapi")


def test_docs_ui_is_served_from_local_files_not_a_cdn():
    response = APIClient().get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert not re.search(r"https?://(cdn|unpkg|fonts)\.", html)
    bundle = APIClient().get("/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui.css")
    assert bundle.status_code == 200


def test_every_endpoint_is_there_named_as_the_js_client_names_it(schema):
    operation_ids = {operation["operationId"] for _, _, operation in operations(schema)}
    documented = set(
        re.findall(r"^((?:get|post|put|patch|delete)\w+)\(", JS_CLIENT.read_text(), re.M)
    )
    documented = {name for name in documented if not name.endswith("WithHttpInfo")}
    assert documented == JS_METHODS
    assert operation_ids >= JS_METHODS
    assert {"postSessions", "postDwOauth2AccessToken", "postDwOauth2Revoke"} <= operation_ids
    paths = set(schema["paths"])
    assert "/s/{site_id}/dw/shop/v19_5/customers/{customer_id}/auth" in paths
    assert "/dw/oauth2/access_token" in paths
    assert not any(path.startswith(("/admin", "/healthz", "/api/")) for path in paths)


def test_every_shop_operation_documents_its_faults_and_security(schema):
    schemes = schema["components"]["securitySchemes"]
    assert schemes["clientId"] == {
        "type": "apiKey",
        "in": "header",
        "name": "x-dw-client-id",
        "description": schemes["clientId"]["description"],
    }
    assert schemes["customerJWT"]["bearerFormat"] == "JWT"
    assert schemes["basicAuth"]["scheme"] == "basic"
    assert schemes["agentOAuth"]["type"] == "oauth2"
    fault = {"$ref": "#/components/schemas/Fault"}
    for path, method, operation in operations(schema):
        assert operation.get("summary"), (method, path)
        assert operation["security"], (method, path)
        if not path.startswith("/s/"):
            continue
        for status in ("400", "403", "404"):
            content = operation["responses"][status]["content"]["application/json"]
            assert content["schema"] == fault, (method, path, status)
        names = {parameter["name"] for parameter in operation["parameters"]}
        assert {"site_id", "client_id"} <= names, (method, path)
    auth = schema["paths"]["/s/{site_id}/dw/shop/v19_5/customers/auth"]["post"]
    assert {"clientId": [], "basicAuth": []} in auth["security"]
    assert "401" in auth["responses"]
    assert "Authorization" in auth["responses"]["200"]["headers"]
    obo = schema["paths"]["/s/{site_id}/dw/shop/v19_5/customers/{customer_id}/auth"]["post"]
    assert {"clientId": [], "agentOAuth": []} in obo["security"]
    trusted = schema["paths"]["/s/{site_id}/dw/shop/v19_5/customers/auth/trustedsystem"]["post"]
    assert trusted["security"] == [{"basicAuth": []}, {"agentOAuth": []}]


def test_parameters_and_documents_follow_the_views(schema):
    base = "/s/{site_id}/dw/shop/v19_5/customers/{customer_id}"
    params = {
        parameter["name"]: parameter
        for parameter in schema["paths"][f"{base}/orders"]["get"]["parameters"]
    }
    assert {"start", "count", "status", "from", "until", "cross-sites"} <= set(params)
    assert params["count"]["schema"]["maximum"] == 200
    assert params["count"]["schema"]["default"] == 10
    customer = schema["paths"][base]["get"]
    expand = next(p for p in customer["parameters"] if p["name"] == "expand")
    assert expand["schema"]["items"]["enum"] == ["addresses", "paymentinstruments"]
    components = schema["components"]["schemas"]
    document = components["Customer"]["properties"]
    assert document["_type"]["enum"] == ["customer"]
    assert "_resource_state" in document
    assert document["addresses"]["items"]["$ref"] == "#/components/schemas/CustomerAddress"
    # Secrets go in, never out.
    request = components["CustomerPaymentCardRequestRequest"]["properties"]
    assert "number" in request
    assert "number" not in components["PaymentCard"]["properties"]
    # Unpaged results are one document, not an array of them.
    result = schema["paths"][f"{base}/payment_instruments"]["get"]["responses"]["200"]
    ref = result["content"]["application/json"]["schema"]["$ref"]
    assert ref.endswith("/customer_payment_instrument_result")
    assert "start" not in {
        p["name"] for p in schema["paths"][f"{base}/payment_instruments"]["get"]["parameters"]
    }


def test_descriptions_do_not_leak_view_docstrings(schema):
    text = json.dumps(schema)
    # Phrases of view docstrings (internals: transactions, timing, trusted clients' secrets).
    for internal in (
        "Runs outside the request transaction",
        "spends the same hashing time",
        "select_for_update",
        "Answers the token itself",
    ):
        assert internal not in text
    assert "secret" not in text.replace("client_secret", "").replace("id:secret", "")


def test_order_documents_come_from_the_vendored_definitions(schema):
    from customers import order_documents

    components = schema["components"]["schemas"]
    order = components["Order"]["properties"]
    assert order["shipments"]["items"]["$ref"] == "#/components/schemas/order_shipment"
    assert order["billing_address"]["allOf"][0]["$ref"] == "#/components/schemas/order_address"
    shipment = components["order_shipment"]
    assert shipment["properties"]["_type"]["enum"] == ["shipment"]
    vendored = order_documents.definitions()["shipment"]["properties"]
    assert set(shipment["properties"]) == {"_type", *vendored}
    assert shipment["properties"]["shipping_address"]["$ref"] == (
        "#/components/schemas/order_address"
    )
    # The spec's payment_card is not shopsite's PaymentCard: no two components that a
    # client generator would give the same class name.
    assert "order_payment_card" in components
    normalised = [name.replace("_", "").lower() for name in components]
    assert len(normalised) == len(set(normalised))


def test_ocapi_behaviours_every_operation_shares(schema):
    for path, method, operation in operations(schema):
        if not path.startswith("/s/"):
            continue
        parameters = {(p["in"], p["name"]) for p in operation["parameters"]}
        responses = operation["responses"]
        assert {("query", "select"), ("query", "format")} <= parameters, (method, path)
        assert "MalformedSelectorException" in responses["400"]["description"]
        assert "ClientAccessForbiddenException" in responses["403"]["description"]
        for response in (responses["400"], responses.get("200", {})):
            if "content" in response:
                assert {"application/json", "application/xml", "text/xml"} <= set(
                    response["content"]
                ), (method, path)
        if method in ("patch", "put", "delete"):
            assert ("header", "x-dw-resource-state") in parameters, (method, path)
            assert "ResourceStateConflictException" in responses["409"]["description"]
        if method == "get":
            assert ("header", "If-None-Match") in parameters, (method, path)
            assert "content" not in responses["304"]
            assert "ETag" in responses["200"]["headers"]
        if "requestBody" in operation:
            assert {"application/json", "application/xml", "text/xml"} <= set(
                operation["requestBody"]["content"]
            ), (method, path)


def test_answers_require_only_what_a_selection_keeps(schema):
    # select=(data) leaves out a result's count and total: only _v and _type stay.
    components = schema["components"]["schemas"]
    for name in ("PaginatedOrderList", "customer_payment_instrument_result"):
        assert set(components[name].get("required", [])) <= {"_v", "_type"}
    assert components["Fault"]["required"] == ["_type", "_v", "fault"]


# The swagger's basket and order properties (shop-api-20.4.swagger.json, without the
# sandbox's c_* attributes).
SWAGGER_LINE_ITEM_CONTAINER = {
    "adjusted_merchandize_total_tax", "adjusted_shipping_total_tax", "billing_address",
    "bonus_discount_line_items", "channel_type", "coupon_items", "creation_date", "currency",
    "customer_info", "gift_certificate_items", "last_modified", "merchandize_total_tax",
    "notes", "order_price_adjustments", "order_total", "payment_instruments", "product_items",
    "product_sub_total", "product_total", "shipments", "shipping_items", "shipping_total",
    "shipping_total_tax", "source_code", "tax_total", "taxation",
}  # fmt: skip
SWAGGER_BASKET = SWAGGER_LINE_ITEM_CONTAINER | {
    "agent_basket", "basket_id", "inventory_reservation_expiry",
}  # fmt: skip
SWAGGER_ORDER = SWAGGER_LINE_ITEM_CONTAINER | {
    "confirmation_status", "created_by", "customer_name", "export_status",
    "external_order_status", "global_party_id", "order_no", "order_token", "payment_status",
    "shipping_status", "site_id", "status",
}  # fmt: skip


def test_baskets_and_orders_are_whole_documents(schema):
    components = schema["components"]["schemas"]

    assert set(components["Basket"]["properties"]) == {"_v", "_type", *SWAGGER_BASKET}
    assert set(components["Order"]["properties"]) == {"_v", "_type", *SWAGGER_ORDER}
    basket = components["Basket"]["properties"]
    assert basket["shipments"]["items"]["$ref"] == "#/components/schemas/order_shipment"
    assert basket["notes"]["allOf"][0]["$ref"] == "#/components/schemas/order_simple_link"


def test_the_product_resource_is_documented(schema):
    operation = schema["paths"]["/s/{site_id}/dw/shop/v19_5/products/{id}"]["get"]
    parameters = {parameter["name"]: parameter for parameter in operation["parameters"]}

    assert operation["operationId"] == "getProductsByID"
    assert parameters["id"]["schema"]["maxLength"] == 100
    assert {"images", "prices", "availability"} <= set(
        parameters["expand"]["schema"]["items"]["enum"]
        if "items" in parameters["expand"]["schema"]
        else parameters["expand"]["schema"]["enum"]
    )
    assert {"200", "400", "404"} <= set(operation["responses"])
    assert operation["security"] == [{"clientId": []}]
