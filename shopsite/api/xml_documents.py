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
``customers.impex.reader`` does. No element tree is built: a parser target makes the
dict as libxml2 reads, counting elements, attributes, text and depth against the
``MAX_DOCUMENT_*`` limits, and stops at the first one passed. Element text carries no
JSON type: it is read as ``XmlText``, a ``str`` that the strict serializer fields convert
when their property is a number or a boolean (``<gender>1</gender>``), while string
properties keep it as is (``<postal_code>01234</postal_code>``).
"""

import re

from lxml import etree

from shopsite.api.limits import DocumentLimits

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


def parse(raw: bytes, *, limits: DocumentLimits) -> dict:
    """The request document ``raw`` holds, as the dict its JSON form would parse to.

    The dict is built by a parser target while libxml2 reads (``_DocumentBuilder``): no
    element tree is made first, and every element, attribute and character of text is
    counted against ``limits`` as it is read, so a document past them is refused after
    reading at most that much of it, whatever the body holds.
    """
    if DECLARATIONS.search(raw):
        raise UnreadableXml(
            "the document declares a DTD or an entity; request documents have none, and "
            "entities could expand without bound or read other files"
        )
    parser = etree.XMLParser(target=_DocumentBuilder(limits), dtd_validation=False, **DEFUSED)
    try:
        return etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as exc:
        raise UnreadableXml(f"not well-formed XML ({exc.msg})") from None


class _Element:
    """An element being read: its name, its properties (attributes, then children), its
    text. It becomes an object if it has children or attributes, else its text."""

    __slots__ = ("fields", "members", "name", "repeated", "text", "text_length")

    def __init__(self, name: str, fields: dict, members: int):
        self.name = name
        self.fields = fields
        self.members = members  # attributes and children so far; an object if any
        self.repeated: set[str] | None = None
        self.text: list[str] = []
        self.text_length = 0

    def value(self) -> dict | XmlText:
        return self.fields if self.members else XmlText("".join(self.text))

    def add(self, name: str, value) -> None:
        """A child's value; a name repeated among siblings becomes a list."""
        fields = self.fields
        if name not in fields:
            fields[name] = value
        elif self.repeated is not None and name in self.repeated:
            fields[name].append(value)
        else:
            fields[name] = [fields[name], value]
            self.repeated = {name} if self.repeated is None else self.repeated | {name}


class _DocumentBuilder:
    """lxml parser target (``start``/``data``/``end`` as libxml2 reads) building the dict.

    Each callback does work proportional to what it was given, and refuses as soon as a
    limit is passed (an exception here stops libxml2): values in all, attributes plus
    children of one element, characters of one element's text and of a name, depth. The
    callbacks run once per element of a document that may hold ``MAX_DOCUMENT_NODES`` of
    them, hence their terse style.
    """

    def __init__(self, limits: DocumentLimits):
        self.limits = limits
        self.nodes = 0
        self.open: list[_Element] = []
        self.document: dict = {}

    def start(self, tag: str, attrib) -> None:
        limits = self.limits
        self.nodes += 1 + len(attrib) if attrib else 1
        if self.nodes > limits.nodes:
            raise UnreadableXml(f"it holds more than {limits.nodes} elements and attributes")
        if len(tag) > limits.name_length:
            raise UnreadableXml(f"a name is longer than {limits.name_length} characters")
        if "}" in tag:
            raise UnreadableXml("namespaced elements are not part of OCAPI documents")
        fields = self.attributes(attrib) if attrib else {}
        name = tag
        if tag == GENERIC_PROPERTY:
            name = fields.pop("name", None)
            if name is None:
                raise UnreadableXml("a <property> element needs a name attribute")
        open_elements = self.open
        # An element is a level of the document if it has attributes or children: its
        # children are then one level deeper, as the properties of a JSON object are.
        depth = len(open_elements) + 1
        if depth > limits.depth and (depth > limits.depth + 1 or fields):
            raise UnreadableXml(f"nested deeper than {limits.depth} levels")
        if open_elements:
            parent = open_elements[-1]
            parent.members += 1
            if parent.members > limits.members:
                raise UnreadableXml(
                    f"an element has more than {limits.members} attributes and children"
                )
        open_elements.append(_Element(name, fields, len(fields)))

    def attributes(self, attrib) -> dict:
        limits = self.limits
        if len(attrib) > limits.members:
            raise UnreadableXml(f"an element has more than {limits.members} attributes")
        fields = {}
        for name, value in attrib.items():
            if len(name) > limits.name_length:
                raise UnreadableXml(f"a name is longer than {limits.name_length} characters")
            if len(value) > limits.string_length:
                raise UnreadableXml(
                    f"an attribute is longer than {limits.string_length} characters"
                )
            fields[name] = XmlText(value)
        return fields

    def data(self, text: str) -> None:
        element = self.open[-1]
        element.text_length += len(text)
        if element.text_length > self.limits.string_length:
            raise UnreadableXml(
                f"an element's text is longer than {self.limits.string_length} characters"
            )
        element.text.append(text)

    def end(self, tag: str) -> None:
        element = self.open.pop()
        if self.open:
            self.open[-1].add(element.name, element.value())
        elif element.members:
            self.document = element.fields

    def doctype(self, *args) -> None:
        raise UnreadableXml("the document declares a DTD")

    def close(self) -> dict:
        return self.document
