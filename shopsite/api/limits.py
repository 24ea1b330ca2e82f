"""Size and shape limits on what a client may send, read from ``settings.OCAPI``.

One place holds every bound the API enforces before the database sees a value, so a new
endpoint inherits them: the parser limits the JSON document, the serializer base limits
strings, numbers and ``c_*`` custom attributes, the input guard rejects characters no
database column can hold and requests larger than an API request need be. Each bound is a
setting with a default (README, "Security").
"""

from dataclasses import dataclass

from django.conf import settings

DEFAULTS = {
    # Nesting of objects and arrays in a request document (a deeper one is malformed).
    "MAX_DOCUMENT_DEPTH": 32,
    # The shape of a request document, JSON or XML, counted while it is read so that the
    # parser's work is bounded by these rather than by what the body could hold (2.5 MB):
    # values in all (every object, list, property and entry; in XML every element and
    # attribute), properties of one object or entries of one list (in XML attributes plus
    # child elements of one element), characters of one string or element text, and of
    # one property, element or attribute name (keep the string length above
    # MAX_TEXT_LENGTH, which names the property it refuses).
    "MAX_DOCUMENT_NODES": 10_000,
    "MAX_DOCUMENT_MEMBERS": 1_000,
    "MAX_DOCUMENT_STRING_LENGTH": 65_536,
    "MAX_DOCUMENT_NAME_LENGTH": 256,
    # The request itself, on API paths: characters of the path and query string as sent,
    # headers, characters of one header (name and value). gunicorn.conf.py sets the HTTP
    # server's own limits just above these, so that a request past them reaches the app
    # and is answered with a fault, not the server's HTML page.
    "MAX_URL_LENGTH": 8_000,
    "MAX_REQUEST_HEADERS": 100,
    "MAX_HEADER_LENGTH": 8_000,
    # Values (properties and list entries) a select= selection may keep of an answer; the
    # selection stops with a fault past it rather than build the rest.
    "MAX_SELECTED_VALUES": 100_000,
    # Characters of a string property that has no column length of its own (free text).
    "MAX_TEXT_LENGTH": 4000,
    # c_* custom attributes a document may hold, and the size of each value as JSON.
    "MAX_CUSTOM_ATTRIBUTES": 50,
    "MAX_CUSTOM_ATTRIBUTE_SIZE": 2000,
}

# OCAPI documents integers as 32-bit (``"format": "int32"``, ``maximum: 2147483647``).
INT32_MIN = -(2**31)
INT32_MAX = 2**31 - 1


def limit(name: str) -> int:
    return settings.OCAPI.get(name, DEFAULTS[name])


@dataclass(frozen=True)
class DocumentLimits:
    """The ``MAX_DOCUMENT_*`` limits, read once per request document."""

    depth: int
    nodes: int
    members: int
    string_length: int
    name_length: int

    @classmethod
    def from_settings(cls) -> "DocumentLimits":
        return cls(
            depth=limit("MAX_DOCUMENT_DEPTH"),
            nodes=limit("MAX_DOCUMENT_NODES"),
            members=limit("MAX_DOCUMENT_MEMBERS"),
            string_length=limit("MAX_DOCUMENT_STRING_LENGTH"),
            name_length=limit("MAX_DOCUMENT_NAME_LENGTH"),
        )


def forbidden_character(value: str) -> str | None:
    """Why ``value`` cannot be stored, or ``None``: NUL (no PostgreSQL text holds it) and
    lone surrogates (not encodable as UTF-8) make the database, not the client, fail."""
    if "\x00" in value:
        return "it contains a NUL character"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "it contains an unpaired surrogate"
    return None
