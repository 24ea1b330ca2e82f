"""SLAS errors: the OAuth 2.0 error document SLAS answers with (``Oauth2ErrorResponse`` of
the Shopper Login API: ``error``, ``error_description``), and its HTTP status."""

from rest_framework import exceptions as drf
from rest_framework.response import Response

from shopsite.api import faults


class SlasError(Exception):
    status_code = 400
    error = "invalid_request"

    def __init__(self, description: str, *, error: str | None = None, status: int | None = None):
        super().__init__(description)
        self.description = description
        if error:
            self.error = error
        if status:
            self.status_code = status

    def as_document(self) -> dict:
        return {"error": self.error, "error_description": self.description}


class InvalidRequest(SlasError):
    error = "invalid_request"


class InvalidGrant(SlasError):
    error = "invalid_grant"


class InvalidClient(SlasError):
    """The client's id or secret is wrong, or a private client sent none (401)."""

    status_code = 401
    error = "invalid_client"


class Unauthorized(SlasError):
    """Shopper credentials refused (wrong, unknown, locked or disabled alike), or a bearer
    token that is not a live SLAS token."""

    status_code = 401
    error = "unauthorized"


class UnsupportedGrantType(SlasError):
    error = "unsupported_grant_type"


def to_slas_error(exc: Exception) -> SlasError | None:
    if isinstance(exc, SlasError):
        return exc
    if isinstance(exc, faults.OcapiFault):
        # A shared rule refused (site unknown or offline, client forbidden...): same status.
        return SlasError(exc.message, status=exc.status_code)
    if isinstance(exc, drf.Throttled):
        return SlasError("Too many requests.", error="too_many_requests", status=429)
    if isinstance(exc, drf.ParseError | drf.UnsupportedMediaType):
        return InvalidRequest("The request body is malformed.")
    if isinstance(exc, drf.MethodNotAllowed):
        return SlasError("Method not allowed.", error="method_not_allowed", status=405)
    if isinstance(exc, drf.APIException):
        return SlasError(str(exc.detail), status=exc.status_code)
    return None


def slas_exception_handler(exc, context):
    error = to_slas_error(exc)
    if error is None:
        return None  # a bug: Django's 500 handler (no stack trace to the client)
    response = Response(error.as_document(), status=error.status_code)
    if isinstance(exc, drf.Throttled) and exc.wait:
        response["Retry-After"] = str(int(exc.wait))
    return response
