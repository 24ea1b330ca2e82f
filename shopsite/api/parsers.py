"""Request bodies: JSON or XML documents, and nothing that is not an object.

The parsers are the one door every request document passes, so they refuse here what no
endpoint can store or process, in either format: bodies past
``DATA_UPLOAD_MAX_MEMORY_SIZE`` (413), nesting deeper than ``OCAPI["MAX_DOCUMENT_DEPTH"]``
(a recursion bomb otherwise), ``NaN``,
``Infinity`` and numbers that overflow to them (all ``MalformedDocumentException``), NUL
characters and lone surrogates in any string or property name (PostgreSQL cannot hold
them: ``PropertyConstraintViolationException``). XML is read defused
(``shopsite.api.xml_documents``): a DTD or entity declaration is refused.
"""

import json
import math

from django.conf import settings
from rest_framework.parsers import BaseParser, JSONParser

from shopsite.api import xml_documents
from shopsite.api.faults import (
    MalformedDocument,
    PropertyConstraintViolation,
    RequestEntityTooLarge,
)
from shopsite.api.limits import forbidden_character, limit


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


def check_document(data) -> None:
    """Walk the parsed document (iteratively: it may be deep) for depth and characters.

    Too deep is a malformed document; a string no column can hold is a constraint
    violation of the property holding it (``customer.c_note``), named without the
    offending character.
    """
    max_depth = limit("MAX_DOCUMENT_DEPTH")
    pending = [(data, 1, ())]
    while pending:
        value, depth, path = pending.pop()
        if isinstance(value, dict | list):
            if depth > max_depth:
                raise MalformedDocument(reason=f"nested deeper than {max_depth} levels")
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, child in items:
                child_path = (*path, str(key))
                if isinstance(key, str) and (problem := forbidden_character(key)):
                    raise unstorable(child_path, f"its name is invalid: {problem}")
                pending.append((child, depth + 1, child_path))
        elif isinstance(value, str) and (problem := forbidden_character(value)):
            raise unstorable(path, problem)


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
        try:
            data = json.loads(raw, parse_constant=_refuse_constant, parse_float=_finite_float)
        except RecursionError:
            raise MalformedDocument(reason="the document is nested too deeply") from None
        except ValueError as exc:
            raise MalformedDocument(reason=f"invalid JSON ({exc})") from exc
        if not isinstance(data, dict):
            raise MalformedDocument(reason="the document must be a JSON object")
        check_document(data)
        return data


class OcapiXMLParser(BaseParser):
    """``application/xml`` request documents, read defused into the dict their JSON form
    would parse to; the same limits and faults as JSON."""

    media_type = "application/xml"

    def parse(self, stream, media_type=None, parser_context=None):
        raw = read_text(stream, parser_context)
        if not raw.strip():
            return {}
        try:
            data = xml_documents.parse(raw.encode("utf-8"), max_depth=limit("MAX_DOCUMENT_DEPTH"))
        except xml_documents.UnreadableXml as exc:
            raise MalformedDocument(reason=str(exc)) from None
        check_document(data)
        return data


class OcapiTextXMLParser(OcapiXMLParser):
    media_type = "text/xml"
