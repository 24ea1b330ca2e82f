"""Which format answers a request: OCAPI's rule on top of DRF's content negotiation.

"For GET requests, you provide a value for the URL request parameter ``format`` (json,
xml). For POST, PUT, and PATCH requests, you provide a value for the HTTP header
``content-type``. The HTTP header content-type has precedence over the URL request
parameter format." (OCAPI, Resource Data Formats). So a request sending an XML document
gets XML back, a JSON one JSON; otherwise ``format``, then ``Accept`` decide as DRF does.
"""

import re

from rest_framework.negotiation import DefaultContentNegotiation

DOCUMENT_METHODS = frozenset({"POST", "PUT", "PATCH"})
FORMAT_PARAMETER = re.compile(r"(?:^|&)format=([^&]*)")


def body_media_type(request) -> str | None:
    """The media type of the request's document, for a method that sends one."""
    if request.method not in DOCUMENT_METHODS:
        return None
    return request.META.get("CONTENT_TYPE", "").split(";")[0].strip().lower() or None


class OcapiContentNegotiation(DefaultContentNegotiation):
    def select_renderer(self, request, renderers, format_suffix=None):
        sent = body_media_type(request)
        for renderer in renderers:
            if sent == renderer.media_type:
                return renderer, renderer.media_type
        return super().select_renderer(request, renderers, format_suffix)


def wants_xml(request) -> bool:
    """For answers built outside DRF (``handler404``...): whether the client asked for
    XML by ``format``, its document's ``Content-Type`` or an ``Accept`` naming XML before
    JSON. Reads the raw query string: the request may be refused precisely because
    Django could not parse it (too many parameters)."""
    requested = FORMAT_PARAMETER.search(request.META.get("QUERY_STRING", ""))
    if requested:
        return requested.group(1) == "xml"
    accept = request.META.get("HTTP_ACCEPT", "").lower()
    positions = [accept.find(kind) for kind in ("application/xml", "text/xml")]
    xml_at = min((p for p in positions if p >= 0), default=-1)
    json_at = accept.find("application/json")
    return xml_at >= 0 and (json_at < 0 or xml_at < json_at)
