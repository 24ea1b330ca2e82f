"""Request bodies: JSON or XML documents, and nothing that is not an object.

The parsers are the one door every request document passes, so they refuse here what no
endpoint can store or process, in either format: bodies past
``DATA_UPLOAD_MAX_MEMORY_SIZE`` (413), nesting deeper than ``OCAPI["MAX_DOCUMENT_DEPTH"]``
(a recursion bomb otherwise), more values than ``MAX_DOCUMENT_NODES``, an object (list, XML
element) with more than ``MAX_DOCUMENT_MEMBERS`` properties (entries, attributes and
children), a string or a name longer than ``MAX_DOCUMENT_STRING_LENGTH`` or
``MAX_DOCUMENT_NAME_LENGTH`` characters, ``NaN``,
``Infinity`` and numbers that overflow to them (all ``MalformedDocumentException``), NUL
characters and lone surrogates in any string or property name (PostgreSQL cannot hold
them: ``PropertyConstraintViolationException``). XML is read defused
(``shopsite.api.xml_documents``): a DTD or entity declaration is refused.

The shape limits are counted before or while the document is built, never after an
unbounded tree: XML as libxml2 reads it (a parser target), JSON by a linear pre-scan of its
structure (``count_json_values``) before ``json.loads``; so the work of a refused document
is bounded by the limits, not by what 2.5 MB can hold (100,000 XML attributes once took
minutes).
"""

import json
import math
import re

from django.conf import settings
from rest_framework.parsers import BaseParser, JSONParser

from shopsite.api import xml_documents
from shopsite.api.faults import (
    MalformedDocument,
    PropertyConstraintViolation,
    RequestEntityTooLarge,
)
from shopsite.api.limits import DocumentLimits, forbidden_character


def _refuse_constant(name):
    raise ValueError(f"{name} is not a JSON number")


def _finite_float(text):
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"the number {text[:20]} is out of range")
    return value


def read_body(stream, parser_context) -> bytes:
    """The body, at most ``DATA_UPLOAD_MAX_MEMORY_SIZE`` bytes (DRF reads the raw stream
    and would otherwise never apply Django's limit)."""
    maximum = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if maximum is None:
        return stream.read()
    request = (parser_context or {}).get("request")
    declared = request.META.get("CONTENT_LENGTH") if request is not None else None
    if declared and declared.isdigit() and int(declared) > maximum:
        raise RequestEntityTooLarge(maximum=str(maximum))
    raw = stream.read(maximum + 1)
    if len(raw) > maximum:
        raise RequestEntityTooLarge(maximum=str(maximum))
    return raw


def check_document(data, limits: DocumentLimits) -> None:
    """Walk the parsed document (iteratively: it may be deep) for its shape and characters.

    Too deep, too many values or members, a string or a name too long is a malformed
    document; a string no column can hold is a constraint violation of the property
    holding it (``customer.c_note``), named without the offending character.
    """
    nodes = 0
    pending = [(data, 1, ())]
    while pending:
        value, depth, path = pending.pop()
        nodes += 1
        if nodes > limits.nodes:
            raise MalformedDocument(reason=f"it holds more than {limits.nodes} values")
        if isinstance(value, dict | list):
            if depth > limits.depth:
                raise MalformedDocument(reason=f"nested deeper than {limits.depth} levels")
            if len(value) > limits.members:
                raise MalformedDocument(
                    reason=f"an object or list has more than {limits.members} entries"
                )
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, child in items:
                child_path = (*path, str(key))
                if isinstance(key, str):
                    check_string(key, child_path, limits.name_length, "a property name")
                pending.append((child, depth + 1, child_path))
        elif isinstance(value, str):
            check_string(value, path, limits.string_length, "a string")


def check_string(text: str, path: tuple[str, ...], maximum: int, what: str) -> None:
    if len(text) > maximum:
        raise MalformedDocument(reason=f"{what} is longer than {maximum} characters")
    if problem := forbidden_character(text):
        if what == "a property name":
            problem = f"its name is invalid: {problem}"
        raise unstorable(path, problem)


#: A JSON string, escapes included (the unrolled form: linear, no backtracking).
JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')


def count_json_values(text: str) -> int:
    """How many values a JSON text holds, at most, counted without parsing it.

    Every value but the first of an object or list follows a comma, and every object and
    list opens with a bracket; with the strings taken out (their commas and brackets are
    text), commas plus opening brackets plus one bounds the values. Linear, in C (``re``
    and ``str.count``), so a body is sized before ``json.loads`` builds anything.
    """
    structure = JSON_STRING.sub("", text)
    return structure.count(",") + structure.count("[") + structure.count("{") + 1


def unstorable(path: tuple[str, ...], problem: str) -> PropertyConstraintViolation:
    name = ".".join(path) or "document"
    printable = name.encode("utf-8", "replace").decode().replace("\x00", "")
    return PropertyConstraintViolation(property=printable, reason=problem)


def read_text(stream, parser_context) -> str:
    """The body as text (OCAPI speaks UTF-8 only), within the size limit."""
    encoding = (parser_context or {}).get("encoding", "utf-8")
    try:
        return read_body(stream, parser_context).decode(encoding)
    except UnicodeDecodeError as exc:
        raise MalformedDocument(reason="the body is not valid UTF-8") from exc


class OcapiJSONParser(JSONParser):
    """JSON parser whose failures are OCAPI's ``MalformedDocumentException``.

    Every OCAPI request document is an object; an array, a string or a number at the top
    level is as malformed as broken JSON.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        raw = read_text(stream, parser_context)
        if not raw.strip():
            return {}
        limits = DocumentLimits.from_settings()
        if count_json_values(raw) > limits.nodes:
            raise MalformedDocument(reason=f"it holds more than {limits.nodes} values")
        try:
            data = json.loads(raw, parse_constant=_refuse_constant, parse_float=_finite_float)
        except RecursionError:
            raise MalformedDocument(reason="the document is nested too deeply") from None
        except ValueError as exc:
            raise MalformedDocument(reason=f"invalid JSON ({exc})") from exc
        if not isinstance(data, dict):
            raise MalformedDocument(reason="the document must be a JSON object")
        check_document(data, limits)
        return data


class OcapiXMLParser(BaseParser):
    """``application/xml`` request documents, read defused into the dict their JSON form
    would parse to; the same limits and faults as JSON."""

    media_type = "application/xml"

    def parse(self, stream, media_type=None, parser_context=None):
        raw = read_text(stream, parser_context)
        if not raw.strip():
            return {}
        limits = DocumentLimits.from_settings()
        try:
            data = xml_documents.parse(raw.encode("utf-8"), limits=limits)
        except xml_documents.UnreadableXml as exc:
            raise MalformedDocument(reason=str(exc)) from None
        check_document(data, limits)
        return data


class OcapiTextXMLParser(OcapiXMLParser):
    media_type = "text/xml"
