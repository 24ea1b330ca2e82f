"""Django's error handlers (``handler400``...) for SCAPI and SLAS paths: what Django refuses
before any view (a body past ``DATA_UPLOAD_MAX_MEMORY_SIZE``, too many fields, an unknown
``Host``), and a 500, answered in the surface's error document instead of an HTML page.
Every other path goes to OCAPI's handlers (``shopsite.api.views``)."""

from django.http import JsonResponse

from shopsite.api import faults
from shopsite.api import views as ocapi
from shopsite.api.exceptions import to_fault
from shopsite.scapi import SCAPI_PREFIX, SLAS_PREFIX
from shopsite.scapi.problems import PROBLEM_MEDIA_TYPE, problem_document


def error_response(request, fault: faults.OcapiFault):
    if request.path.startswith(SLAS_PREFIX):
        error = "server_error" if fault.status_code >= 500 else "invalid_request"
        body = {"error": error, "error_description": fault.message}
        return JsonResponse(body, status=fault.status_code)
    return JsonResponse(
        problem_document(fault), status=fault.status_code, content_type=PROBLEM_MEDIA_TYPE
    )


def is_scapi(request) -> bool:
    return request.path.startswith((SCAPI_PREFIX, SLAS_PREFIX))


def bad_request(request, exception=None):
    if not is_scapi(request):
        return ocapi.bad_request(request, exception)
    fault = to_fault(exception, request) if exception else faults.BadRequest(reason="refused")
    return error_response(request, fault)


def permission_denied(request, exception=None):
    if not is_scapi(request):
        return ocapi.permission_denied(request, exception)
    return error_response(request, faults.Forbidden())


def page_not_found(request, exception=None):
    if not is_scapi(request):
        return ocapi.page_not_found(request, exception)
    return error_response(request, faults.ResourcePathNotFound(path=request.path))


def server_error(request):
    if not is_scapi(request):
        return ocapi.server_error(request)
    return error_response(request, faults.InternalServerError())
