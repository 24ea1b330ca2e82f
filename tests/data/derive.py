"""Derive the published facts the tests check shopsite against, once, into reviewed files.

shopsite follows three public Salesforce documents: the OCAPI Shop API 19.5 "Customers"
resource documentation (its endpoints, their faults and hooks), the API reference of the
`commercecloud-ocapi-client` JavaScript SDK (``CustomersApi``: its methods) and the Shop
API 20.4 swagger the SDK was generated from (its operations and document definitions).
The tests do not read those documents: a clone of shopsite has only these files, derived
from them by this script and reviewed like code::

    python -m tests.data.derive RESOURCE_DOC.txt JS_CLIENT_DOC.txt SWAGGER.json

writes, beside this script:

- ``ocapi_customers_endpoints.json``: the resource's endpoints (method, path), each with
  its documented faults (HTTP status, type) and extension points (hooks);
- ``ocapi_js_client_methods.json``: the SDK's methods with the HTTP method and path of the
  swagger operation of the same name;
- ``shop_api_definitions.json``: the swagger definitions the documents shopsite answers
  are checked against (``tests/test_spec_conformance.py``, and the source of
  ``customers/schemas/order_documents.json``), with what they refer to, without the
  documentation text.

Re-running it on the same documents gives the same files (``git diff`` stays empty).
"""

import argparse
import json
import re
from pathlib import Path

from customers.order_documents import LISTS, SINGLE, _strip, reachable

HERE = Path(__file__).resolve().parent
ENDPOINTS = HERE / "ocapi_customers_endpoints.json"
JS_METHODS = HERE / "ocapi_js_client_methods.json"
DEFINITIONS = HERE / "shop_api_definitions.json"

#: The documents shopsite answers that the conformance tests check, by definition name.
ANSWERED_DOCUMENTS = (
    "baskets_result",
    "customer",
    "customer_address",
    "customer_address_result",
    "customer_order_result",
    "customer_payment_instrument",
    "customer_payment_instrument_result",
    "customer_product_list",
    "customer_product_list_item",
    "customer_product_list_item_purchase",
    "customer_product_list_item_purchase_result",
    "customer_product_list_item_result",
    "customer_product_list_result",
    "reset_password_token_result",
)

URL = re.compile(
    r"^(GET|POST|PUT|PATCH|DELETE) https://hostname:port/dw/shop/v19_5(/\S*?)(\?\S*)?$"
)
FAULT = re.compile(r"^(\d{3}) ([A-Z]\w+)\b")
HOOK = re.compile(r"^(dw\.ocapi\.shop\.[\w.]+)$")
JS_METHOD = re.compile(r"^((?:get|post|put|patch|delete)\w+)\(", re.M)


def endpoints(resource_doc: str) -> list[dict]:
    """Each ``Url`` section of the resource documentation: its method and path, then the
    fault rows of its ``Faults`` table and the extension points of its customization
    table, up to the next ``Url``."""
    found, current, section = [], None, None
    for line in resource_doc.splitlines():
        line = line.strip()
        url = URL.match(line)
        if url:
            current = {"method": url[1], "path": url[2], "faults": [], "hooks": []}
            found.append(current)
            section = None
        elif current is None:
            continue
        elif line in ("Faults", "Customization", "Sample"):
            section = line
        elif section == "Faults" and FAULT.match(line):
            status, fault_type = FAULT.match(line).groups()
            fault = {"status": int(status), "type": fault_type}
            if fault not in current["faults"]:
                current["faults"].append(fault)
        elif section == "Customization" and HOOK.match(line) and line not in current["hooks"]:
            current["hooks"].append(line)
    return found


def js_methods(js_client_doc: str, swagger: dict) -> list[dict]:
    """The SDK's methods (without their ``...WithHttpInfo`` twins), each with the method and
    path of the swagger operation whose ``operationId`` is the method's name."""
    names = {name for name in JS_METHOD.findall(js_client_doc) if not name.endswith("WithHttpInfo")}
    operations = {
        operation["operationId"]: (method.upper(), path)
        for path, item in swagger["paths"].items()
        for method, operation in item.items()
        if isinstance(operation, dict) and "operationId" in operation
    }
    missing = sorted(names - set(operations))
    if missing:
        raise SystemExit(f"no swagger operation for {missing}")
    return [
        {"name": name, "method": operations[name][0], "path": operations[name][1]}
        for name in sorted(names)
    ]


def definitions(swagger: dict) -> dict:
    """The definitions of the answered documents and of an order's documents, with every
    definition they refer to, without documentation keys."""
    roots = [*ANSWERED_DOCUMENTS, *LISTS.values(), *SINGLE.values()]
    return {
        name: _strip(swagger["definitions"][name])
        for name in reachable(swagger["definitions"], roots)
    }


def write(path: Path, source: str, key: str, value) -> None:
    document = {"source": source, key: value}
    path.write_text(json.dumps(document, indent=1, sort_keys=True) + "\n")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("resource_doc", type=Path, help="Shop API 19.5 Customers resource, as text")
    parser.add_argument(
        "js_client_doc", type=Path, help="the JS SDK's CustomersApi reference, as text"
    )
    parser.add_argument("swagger", type=Path, help="shop-api-20.4.swagger.json")
    args = parser.parse_args(argv)
    swagger = json.loads(args.swagger.read_text())

    write(
        ENDPOINTS,
        "OCAPI Shop API 19.5, Customers resource documentation (tests/data/derive.py)",
        "endpoints",
        endpoints(args.resource_doc.read_text()),
    )
    write(
        JS_METHODS,
        "commercecloud-ocapi-client CustomersApi reference, paths from shop-api-20.4.swagger.json "
        "(tests/data/derive.py)",
        "methods",
        js_methods(args.js_client_doc.read_text(), swagger),
    )
    write(
        DEFINITIONS,
        "shop-api-20.4.swagger.json (tests/data/derive.py)",
        "definitions",
        definitions(swagger),
    )


if __name__ == "__main__":
    main()
