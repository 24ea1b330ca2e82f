"""SCAPI's JSON in and out: the OCAPI JSON parser's limits, then names mapped
(``shopsite.scapi.names``); responses mapped back on the way out."""

from rest_framework.renderers import JSONRenderer

from shopsite.api.parsers import OcapiJSONParser
from shopsite.scapi import names


class ScapiJSONParser(OcapiJSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        return names.to_ocapi(super().parse(stream, media_type, parser_context))


class ScapiJSONRenderer(JSONRenderer):
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return super().render(names.to_scapi(data), accepted_media_type, renderer_context)
