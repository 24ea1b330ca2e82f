"""Size and shape limits on what a client may send, read from ``settings.OCAPI``.

One place holds every bound the API enforces before the database sees a value, so a new
endpoint inherits them: the parser limits the JSON document, the serializer base limits
strings, numbers and ``c_*`` custom attributes, the input guard rejects characters no
database column can hold. Each bound is a setting with a default (README, "Security").
"""

from django.conf import settings

DEFAULTS = {
    # Nesting of objects and arrays in a request document (a deeper one is malformed).
    "MAX_DOCUMENT_DEPTH": 32,
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
