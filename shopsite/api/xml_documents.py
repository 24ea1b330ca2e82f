"""OCAPI documents as XML: "Formats: json, xml" on every endpoint.

Neither the resource documentation nor the swagger spells out an XML form (the swagger
has no ``xml`` objects), so the mapping follows Swagger 2.0's defaults for a spec
without them, which keeps the XML a one-to-one image of the JSON document:

* the root element is named for the document's ``_type`` (``<customer>``, ``<fault>``,
  ``<customer_address_result>``; ``<document>`` for one without);
* every property is a child element of the same name, in the JSON document's order;
  underscore properties (``_v``, ``_type``, ``_resource_state``) are attributes of the
  element of the document they describe, at every level;
* a list is unwrapped, as Swagger 2.0 does by default: one element per entry, each
  named for the property (``<data _type="customer_address">…</data><data>…</data>``);
* ``c_*`` custom attributes are elements like any other property; a name that is not
  an XML name (a client may store ``c_my attribute``) is written
  ``<property name="c_my attribute">…</property>``;
* ``true``/``false`` and numbers are element text; characters XML 1.0 cannot carry
  (control characters other than tab and newlines) are replaced by U+FFFD.

Reading is **defused**: a request document never needs a DTD, so one that declares a
DTD or an entity is refused before libxml2 sees it (no billion laughs, no external
entity, no network), and the parser is also told not to resolve entities, not to load
DTDs, not to touch the network and to keep libxml2's size limits, as
``customers.impex.reader`` does. Element text carries no JSON type: it is read as
``XmlText``, a ``str`` that the strict serializer fields convert when their property is
a number or a boolean (``<gender>1</gender>``), while string properties keep it as is
(``<postal_code>01234</postal_code>``).
"""

import re

from lxml import etree

NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*$")
# XML 1.0 characters: tab, newlines, and everything from space on but surrogates and
# U+FFFE/U+FFFF.
NOT_XML_CHARACTER = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
GENERIC_PROPERTY = "property"
#: What a request document may not contain: a DTD, and with it any entity declaration.
DECLARATIONS = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


#: lxml options of every XML reader of the project (request documents, customer imports):
#: no entity resolved, no DTD loaded, no network, libxml2's size limits kept.
DEFUSED = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "huge_tree": False,
    "remove_comments": True,
    "remove_pis": True,
}


class XmlText(str):
    """Text of an XML element: a string whose JSON type the reading field decides."""

    __slots__ = ()


INTEGER = re.compile(r"^[+-]?\d{1,20}$")
NUMBER = re.compile(r"^[+-]?(\d{1,20}(\.\d{0,20})?|\.\d{1,20})([eE][+-]?\d{1,3})?$")


def typed(value, kind: type):
    """``value`` as ``kind`` (``int``, ``float``, ``bool``) when it is element text that
    reads as one (``"2"``, ``"1.5"``, ``"true"``); anything else unchanged, for the
    field to refuse as it refuses a JSON value of the wrong type."""
    if not isinstance(value, XmlText):
        return value
    text = value.strip()
    if kind is bool:
        return {"true": True, "false": False}.get(text, value)
    if kind is int:
        return int(text) if INTEGER.match(text) else value
    if kind is float:
        if INTEGER.match(text):
            return int(text)
        return float(text) if NUMBER.match(text) else value
    return value


class UnreadableXml(ValueError):
    """The body is not a document this API reads; the message says why."""


# --- writing -------------------------------------------------------------------------------


def render(document: dict) -> bytes:
    root_name = document.get("_type") if isinstance(document.get("_type"), str) else None
    root = _element(root_name if root_name and NAME.match(root_name) else "document")
    _fill(root, document)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _element(name: str, parent=None):
    if NAME.match(name):
        return etree.Element(name) if parent is None else etree.SubElement(parent, name)
    element = etree.SubElement(parent, GENERIC_PROPERTY)
    element.set("name", _text(name))
    return element


def _fill(element, value) -> None:
    if isinstance(value, dict):
        for name, child in value.items():
            if name.startswith("_") and not isinstance(child, dict | list) and NAME.match(name):
                element.set(name, _text(child))
            elif isinstance(child, list):
                for entry in child:
                    _fill(_element(name, element), entry)
            elif child is not None:
                _fill(_element(name, element), child)
    elif value is not None:
        element.text = _text(value)


def _text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return NOT_XML_CHARACTER.sub("\ufffd", str(value))


# --- reading -------------------------------------------------------------------------------


def parse(raw: bytes, *, max_depth: int) -> dict:
    """The request document ``raw`` holds, as the dict its JSON form would parse to."""
    if DECLARATIONS.search(raw):
        raise UnreadableXml(
            "the document declares a DTD or an entity; request documents have none, and "
            "entities could expand without bound or read other files"
        )
    parser = etree.XMLParser(dtd_validation=False, **DEFUSED)
    try:
        root = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as exc:
        raise UnreadableXml(f"not well-formed XML ({exc.msg})") from None
    docinfo = root.getroottree().docinfo
    if docinfo.internalDTD is not None or docinfo.doctype:
        raise UnreadableXml("the document declares a DTD")
    return _object(root, max_depth)


def _object(root, max_depth: int) -> dict:
    """Iteratively (a document may be deep): elements with children or attributes become
    objects, others text; a name repeated among siblings becomes a list."""
    document: dict = {}
    pending = [(root, document, 1)]
    while pending:
        element, target, depth = pending.pop()
        if depth > max_depth:
            raise UnreadableXml(f"nested deeper than {max_depth} levels")
        for name, value in _own_attributes(element).items():
            target[name] = XmlText(value)
        repeated: set[str] = set()
        for child in element:
            if "}" in child.tag:
                raise UnreadableXml("namespaced elements are not part of OCAPI documents")
            name = child.get("name") if child.tag == GENERIC_PROPERTY else child.tag
            if name is None:
                raise UnreadableXml("a <property> element needs a name attribute")
            if len(child) or _own_attributes(child):
                value: dict | XmlText = {}
                pending.append((child, value, depth + 1))
            else:
                value = XmlText(child.text or "")
            if name not in target:
                target[name] = value
            elif name in repeated:
                target[name].append(value)
            else:
                target[name] = [target[name], value]
                repeated.add(name)
    return document


def _own_attributes(element) -> dict:
    """An element's attributes, but the ``name`` of a generic ``<property>``."""
    if element.tag == GENERIC_PROPERTY:
        return {name: value for name, value in element.attrib.items() if name != "name"}
    return dict(element.attrib)
