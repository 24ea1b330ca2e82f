"""SCAPI and SLAS in the OpenAPI schema, beside OCAPI (``shopsite.api.schema``).

A SCAPI view is its OCAPI view behind ``ScapiViewMixin``, so drf-spectacular reads the same
serializers and the same annotations for it (``annotate_view`` matches subclasses). What
differs is written once here:

* ``ScapiAutoSchema``: operation ids as commerce-sdk-isomorphic names the methods (each
  view's ``operation_ids``), the ``siteId`` query parameter, the shopper token (SLAS JWT),
  problem details for every error status (SLAS: its OAuth error document), 201 on
  creations, paged results named apart from OCAPI's;
* ``scapi_documents`` (postprocessing): the documents of SCAPI operations in SCAPI's names
  (``shopsite.scapi.names``: camelCase, no ``_v``/``_type``/``_resource_state`` or links),
  as components of their own (``Scapi<Name>``), path parameters in camelCase, unpaged
  results as ``data``/``limit``/``offset``/``total``.
"""

import copy

from django.utils.functional import cached_property
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers

from shopsite.api.schema import BASIC, OcapiAutoSchema, oauth_error_response
from shopsite.scapi import SCAPI_PREFIX, SLAS_PREFIX
from shopsite.scapi.names import (
    META_PROPERTIES,
    QUERY_PARAMETER_NAMES,
    is_custom,
    is_link,
    to_camel,
)
from shopsite.scapi.problems import PROBLEM_MEDIA_TYPE

SHOPPER_TOKEN = "ShopperToken"  # noqa: S105 - a security scheme name
SHOPPER_TOKEN_SCHEME = {
    "type": "http",
    "scheme": "bearer",
    "bearerFormat": "JWT",
    "description": "A SLAS shopper access token (ES256 JWT, verifiable with the jwks "
    "endpoint) from /shopper/auth/v1/organizations/{organizationId}/oauth2/token.",
}
SITE_ID = OpenApiParameter(
    "siteId",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    required=True,
    description="The site (channel), e.g. RefArch.",
)


class ProblemSerializer(serializers.Serializer):
    """RFC 7807 problem details (``shopsite.scapi.problems``)."""

    type = serializers.URLField()
    title = serializers.CharField()
    detail = serializers.CharField()


def problem_response(status: int) -> OpenApiResponse:
    return OpenApiResponse(ProblemSerializer, description="Problem details (RFC 7807).")


class ScapiAutoSchema(OcapiAutoSchema):
    @cached_property
    def is_slas(self) -> bool:
        return self.path.startswith(SLAS_PREFIX)

    def get_operation_id(self):
        action = getattr(self.view, "action", None) or self.method.lower()
        named = getattr(self.view, "operation_ids", {}).get(action)
        return named or super().get_operation_id()

    def _is_create_operation(self):
        return getattr(self.view, "action", None) in getattr(self.view, "created_actions", ())

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        return parameters if self.is_slas else [*parameters, SITE_ID]

    def get_paginated_name(self, serializer_name: str) -> str:
        return f"{serializer_name}Page"

    def error_response(self, status: int) -> OpenApiResponse:
        return oauth_error_response(status) if self.is_slas else problem_response(status)

    def fault_statuses(self) -> list[int]:
        if self.is_slas:
            throttled = bool(getattr(self.view, "throttle_scope", None))
            return [400, 401, 404, *([429] if throttled else [])]
        return sorted({400, 401, 403, 404, 503} | self.request_statuses())

    def get_auth(self):
        super().get_auth()  # registers the shared schemes
        self.registry.register_on_missing(
            ResolvedComponent(
                name=SHOPPER_TOKEN,
                type=ResolvedComponent.SECURITY_SCHEMA,
                object=SHOPPER_TOKEN,
                schema=SHOPPER_TOKEN_SCHEME,
            )
        )
        if self.is_slas:
            return getattr(self.view, "slas_security", [{BASIC: []}, {}])
        return [{SHOPPER_TOKEN: []}]


# --- Postprocessing ------------------------------------------------------------------------
_REF = "#/components/schemas/"
_QUERY_NAMES = {ocapi: scapi for scapi, ocapi in QUERY_PARAMETER_NAMES.items()}


def _camel_path(path: str) -> str:
    parts = path.split("{")
    return parts[0] + "".join(
        "{" + to_camel(part.split("}", 1)[0]) + "}" + part.split("}", 1)[1] for part in parts[1:]
    )


class _Camelizer:
    """Copies the components a SCAPI operation refers to, in SCAPI's names."""

    def __init__(self, components: dict):
        self.components = components
        self.done: dict[str, str] = {}

    def ref(self, name: str) -> str:
        if name.startswith("Scapi"):
            return name
        target = f"Scapi{name}"
        if name not in self.done:
            self.done[name] = target
            self.components[target] = self.schema(copy.deepcopy(self.components[name]))
        return target

    def schema(self, schema):
        if isinstance(schema, list):
            return [self.schema(item) for item in schema]
        if not isinstance(schema, dict):
            return schema
        if "$ref" in schema and schema["$ref"].startswith(_REF):
            return {**schema, "$ref": _REF + self.ref(schema["$ref"][len(_REF) :])}
        result = {}
        for key, value in schema.items():
            if key == "properties" and isinstance(value, dict):
                result[key] = {
                    (name if is_custom(name) else to_camel(name)): self.schema(prop)
                    for name, prop in value.items()
                    if name not in META_PROPERTIES and not is_link(name)
                }
            elif key == "required" and isinstance(value, list):
                kept = [
                    to_camel(name)
                    for name in value
                    if name not in META_PROPERTIES and not is_link(name)
                ]
                if kept:
                    result[key] = kept
            elif key in {"items", "additionalProperties", "allOf", "oneOf", "anyOf", "not"}:
                result[key] = self.schema(value)
            else:
                result[key] = value
        properties = result.get("properties", {})
        if {"count", "data", "total"} <= properties.keys() and "start" not in properties:
            # An unpaged OCAPI result: SCAPI's list shape (ScapiViewMixin.finalize_response).
            result["properties"] = {
                "data": properties["data"],
                "limit": {"type": "integer"},
                "offset": {"type": "integer"},
                "total": {"type": "integer"},
            }
            result["required"] = ["limit", "offset", "total"]
        return result


def scapi_documents(result, generator, request, public):
    components = result.get("components", {}).get("schemas", {})
    camelizer = _Camelizer(components)
    paths = {}
    for path, item in result.get("paths", {}).items():
        if not path.startswith((SCAPI_PREFIX, SLAS_PREFIX)):
            paths[path] = item
            continue
        for operation in item.values():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "path":
                    parameter["name"] = to_camel(parameter["name"])
                elif parameter.get("in") == "query" and path.startswith(SCAPI_PREFIX):
                    name = parameter["name"]
                    parameter["name"] = _QUERY_NAMES.get(name) or to_camel(name)
            if path.startswith(SLAS_PREFIX):
                continue
            for status, response in operation.get("responses", {}).items():
                content = response.get("content", {})
                if status >= "400" and "application/json" in content:
                    response["content"] = {PROBLEM_MEDIA_TYPE: content["application/json"]}
            for body in [
                operation.get("requestBody", {}),
                *operation.get("responses", {}).values(),
            ]:
                for content in body.get("content", {}).values():
                    if "schema" in content:
                        content["schema"] = camelizer.schema(content["schema"])
        paths[_camel_path(path)] = item
    result["paths"] = paths
    return result
