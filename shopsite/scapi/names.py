"""OCAPI snake_case ↔ SCAPI camelCase: one mapping, derived from the names themselves.

SCAPI's documents are OCAPI's with camelCase property names (``phone_home`` ↔
``phoneHome``, ``payment_instruments`` ↔ ``paymentInstruments``); custom attributes keep
their ``c_`` names and their values are left as they are. OCAPI's meta properties
(``_v``, ``_type``, ``_resource_state``) and its links between documents (``items_link``,
``product_details_link``...: SCAPI documents carry no links) have no SCAPI counterpart and
are dropped.
"""

import re

#: SCAPI query parameters whose OCAPI name is not their snake_case.
QUERY_PARAMETER_NAMES = {"crossSites": "cross-sites"}
META_PROPERTIES = frozenset({"_v", "_type", "_resource_state"})
_UPPER = re.compile(r"(?<=[a-z0-9])([A-Z])")


def is_custom(name: str) -> bool:
    return name.startswith("c_")


def is_link(name) -> bool:
    return isinstance(name, str) and name.endswith("_link")


def to_camel(name: str) -> str:
    if is_custom(name) or "_" not in name.strip("_"):
        return name
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def to_snake(name: str) -> str:
    if is_custom(name):
        return name
    return _UPPER.sub(r"_\1", name).lower()


def _map(document, rename, *, drop_meta: bool):
    if isinstance(document, list):
        return [_map(item, rename, drop_meta=drop_meta) for item in document]
    if not isinstance(document, dict):
        return document
    mapped = {}
    for name, value in document.items():
        if drop_meta and (name in META_PROPERTIES or is_link(name)):
            continue
        if isinstance(name, str) and is_custom(name):
            mapped[name] = value  # a custom attribute's value is the client's own JSON
        else:
            key = rename(name) if isinstance(name, str) else name
            mapped[key] = _map(value, rename, drop_meta=drop_meta)
    return mapped


def to_scapi(document):
    """An OCAPI document as SCAPI writes it."""
    return _map(document, to_camel, drop_meta=True)


def to_ocapi(document):
    """A SCAPI request document as the OCAPI serializers read it."""
    return _map(document, to_snake, drop_meta=False)
