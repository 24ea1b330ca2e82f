"""The documents a basket or an order holds beside its totals (billing address, payment
instruments, shipments, shipping items, price adjustments, coupons, notes...), checked and
typed with the Shop API's own definitions. The swagger's ``basket`` and ``order`` name the
same definitions for these properties, so one table (``LISTS``, ``SINGLE``) serves both.

An order is a record of what Commerce Cloud computed at checkout, so shopsite stores each
of these as the JSON document the Shop API defines and returns it as stored. What may be
stored is decided by the swagger's definitions, not by hand-written rules:
``schemas/order_documents.json`` holds the definitions an order's documents use, taken
from ``shop-api-20.4.swagger.json`` by ``definitions_from_swagger`` (a test checks that
the copy matches the spec beside the checkout). Regenerate it with::

    python -m customers.order_documents ../shared/spec/shop-api-20.4.swagger.json

The definitions are closed: a property they do not declare (a typo, an invented name) is
refused, except ``c_*`` custom attributes. Stored documents carry no ``_type``; ``typed``
adds it to every nested document on the way out, from the definition it belongs to.
"""

import copy
import json
import sys
from functools import cache, lru_cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from jsonschema import Draft4Validator

from shopsite.api.countries import COUNTRY_CODES
from shopsite.api.serializers import order_document

SCHEMA_FILE = Path(__file__).resolve().parent / "schemas" / "order_documents.json"

#: Basket and order properties holding a list of documents, with the definition of each
#: element.
LISTS = {
    "bonus_discount_line_items": "bonus_discount_line_item",
    "coupon_items": "coupon_item",
    "gift_certificate_items": "gift_certificate_item",
    "order_price_adjustments": "price_adjustment",
    "payment_instruments": "order_payment_instrument",
    "product_items": "product_item",
    "shipments": "shipment",
    "shipping_items": "shipping_item",
}
#: Basket and order properties holding one document.
SINGLE = {"billing_address": "order_address", "notes": "simple_link"}
#: Constraints of the spec that describe Salesforce's sandbox, not the API: its custom
#: attributes (``c_storePickupEnabled`` required on a shipping method) and its list of
#: countries (``definitions()`` puts every ISO 3166-1 alpha-2 code in its place).
SANDBOX_PROPERTIES = ("c_",)
SANDBOX_ENUMS = frozenset({"country_code"})
#: Keys of the spec that only document (labels, descriptions), dropped from the copy.
DOCUMENTATION_KEYS = ("description", "x-label", "x-enum-labels")


def reachable(definitions: dict, roots) -> list[str]:
    """The names of ``roots`` and of every definition they refer to, directly or not."""
    seen, todo = set(), list(roots)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for prop in definitions[name].get("properties", {}).values():
            ref = prop.get("$ref") or prop.get("items", {}).get("$ref")
            if ref:
                todo.append(ref.rsplit("/", 1)[-1])
    return sorted(seen)


def _strip(schema: dict) -> dict:
    """``schema`` without documentation keys; property names (a property may be called
    ``description``) are kept."""
    stripped = {}
    for key, value in schema.items():
        if key in DOCUMENTATION_KEYS:
            continue
        if key == "properties":
            value = {name: _strip(prop) for name, prop in value.items()}
        elif isinstance(value, dict):
            value = _strip(value)
        stripped[key] = value
    return stripped


def definitions_from_swagger(swagger_definitions: dict) -> dict:
    """The definitions an order's documents use, closed, without the sandbox's custom
    attributes and country list, and without documentation text."""
    closed = {}
    for name in reachable(swagger_definitions, [*LISTS.values(), *SINGLE.values()]):
        definition = _strip(swagger_definitions[name])
        properties = {
            prop: schema
            for prop, schema in definition.get("properties", {}).items()
            if not prop.startswith(SANDBOX_PROPERTIES)
        }
        for prop in SANDBOX_ENUMS & set(properties):
            properties[prop] = {k: v for k, v in properties[prop].items() if k != "enum"}
        required = [p for p in definition.get("required", []) if p in properties]
        closed[name] = {
            "type": "object",
            "properties": properties,
            **({"required": required} if required else {}),
            "additionalProperties": False,
            "patternProperties": {"^c_": {}},
        }
    return closed


@lru_cache(maxsize=1)
def vendored_definitions() -> dict:
    """The definitions as copied from the swagger (``schemas/order_documents.json``)."""
    return json.loads(SCHEMA_FILE.read_text())["definitions"]


@lru_cache(maxsize=1)
def definitions() -> dict:
    """The vendored definitions with shopsite's enumeration of countries where the swagger
    enumerates its sandbox's (``SANDBOX_ENUMS``): ISO 3166-1 alpha-2, the rule customer
    addresses, the import and the admin follow too (``shopsite.api.countries``)."""
    completed = copy.deepcopy(vendored_definitions())
    for definition in completed.values():
        for name in SANDBOX_ENUMS & set(definition["properties"]):
            definition["properties"][name]["enum"] = sorted(COUNTRY_CODES)
    return completed


@cache
def _validator(definition: str, many: bool) -> Draft4Validator:
    ref = {"$ref": f"#/definitions/{definition}"}
    schema = {"type": "array", "items": ref} if many else ref
    return Draft4Validator({**schema, "definitions": definitions()})


def problems(value, definition: str, *, many: bool) -> list[str]:
    """What is wrong with ``value`` as a ``definition`` document (or a list of them)."""
    errors = sorted(
        _validator(definition, many).iter_errors(value), key=lambda e: list(e.absolute_path)
    )
    return [
        f"{'/'.join(map(str, error.absolute_path)) or definition}: {error.message}"
        for error in errors[:5]
    ]


@deconstructible
class DocumentValidator:
    """A model field validator: the value is a ``definition`` document (``many``: a list)."""

    def __init__(self, definition: str, many: bool = False):
        self.definition = definition
        self.many = many

    def __call__(self, value):
        found = problems(value, self.definition, many=self.many)
        if found:
            raise ValidationError(found)

    def __eq__(self, other):
        return isinstance(other, DocumentValidator) and (self.definition, self.many) == (
            other.definition,
            other.many,
        )


def typed(value, definition: str):
    """``value`` with ``_type`` on every document in it, each from its definition, and
    properties in OCAPI's order; empty properties are left out as everywhere else."""
    if isinstance(value, list):
        return [typed(item, definition) for item in value]
    if not isinstance(value, dict):
        return value
    properties = definitions()[definition]["properties"]
    document = {"_type": definition}
    for name, item in value.items():
        if item is None or item == "" or item == [] or item == {}:
            continue
        schema = properties.get(name, {})
        ref = schema.get("$ref") or schema.get("items", {}).get("$ref")
        document[name] = typed(item, ref.rsplit("/", 1)[-1]) if ref else item
    return order_document(document)


def main(argv: list[str]) -> None:
    swagger = json.loads(Path(argv[1]).read_text())
    generated = {
        "source": "shop-api-20.4.swagger.json (customers.order_documents.definitions_from_swagger)",
        "definitions": definitions_from_swagger(swagger["definitions"]),
    }
    sys.stdout.write(json.dumps(generated, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main(sys.argv)
