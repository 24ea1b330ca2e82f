"""The OCAPI envelope: every JSON document starts with ``"_v"``, the API version.

The version comes from the URL (``v19_5`` → ``"19.5"``, ``v20_4`` → ``"20.4"``), so an
alias version answers with its own number. Documents carry their own ``_type``; that is the
job of the serializers (``shopsite.api.serializers.OcapiDocumentSerializer``), because
nested documents have one too.
"""

from rest_framework.renderers import JSONRenderer

DEFAULT_VERSION = "v19_5"


def version_number(url_version: str | None) -> str:
    return (url_version or DEFAULT_VERSION).removeprefix("v").replace("_", ".")


class OcapiJSONRenderer(JSONRenderer):
    charset = "UTF-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, dict) and "_v" not in data:
            request = (renderer_context or {}).get("request")
            data = {"_v": version_number(getattr(request, "version", None)), **data}
        return super().render(data, accepted_media_type, renderer_context)
