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

from django.http.request import HttpHeaders

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


def _headers(request) -> list[tuple[str, str]]:
    """The request's headers as (``META`` key, value): ``request.headers``' selection,
    without building its mapping (a per-request cost on every API call)."""
    return [
        (key, value)
        for key, value in request.META.items()
        if key.startswith("HTTP_") or key in HttpHeaders.UNPREFIXED_HEADERS
    ]


def unstorable_input(request) -> tuple[str, str] | None:
    """``(what, why)`` of the first value of the request no column can store, or ``None``.

    Nearly every request is clean: all its values are checked at once, joined, and only a
    request that fails that is searched value by value; only then is the culprit named."""
    candidates = [("path", None, request.path)]  # (kind, name, value)
    for key, texts in request.GET.lists():
        candidates += [("query parameter", key, text) for text in (key, *texts)]
    candidates += [("header", key, value) for key, value in _headers(request)]
    if "HTTP_COOKIE" in request.META:  # unquoting may make characters the header lacks
        candidates += [("cookie", name, value) for name, value in request.COOKIES.items()]
    login = _basic_login(request.META.get("HTTP_AUTHORIZATION", ""))
    candidates.append(("Basic login", None, login))
    # Joined by a newline: no NUL or unpaired surrogate is made or hidden by joining.
    if forbidden_character("\n".join(value for _, _, value in candidates)) is None:
        return None
    for kind, name, value in candidates:
        problem = forbidden_character(value)
        if problem:
            if kind == "header":
                name = HttpHeaders.parse_header_name(name)
            return (kind if name is None else f"{kind} {name!r}"), problem
    return None


def oversized_request(request) -> str | None:
    """Why the request is larger than any API request need be, or ``None``."""
    maximum = limit("MAX_URL_LENGTH")
    if len(request.get_full_path()) > maximum:
        return f"the path and query string are longer than {maximum} characters"
    headers = _headers(request)
    maximum = limit("MAX_REQUEST_HEADERS")
    if len(headers) > maximum:
        return f"it has more than {maximum} headers"
    maximum = limit("MAX_HEADER_LENGTH")
    for key, value in headers:
        name = HttpHeaders.parse_header_name(key)
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
