"""Refuse, at the door of every API path, text that no database column can hold.

A NUL character (``%00``) in a path segment, a query parameter, a header or the HTTP Basic
login makes PostgreSQL raise instead of answering "not found"; a lone surrogate cannot even
be encoded. Views look such values up in the database long before any serializer sees
them, so the check belongs in front of them all: this middleware answers every API request
carrying one with a ``400 MalformedParameterException`` fault, whatever the endpoint.
Request documents are checked by the parser (``shopsite.api.parsers``).
"""

import base64
import binascii

from shopsite.api import faults
from shopsite.api.limits import forbidden_character
from shopsite.api.views import fault_http_response

API_PREFIX = "/s/"


def _basic_login(header: str) -> str:
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic":
        return ""
    try:
        return base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return ""  # malformed credentials are the authenticator's to refuse


def unstorable_input(request) -> tuple[str, str] | None:
    """``(what, why)`` of the first value of the request no column can store, or ``None``."""
    candidates = [("path", request.path)]
    for key, values in request.GET.lists():
        candidates += [(f"query parameter {key!r}", text) for text in (key, *values)]
    candidates += [(f"header {name!r}", value) for name, value in request.headers.items()]
    candidates += [(f"cookie {name!r}", value) for name, value in request.COOKIES.items()]
    candidates.append(("Basic login", _basic_login(request.headers.get("Authorization", ""))))
    for what, value in candidates:
        problem = forbidden_character(value)
        if problem:
            return what, problem
    return None


class InputGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        found = unstorable_input(request) if request.path.startswith(API_PREFIX) else None
        if found:
            what, problem = found
            fault = faults.MalformedParameter(
                f"The {what} is malformed: {problem}.", parameter=what
            )
            return fault_http_response(request, fault)
        return self.get_response(request)
