"""One structured log line per request, and a request id that ties a request's lines together.

Behind a load balancer a request is followed across app servers by its id: the balancer's
``X-Request-ID`` is kept when it looks like an id (so its logs and ours line up), otherwise
a new one is made. The id is returned in the response's ``X-Request-ID`` and stamped on every
log record written while the request runs (``RequestIdFilter``).

The line carries what an operator needs to read traffic (method, path, status, duration,
client id) and nothing that grants access: no query string (``client_id`` aside, OCAPI puts
nothing secret there, but storefront integrations do), no headers, no body, no token.
"""

import logging
import re
import secrets
import time
from contextvars import ContextVar

REQUEST_ID_HEADER = "X-Request-ID"
_INBOUND_ID = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")

logger = logging.getLogger("shopsite.request")
current_request_id: ContextVar[str] = ContextVar("current_request_id", default="-")


def request_id_for(request) -> str:
    inbound = request.META.get("HTTP_X_REQUEST_ID", "")
    return inbound if _INBOUND_ID.match(inbound) else secrets.token_hex(16)


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record (``-`` outside a request) for the formatters."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id.get()
        return True


class RequestLogMiddleware:
    """Times the request and writes its log line; first in ``MIDDLEWARE`` so it sees all.

    It sits on every request, so it does the least it can: the values come straight from
    ``META`` (no ``request.headers`` mapping built for them), the line's fields are put
    together only when the ``shopsite.request`` logger is on, and formatting is left to
    the one formatter ``LOGGING`` configured at start-up.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request_id_for(request)
        request.request_id = request_id
        reset = current_request_id.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(reset)
        response[REQUEST_ID_HEADER] = request_id
        if logger.isEnabledFor(logging.INFO):
            self.log(request, response, request_id, time.perf_counter() - started)
        return response

    @staticmethod
    def log(request, response, request_id: str, seconds: float) -> None:
        meta = request.META
        client_id = meta.get("HTTP_X_DW_CLIENT_ID") or request.GET.get("client_id", "")
        logger.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "request_id": request_id,
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round(seconds * 1000, 2),
                "client_id": client_id[:64],
                "remote_addr": meta.get("REMOTE_ADDR", ""),
            },
        )
