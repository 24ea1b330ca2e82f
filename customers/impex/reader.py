"""The defused streaming reader: a customer XML file -> ``CustomerRecord``/``Problem``.

Two promises, both needed for files of hundreds of MB from sources one does not control:

* **Constant memory.** lxml's ``iterparse`` builds one ``<customer>`` at a time; once it is
  turned into a record the element is cleared and unlinked from the root, so the tree
  never holds more than the customer being read.
* **Defused.** Customer files never need a DTD, so a document that declares one is refused
  before any of its declarations is read: a first pass over the prolog stops at the
  ``<!DOCTYPE`` itself (or at the root element, the end of the prolog), so no entity is
  ever declared, let alone expanded (billion laughs), and no external entity or DTD is
  fetched (XXE). The refusal is this module's, whatever libxml2's own limits would say
  later. The parser is also told not to resolve entities nor touch the network, and keeps
  libxml2's size limits (``huge_tree`` off), so it does not depend on one check alone.

Problems with one customer are yielded as ``Problem`` with the line of the offending
element and the reading goes on; a broken file (not well-formed, not this format)
raises ``UnreadableFile`` with its line.
"""

from collections.abc import Iterator
from io import SEEK_CUR
from os import PathLike

from lxml import etree

from customers.impex import names
from customers.impex.names import (
    ADDRESS_FIELDS,
    ADDRESS_MAX_LENGTHS,
    CREDENTIAL_FIELDS,
    CUSTOMER_MAX_LENGTHS,
    DEFAULT_LANG,
    GUEST_ID_MAX_LENGTH,
    IGNORED_CREDENTIALS,
    PROFILE_FIELDS,
    TEXT,
    local_name,
    tag,
)
from customers.impex.records import (
    AddressRecord,
    BadCustomer,
    CustomerRecord,
    ForeignHash,
    PlainPassword,
    Problem,
    UnreadableFile,
)
from customers.impex.values import check_text, parse, parse_boolean
from shopsite.api.xml_documents import DEFUSED

ROOT_TAGS = [tag(name) for name in sorted(names.ROOT_ELEMENTS)]
CUSTOMER = tag("customer")
CREDENTIALS = tag("credentials")
PROFILE = tag("profile")
ADDRESSES = tag("addresses")
ADDRESS = tag("address")
PASSWORD = tag("password")
CUSTOM_ATTRIBUTES = tag("custom-attributes")
CUSTOM_ATTRIBUTE = tag("custom-attribute")
VALUE = tag("value")
#: Qualified tag -> (model field, kind): one lookup per element, no string building.
PROFILE_TAGS = {tag(name): spec for name, spec in PROFILE_FIELDS.items()}
ADDRESS_TAGS = {tag(name): spec for name, spec in ADDRESS_FIELDS.items()}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: The first pass reads the prolog in chunks of this size, and no more than the limit.
PROLOG_CHUNK = 16 * 1024
PROLOG_LIMIT = 1024 * 1024


def read_customers(source) -> Iterator[CustomerRecord | Problem]:
    """Records and problems, in file order. ``source`` is a path or a binary file."""
    source = _refuse_a_dtd(source)
    etree.clear_error_log()  # libxml2's log is per thread: start from this file's errors
    events = etree.iterparse(
        source,
        events=("start", "end"),
        # Only the root and customers come up to Python: the parser builds each customer's
        # subtree in C, and the loop runs twice per customer instead of per element.
        tag=[*ROOT_TAGS, CUSTOMER],
        **DEFUSED,
    )
    root = None
    try:
        for event, element in events:
            if root is None:
                root = element.getroottree().getroot()
                _check_document(root)
            if event != "end" or element.tag != CUSTOMER or element.getparent() is not root:
                continue
            yield _record_or_problem(element)
            # Done with this customer (and anything before it, a header): forget them.
            element.clear()
            while element.getprevious() is not None:
                del root[0]
    except etree.XMLSyntaxError as exc:
        line, message = _first_error(exc)
        raise UnreadableFile(f"line {line}: not well-formed XML: {message}") from None
    if root is None:  # no customer, and a root other than ours
        _check_document(events.root)


class _Prolog:
    """lxml parser target that ends the first pass at a DOCTYPE or at the root element."""

    saw_doctype = False

    def doctype(self, name, public_id, system_url):
        self.saw_doctype = True
        raise _PrologRead

    def start(self, tag, attrib, nsmap=None):
        raise _PrologRead

    def end(self, tag):
        pass

    def data(self, data):
        pass

    def close(self):
        return None


class _PrologRead(Exception):
    """The first pass has seen what it looks for: stop feeding."""


class _Replay:
    """A binary stream that reads ``head`` again before the rest of ``stream``: how a
    stream that cannot seek (standard input) is read twice, prolog first."""

    def __init__(self, head: bytes, stream):
        self.head, self.stream = head, stream

    def read(self, size=-1):
        if not self.head:
            return self.stream.read(size)
        size = len(self.head) if size is None or size < 0 else size
        chunk, self.head = self.head[:size], self.head[size:]
        return chunk


def _refuse_a_dtd(source):
    """Read the prolog alone and refuse a document that declares a DTD; return the source
    to read in full (the same path, the same stream rewound, or a replay of it).

    libxml2 reports a DOCTYPE to a parser target as soon as it reads its name, before any
    declaration inside it, so an entity bomb or an external DTD is refused here without
    being parsed at all, whatever libxml2's own limits would later say. Reading stops at
    the root element: it costs the prolog, at most ``PROLOG_LIMIT`` bytes (past that, the
    parser options and ``_check_document`` still refuse a DTD).
    """
    prolog = _Prolog()
    parser = etree.XMLParser(target=prolog, **DEFUSED)
    stream = open(source, "rb") if isinstance(source, str | PathLike) else source  # noqa: SIM115
    head = b""
    try:
        while len(head) < PROLOG_LIMIT and (chunk := stream.read(PROLOG_CHUNK)):
            head += chunk
            try:
                parser.feed(chunk)
            except _PrologRead:
                break
            except etree.XMLSyntaxError:
                break  # not well-formed: the full reading reports it with its line
    finally:
        if stream is not source:
            stream.close()
    if prolog.saw_doctype:
        at = head.find(b"<!DOCTYPE")
        line = head.count(b"\n", 0, at) + 1 if at >= 0 else 1
        raise UnreadableFile(
            f"line {line}: the document declares a DTD; customer files have none, "
            "and its entities could expand without bound or read other files, so it is refused"
        )
    if stream is not source:
        return source
    if stream.seekable():
        stream.seek(-len(head), SEEK_CUR)
        return stream
    return _Replay(head, stream)


def _first_error(exc: etree.XMLSyntaxError) -> tuple[int, str]:
    """libxml2's own first complaint: the exception's summary can point at line 0."""
    for entry in exc.error_log:
        if entry.level >= etree.ErrorLevels.ERROR and entry.line:
            return entry.line, entry.message
    return (exc.lineno or 0), exc.msg


def _check_document(root) -> None:
    docinfo = root.getroottree().docinfo
    if docinfo.internalDTD is not None or docinfo.doctype:
        raise UnreadableFile(
            f"line {root.sourceline}: the document declares a DTD; customer files have none, "
            "and its entities could expand without bound or read other files, so it is refused"
        )
    if root.tag not in ROOT_TAGS:
        raise UnreadableFile(
            f"line {root.sourceline}: the root element is {root.tag}, not "
            f"<customers> in the namespace {names.NAMESPACE}"
        )


def _record_or_problem(element) -> CustomerRecord | Problem:
    customer_no = (element.get("customer-no") or "").strip()
    try:
        return _customer(element, customer_no)
    except BadCustomer as exc:
        return Problem(customer_no, exc.line or element.sourceline, exc.message)


def _customer(element, customer_no: str) -> CustomerRecord:
    if not customer_no:
        raise BadCustomer("missing customer-no attribute", element.sourceline)
    if len(customer_no) > CUSTOMER_MAX_LENGTHS["customer_no"]:
        raise BadCustomer("customer-no is too long", element.sourceline)
    record = CustomerRecord(customer_no=customer_no, line=element.sourceline)
    unknown = {}
    credentials = None
    for child in element:
        if child.tag == CREDENTIALS:
            credentials = child
        elif child.tag == PROFILE:
            _profile(child, record, unknown)
        elif child.tag == ADDRESSES:
            record.addresses = _addresses(child)
        else:
            _keep_unknown(child, unknown)
    if credentials is None:
        _guest(record)
    else:
        _credentials(credentials, record, unknown)
    record.custom = {**unknown, **record.custom}
    return record


def _guest(record: CustomerRecord) -> None:
    """Without credentials a customer is a guest, known by its customer id (shopsite
    exports guests with their id as the number)."""
    if len(record.customer_no) > GUEST_ID_MAX_LENGTH or not record.customer_no.isalnum():
        raise BadCustomer("missing <credentials> (a guest's customer-no must be its customer id)")
    record.is_guest = True


def _credentials(element, record: CustomerRecord, unknown: dict) -> None:
    for child in element:
        name = local_name(child.tag)
        if child.tag == PASSWORD:
            record.password = _password(child)
        elif child.tag == tag(name) and name in CREDENTIAL_FIELDS:
            field, kind = CREDENTIAL_FIELDS[name]
            _set_value(record.values, child, field, kind, CUSTOMER_MAX_LENGTHS)
        elif child.tag != tag(name) or name not in IGNORED_CREDENTIALS:
            _keep_unknown(child, unknown)
    record.login = record.values.pop("login", None)
    if not record.login:
        raise BadCustomer("missing login", element.sourceline)


def _password(element) -> PlainPassword | ForeignHash | None:
    text = _text(element)
    if not text:
        return None
    # Without the attribute the text may well be a hash: treating it as a password would
    # let anyone holding the old system's data log in with the hash itself.
    if (element.get("encrypted") or "true").strip() == "false":
        return PlainPassword(text)
    return ForeignHash(element.get("encryptionScheme") or "unknown")


def _profile(element, record: CustomerRecord, unknown: dict) -> None:
    record.custom = _fields(element, PROFILE_TAGS, CUSTOMER_MAX_LENGTHS, record.values, unknown)


def _fields(element, by_tag: dict, max_lengths: dict, values: dict, unknown: dict) -> dict:
    """Read a profile's or an address's children into ``values`` (model field -> value)
    and ``unknown``; return its custom attributes."""
    custom = {}
    for child in element:
        spec = by_tag.get(child.tag)
        if spec is not None:
            _set_value(values, child, spec[0], spec[1], max_lengths)
        elif child.tag == CUSTOM_ATTRIBUTES:
            custom = _custom_attributes(child)
        else:
            _keep_unknown(child, unknown)
    return custom


def _addresses(element) -> list[AddressRecord]:
    addresses, seen, preferred = [], set(), None
    for child in element:
        if child.tag != ADDRESS:
            raise BadCustomer(f"<addresses> holds <{local_name(child.tag)}>", child.sourceline)
        address = _address(child)
        if address.address_id in seen:
            raise BadCustomer(f"duplicate address id '{address.address_id}'", child.sourceline)
        seen.add(address.address_id)
        if address.preferred:
            if preferred is not None:
                raise BadCustomer(
                    f"addresses '{preferred}' and '{address.address_id}' are both preferred",
                    child.sourceline,
                )
            preferred = address.address_id
        addresses.append(address)
    return addresses


def _address(element) -> AddressRecord:
    address_id = (element.get("address-id") or "").strip()
    if not address_id:
        raise BadCustomer("an address without address-id", element.sourceline)
    if len(address_id) > ADDRESS_MAX_LENGTHS["address_id"]:
        raise BadCustomer("address-id is too long", element.sourceline)
    preferred = element.get("preferred")
    try:
        preferred = None if preferred is None else parse_boolean(preferred.strip())
    except ValueError as exc:
        raise BadCustomer(f"address '{address_id}': preferred: {exc}", element.sourceline) from None
    address = AddressRecord(address_id=address_id, line=element.sourceline, preferred=preferred)
    unknown = {}
    custom = _fields(element, ADDRESS_TAGS, ADDRESS_MAX_LENGTHS, address.values, unknown)
    address.custom = {**unknown, **custom}
    return address


def _custom_attributes(element) -> dict:
    """``attribute-id`` -> a text, a list (``<value>`` children: multi-value), or a dict
    language -> value when some values carry ``xml:lang`` (localized attributes)."""
    by_id: dict[str, dict] = {}
    for child in element:
        if child.tag != CUSTOM_ATTRIBUTE:
            raise BadCustomer(
                f"<custom-attributes> holds <{local_name(child.tag)}>", child.sourceline
            )
        attribute_id = (child.get("attribute-id") or "").strip()
        if not attribute_id:
            raise BadCustomer("a custom attribute without attribute-id", child.sourceline)
        lang = child.get(XML_LANG) or DEFAULT_LANG
        languages = by_id.setdefault(attribute_id, {})
        if lang in languages:
            raise BadCustomer(f"custom attribute '{attribute_id}' given twice", child.sourceline)
        if len(child):
            languages[lang] = [_text(value) for value in child.iterchildren(VALUE)]
        else:
            languages[lang] = _text(child)
    return {
        attribute_id: languages[DEFAULT_LANG] if list(languages) == [DEFAULT_LANG] else languages
        for attribute_id, languages in by_id.items()
    }


def _keep_unknown(element, unknown: dict) -> None:
    """An element the format summary does not list is kept as a custom attribute named
    after it rather than dropped: its text, or its XML when it has children."""
    if len(element):
        value = etree.tostring(element, encoding="unicode", with_tail=False).strip()
    else:
        value = _text(element)
    if value:
        unknown[local_name(element.tag)] = value


def _text(element) -> str:
    if len(element):
        raise BadCustomer(
            f"<{local_name(element.tag)}> must hold text, not elements", element.sourceline
        )
    return (element.text or "").strip()


def _set_value(values: dict, element, field: str, kind: str, max_lengths: dict) -> None:
    text = _text(element)
    if not text:
        return
    try:
        value = parse(kind, text)
        if kind == TEXT:
            value = check_text(field, value, max_lengths.get(field))
    except ValueError as exc:
        raise BadCustomer(f"<{local_name(element.tag)}>: {exc}", element.sourceline) from None
    values[field] = value
