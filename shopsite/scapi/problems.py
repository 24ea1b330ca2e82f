"""SCAPI errors: RFC 7807 problem details (``application/problem+json``).

Every error of a SCAPI view is first the OCAPI fault the shared rules raise (one
translation of Django's and DRF's exceptions: ``shopsite.api.exceptions.to_fault``), then
written as SCAPI writes it: ``type`` a URL naming the error (``CustomerNotFoundException``
→ ``.../errors/customer-not-found``), ``title``, ``detail``, the status, and the fault's
arguments (``customerId``...) as extension members. Same status as OCAPI's.
"""

import logging
import re

from rest_framework import exceptions as drf
from rest_framework.response import Response

from shopsite.api import faults
from shopsite.api.exceptions import to_fault

logger = logging.getLogger("shopsite.scapi")

ERROR_TYPE_BASE = "https://api.commercecloud.salesforce.com/documentation/error/v1/errors/"
PROBLEM_MEDIA_TYPE = "application/problem+json"
_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z0-9]+")


def error_words(fault_type: str) -> list[str]:
    return _WORD.findall(fault_type.removesuffix("Exception"))


def problem_document(fault: faults.OcapiFault) -> dict:
    words = error_words(fault.fault_type)
    document = {
        "type": ERROR_TYPE_BASE + "-".join(word.lower() for word in words),
        "title": " ".join(word[:1].upper() + word[1:] for word in words),
        "detail": fault.message,
    }
    for name, value in fault.arguments.items():
        document.setdefault(name, value)
    return document


def scapi_exception_handler(exc, context):
    fault = to_fault(exc, context.get("request"))
    if fault.status_code >= 500:
        logger.error("Unhandled error in %s", context.get("view"), exc_info=exc)
    headers = {}
    if isinstance(fault, faults.QuotaExceeded):
        headers["Retry-After"] = fault.arguments.get("retryAfter", "1")
    if isinstance(exc, drf.MethodNotAllowed) and context.get("view") is not None:
        headers["Allow"] = ", ".join(context["view"].allowed_methods)
    response = Response(problem_document(fault), status=fault.status_code, headers=headers)
    response.content_type = PROBLEM_MEDIA_TYPE
    return response
