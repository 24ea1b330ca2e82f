"""Refuse, at the door of every API path, text that no database column can hold.

A NUL character (``%00``) in a path segment, a query parameter, a header or the HTTP Basic
login makes PostgreSQL raise instead of answering "not found"; a lone surrogate cannot even
be encoded. Views look such values up in the database long before any serializer sees
them, so the check belongs in front of them all: this middleware answers every API request
carrying one with a ``400 MalformedParameterException`` fault, whatever the endpoint.
Request documents are checked by the parser (``shopsite.api.parsers``).

It refuses first, with a ``400 BadRequestException``, a request larger than an API request
need be: a path and query string past ``OCAPI["MAX_URL_LENGTH"]`` characters (the
longest ``select=``, 2,000 characters, fits percent-encoded), more than
``MAX_REQUEST_HEADERS`` headers, a header past ``MAX_HEADER_LENGTH`` characters.
gunicorn's own limits (``gunicorn.conf.py``) are set just above these so that such a
request reaches the app and gets a fault document rather than the server's HTML page.
"""

import base64
import binascii

from shopsite.api import faults
from shopsite.api.limits import forbidden_character, limit
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


def oversized_request(request) -> str | None:
    """Why the request is larger than any API request need be, or ``None``."""
    maximum = limit("MAX_URL_LENGTH")
    if len(request.get_full_path()) > maximum:
        return f"the path and query string are longer than {maximum} characters"
    headers = request.headers
    maximum = limit("MAX_REQUEST_HEADERS")
    if len(headers) > maximum:
        return f"it has more than {maximum} headers"
    maximum = limit("MAX_HEADER_LENGTH")
    for name, value in headers.items():
        if len(name) + len(value) > maximum:
            return f"the header {name[:50]!r} is longer than {maximum} characters"
    return None


class InputGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        oversized = oversized_request(request)
        if oversized:
            return fault_http_response(request, faults.BadRequest(reason=oversized))
        found = unstorable_input(request)
        if found:
            what, problem = found
            fault = faults.MalformedParameter(
                f"The {what} is malformed: {problem}.", parameter=what
            )
            return fault_http_response(request, fault)
        return self.get_response(request)
