"""SCAPI's JSON in and out: the OCAPI JSON parser's limits, then names mapped
(``shopsite.scapi.names``); responses mapped back on the way out."""

from django.http import QueryDict
from rest_framework.parsers import FormParser
from rest_framework.renderers import JSONRenderer

from shopsite.api.parsers import OcapiJSONParser, read_body
from shopsite.scapi import names


class ScapiJSONParser(OcapiJSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        return names.to_ocapi(super().parse(stream, media_type, parser_context))


class ScapiJSONRenderer(JSONRenderer):
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return super().render(names.to_scapi(data), accepted_media_type, renderer_context)


class BoundedFormParser(FormParser):
    """SLAS's form bodies, within ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (413) and
    ``DATA_UPLOAD_MAX_NUMBER_FIELDS`` like any Django form: DRF's parser reads the whole
    stream, whatever its size."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding", "utf-8")
        return QueryDict(read_body(stream, parser_context), encoding=encoding)
