"""Requests for a ``Host`` this server does not serve, and the health check that ignores it.

Load balancers probe ``/healthz`` by the server's IP address, which is rarely listed in
``ALLOWED_HOSTS``: the probe is answered whatever the ``Host``, before anything reads it.

Any other request for a ``Host`` outside ``ALLOWED_HOSTS`` is refused here, first: a 400
``BadRequestException`` fault document (never Django's HTML page) and one warning line,
instead of Django's ERROR with a traceback for every scanner that hits the server by IP.
"""

import logging

from django.core.exceptions import DisallowedHost

from shopsite import health
from shopsite.api import faults
from shopsite.api.views import fault_http_response

logger = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"


class AllowedHostMiddleware:
    """Answers the health check for any ``Host``; refuses other disallowed hosts."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == HEALTH_PATH:
            return health.healthz(request)
        try:
            request.get_host()
        except DisallowedHost:
            # The raw header, shortened: it is the client's text, not something secret.
            logger.warning(
                "refused a request for a Host outside ALLOWED_HOSTS: %r",
                request.META.get("HTTP_HOST", "")[:100],
            )
            return fault_http_response(
                request,
                faults.BadRequest(reason="the Host header names no host this server serves"),
            )
        return self.get_response(request)
