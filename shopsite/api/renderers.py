"""The OCAPI envelope: every document starts with ``"_v"``, the API version, in JSON and
in XML alike.

The version comes from the URL (``v19_5`` → ``"19.5"``, ``v20_4`` → ``"20.4"``), so an
alias version answers with its own number. Documents carry their own ``_type``; that is the
job of the serializers (``shopsite.api.serializers.OcapiDocumentSerializer``), because
nested documents have one too.

Each format is chosen by ``Accept``, the ``format`` query parameter (``json``, ``xml``)
or, for a request with a document, its ``Content-Type`` (see
``shopsite.api.negotiation``). XML follows ``shopsite.api.xml_documents``.
"""

from rest_framework.renderers import BaseRenderer, JSONRenderer

from shopsite.api import xml_documents

DEFAULT_VERSION = "v19_5"


def version_number(url_version: str | None) -> str:
    return (url_version or DEFAULT_VERSION).removeprefix("v").replace("_", ".")


def with_version(data, renderer_context) -> dict:
    """``data`` with ``_v`` first, unless it has one (fault documents built outside DRF)."""
    if isinstance(data, dict) and "_v" not in data:
        request = (renderer_context or {}).get("request")
        data = {"_v": version_number(getattr(request, "version", None)), **data}
    return data


class OcapiJSONRenderer(JSONRenderer):
    charset = "UTF-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        data = with_version(data, renderer_context)
        return super().render(data, accepted_media_type, renderer_context)


class OcapiXMLRenderer(BaseRenderer):
    media_type = "application/xml"
    format = "xml"
    charset = "UTF-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        return xml_documents.render(with_version(data, renderer_context))


class OcapiTextXMLRenderer(OcapiXMLRenderer):
    """``Accept: text/xml``, the other XML media type the spec lists."""

    media_type = "text/xml"
