"""Which format answers a request: OCAPI's rule on top of DRF's content negotiation.

"For GET requests, you provide a value for the URL request parameter ``format`` (json,
xml). For POST, PUT, and PATCH requests, you provide a value for the HTTP header
``content-type``. The HTTP header content-type has precedence over the URL request
parameter format." (OCAPI, Resource Data Formats). So a request sending an XML document
gets XML back, a JSON one JSON; otherwise ``format``, then ``Accept`` decide as DRF does.
"""

from rest_framework.negotiation import DefaultContentNegotiation

DOCUMENT_METHODS = frozenset({"POST", "PUT", "PATCH"})


def body_format(request) -> str | None:
    """``json`` or ``xml`` when the request carries a document of that type."""
    if request.method not in DOCUMENT_METHODS:
        return None
    content_type = request.META.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
    if content_type in ("application/xml", "text/xml"):
        return "xml"
    if content_type == "application/json":
        return "json"
    return None


class OcapiContentNegotiation(DefaultContentNegotiation):
    def select_renderer(self, request, renderers, format_suffix=None):
        wanted = body_format(request)
        if wanted:
            for renderer in renderers:
                if renderer.format == wanted:
                    return renderer, renderer.media_type
        return super().select_renderer(request, renderers, format_suffix)
