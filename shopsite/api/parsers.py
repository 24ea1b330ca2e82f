"""Request bodies: JSON documents, and nothing that is not a JSON object."""

import json

from rest_framework.parsers import JSONParser

from shopsite.api.faults import MalformedDocument


class OcapiJSONParser(JSONParser):
    """JSON parser whose failures are OCAPI's ``MalformedDocumentException``.

    Every OCAPI request document is an object; an array, a string or a number at the top
    level is as malformed as broken JSON.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", "utf-8")
        try:
            raw = stream.read().decode(encoding)
        except UnicodeDecodeError as exc:
            raise MalformedDocument(reason="the body is not valid UTF-8") from exc
        if not raw.strip():
            return {}
        try:
            data = json.loads(raw)
        except ValueError as exc:
            raise MalformedDocument(reason=f"invalid JSON ({exc})") from exc
        if not isinstance(data, dict):
            raise MalformedDocument(reason="the document must be a JSON object")
        return data
