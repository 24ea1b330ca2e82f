"""The one exception handler: every error of every view becomes an OCAPI fault document.

Set as ``REST_FRAMEWORK["EXCEPTION_HANDLER"]``. It translates Django's and DRF's own
exceptions (404, 405, parse errors, validation errors, throttling) into the OCAPI fault
types and turns anything unexpected into a 500 fault without a stack trace
(the trace goes to the log, the client gets the fault).
"""

import logging

from django.conf import settings
from django.core.exceptions import (
    BadRequest,
    DisallowedHost,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
)
from django.http import Http404
from rest_framework import exceptions as drf
from rest_framework.response import Response

from shopsite.api import faults

logger = logging.getLogger("shopsite.api")


def _first_error(detail, path=()):
    """The first (property path, ErrorDetail) of a DRF ValidationError's nested detail."""
    if isinstance(detail, dict):
        for key, value in detail.items():
            found = _first_error(value, (*path, str(key)) if key != "non_field_errors" else path)
            if found:
                return found
    elif isinstance(detail, list):
        for index, value in enumerate(detail):
            child_path = path if not isinstance(value, dict | list) else (*path, str(index))
            found = _first_error(value, child_path)
            if found:
                return found
    elif detail is not None:
        return ".".join(path), detail
    return None


def validation_fault(exc: drf.ValidationError) -> faults.OcapiFault:
    found = _first_error(exc.detail)
    if not found:
        return faults.MalformedDocument(reason="invalid document")
    prop, error = found
    reason = str(error)
    return faults.PropertyConstraintViolation(property=prop or "document", reason=reason)


def to_fault(exc: Exception, request=None) -> faults.OcapiFault:
    """Translate any exception into the OCAPI fault a client should see."""
    if isinstance(exc, faults.OcapiFault):
        return exc
    if isinstance(exc, Http404 | drf.NotFound):
        return faults.NotFound()
    if isinstance(exc, drf.MethodNotAllowed):
        return faults.MethodNotAllowed(method=getattr(request, "method", ""))
    if isinstance(exc, drf.ParseError):
        return faults.MalformedDocument(reason=str(exc.detail))
    if isinstance(exc, drf.UnsupportedMediaType):
        return faults.UnsupportedMediaType(mediaType=getattr(request, "content_type", ""))
    if isinstance(exc, drf.NotAcceptable):
        return faults.NotAcceptable()
    if isinstance(exc, drf.Throttled):
        return faults.QuotaExceeded(retryAfter=str(exc.wait or 1))
    if isinstance(exc, RequestDataTooBig):
        return faults.RequestEntityTooLarge(maximum=str(settings.DATA_UPLOAD_MAX_MEMORY_SIZE))
    if isinstance(exc, DisallowedHost):
        return faults.BadRequest(reason="the Host header names no host this server serves")
    if isinstance(exc, SuspiciousOperation | BadRequest):
        # Too many fields, a malformed multipart body...: Django's "bad request", whose
        # message names the limit and nothing secret.
        return faults.BadRequest(reason=str(exc) or "refused")
    if isinstance(exc, drf.ValidationError):
        return validation_fault(exc)
    if isinstance(exc, drf.NotAuthenticated):
        return faults.Unauthorized()
    if isinstance(exc, drf.AuthenticationFailed):
        return faults.InvalidAccessToken()
    if isinstance(exc, PermissionDenied | drf.PermissionDenied):
        return faults.Forbidden()
    if isinstance(exc, drf.APIException) and exc.status_code < 500:
        return faults.OcapiFault(message=str(exc.detail))
    return faults.InternalServerError()


def fault_response(fault: faults.OcapiFault) -> Response:
    headers = {}
    if isinstance(fault, faults.QuotaExceeded):
        headers["Retry-After"] = fault.arguments.get("retryAfter", "1")
    return Response(
        {"_type": "fault", "fault": fault.as_document()},
        status=fault.status_code,
        headers=headers,
    )


def ocapi_exception_handler(exc, context):
    fault = to_fault(exc, context.get("request"))
    if fault.status_code >= 500:
        logger.error("Unhandled error in %s", context.get("view"), exc_info=exc)
    response = fault_response(fault)
    if isinstance(exc, drf.MethodNotAllowed) and context.get("view") is not None:
        response["Allow"] = ", ".join(context["view"].allowed_methods)
    return response
