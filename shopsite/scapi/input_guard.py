"""The OCAPI input guard (``shopsite.api.input_guard``) at the door of SCAPI and SLAS paths:
a NUL character or a lone surrogate in the path, a query parameter, a header, a cookie or
the HTTP Basic login is refused before any view or database sees it, in each surface's
error document: a problem (Shopper Customers) or an OAuth error (SLAS)."""

from django.http import JsonResponse

from shopsite.api import faults
from shopsite.api.input_guard import unstorable_input
from shopsite.scapi import SCAPI_PREFIX, SLAS_PREFIX
from shopsite.scapi.problems import PROBLEM_MEDIA_TYPE, problem_document


class ScapiInputGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path
        guarded = path.startswith((SCAPI_PREFIX, SLAS_PREFIX))
        found = unstorable_input(request) if guarded else None
        if not found:
            return self.get_response(request)
        what, problem = found
        description = f"The {what} is malformed: {problem}."
        if path.startswith(SLAS_PREFIX):
            body = {"error": "invalid_request", "error_description": description}
            return JsonResponse(body, status=400)
        fault = faults.MalformedParameter(description, parameter=what)
        return JsonResponse(
            problem_document(fault), status=fault.status_code, content_type=PROBLEM_MEDIA_TYPE
        )
