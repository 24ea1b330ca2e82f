"""Schemathesis drives a live shopsite from its own OpenAPI schema (``/api/schema/``).

Every operation gets a bounded number of generated requests (``MAX_EXAMPLES``, a fixed
seed: the same requests on every run), sent with a real site, API client and customer
token, and each answer must be no server error, a status the schema documents for the
operation, in the documented media type and matching the documented document or fault.
Run it alone after a merge that changes documents or views:

    .venv/bin/python -m pytest tests/test_schemathesis.py -q
"""

import pytest
import schemathesis
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from customers import tokens
from customers.models import Customer
from shopsite.api.models import ApiClient, Site
from shopsite.demo.management.commands import load_demo_data

#: Generated requests per operation and mode (40 operations, two modes: about two
#: minutes on the 2-core development machine).
MAX_EXAMPLES = 25
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
SITE = "SiteGenesis"


def operation_labels() -> list[str]:
    """``METHOD /path`` of every operation, from the schema the server serves."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return [
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method in operations
        if method != "parameters"
    ]


@pytest.fixture(scope="module")
def api_schema(live_server, django_db_blocker):
    # Once for the module; the request may touch the database (the cache table).
    with django_db_blocker.unblock():
        return schemathesis.openapi.from_url(f"{live_server.url}/api/schema/")


@pytest.fixture
def seeded(transactional_db):
    """A site, a storefront client and a registered customer with orders and a token, as
    headers."""
    site = Site.objects.create(site_id=SITE, name="Site Genesis")
    client = ApiClient.objects.create(name="Storefront")
    customer = Customer.objects.create_registered(
        site, "Str0ng!Passw0rd", login="jsmith", email="jsmith@example.com", last_name="Smith"
    )
    # Whole order documents (addresses, payments, shipments...) for the orders listing.
    load_demo_data.Command().demo_orders(customer)
    headers = {
        "x-dw-client-id": client.client_id,
        "Authorization": f"Bearer {tokens.issue(customer, client.client_id)}",
    }
    return {"site_id": SITE, "customer_id": customer.customer_id, "headers": headers}


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
@pytest.mark.parametrize("label", operation_labels())
def test_api_answers_as_its_schema_says(label, mode, api_schema, seeded, live_server):
    """Valid requests (positive) and requests breaking the schema (negative: wrong types,
    missing properties, out-of-range parameters) alike get a documented answer."""
    operation = api_schema.find_operation_by_label(label)
    # The seeded site and customer, so that requests get past the site and customer
    # checks and reach the documents; ids below the customer stay generated.
    fixed = {"site_id": seeded["site_id"], "customer_id": seeded["customer_id"]}
    path_parameters = {
        name: value for name, value in fixed.items() if "{" + name + "}" in operation.path
    }

    @given(case=operation.as_strategy(mode, path_parameters=path_parameters))
    @settings(
        max_examples=MAX_EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def answers_as_documented(case):
        case.call_and_validate(base_url=live_server.url, headers=seeded["headers"], checks=CHECKS)

    answers_as_documented()
