"""shopsite's OpenAPI 3 schema (drf-spectacular): what every OCAPI operation shares.

drf-spectacular reads the operations, path parameters and documents from the views and
their serializers. This module adds what the OCAPI layer does for every resource alike, so
that a resource's own schema module (``customers/schema.py``...) only describes what is
its own (request documents of actions that read them by hand, results built by hand,
query parameters):

* documents: ``_v``, ``_type`` and ``_resource_state`` from ``OcapiDocumentMixin``
  (``OcapiDocumentExtension``), custom ``c_*`` attributes allowed where a document has them;
* faults: the fault document for every error status an operation can answer, with the
  fault types of that status listed from ``shopsite.api.faults`` (``fault_statuses``);
* security: the client id (``x-dw-client-id``), customer JWTs, agents' OAuth tokens, HTTP
  Basic for logins and trusted clients, chosen from the view's permissions (``get_auth``);
* OCAPI status codes: a creation answers 200 with the document, not DRF's 201;
* cross-cutting parameters: ``select`` (property selection) everywhere, the resource
  state (``x-dw-resource-state`` and 409 on PATCH/PUT/DELETE, ``ETag`` on answers,
  ``If-None-Match`` and 304 on GETs); JSON and XML come from the renderers and parsers,
  ``format`` from DRF's format override;
* answers require only ``_v`` and ``_type``, all a selection keeps
  (``selectable_answers``).

The schema is public, like the documentation it mirrors: descriptions come from the
explicit ``description``/``summary`` of annotations, never from view docstrings, which
talk about internals (``OcapiAutoSchema.get_description``).
"""

from collections import defaultdict

from django.utils.functional import cached_property
from drf_spectacular.extensions import OpenApiSerializerExtension, OpenApiViewExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent, build_basic_type
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import serializers
from rest_framework.permissions import AllowAny

from shopsite.api import faults, resource_state
from shopsite.api.authentication import TrustedClientMixin
from shopsite.api.context import CLIENT_ID_HEADER, CLIENT_ID_PARAMETER
from shopsite.api.selection import ALWAYS_KEPT
from shopsite.api.serializers import CUSTOM_PREFIX, OcapiDocumentMixin

API_PREFIX = "/s/"
OAUTH_PREFIX = "/dw/oauth2/"

# --- Security schemes ------------------------------------------------------------------
CLIENT_ID = "clientId"
CUSTOMER_JWT = "customerJWT"
AGENT_OAUTH = "agentOAuth"
BASIC = "basicAuth"

SECURITY_SCHEMES = {
    CLIENT_ID: {
        "type": "apiKey",
        "in": "header",
        "name": CLIENT_ID_HEADER,
        "description": "The API client id (public); the client_id query parameter works too.",
    },
    CUSTOMER_JWT: {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": "A customer token from POST /customers/auth (Authorization response "
        "header), or an agent's on-behalf-of token.",
    },
    AGENT_OAUTH: {
        "type": "oauth2",
        "description": "An OAuth token from POST /dw/oauth2/access_token: a Business Manager "
        "user's (grant urn:demandware:params:oauth:grant-type:client-id:dwsid:dwsecuretoken, "
        "Basic login:password:client_secret) or a trusted client's (client_credentials).",
        "flows": {
            "clientCredentials": {"tokenUrl": "/dw/oauth2/access_token", "scopes": {}},
        },
    },
    BASIC: {
        "type": "http",
        "scheme": "basic",
        "description": "login:password of a customer (credentials login), or "
        "client_id:secret of a trusted API client.",
    },
}


def security(*requirements: tuple[str, ...]) -> list[dict]:
    """``security(("clientId", "basicAuth"), ...)``: alternatives, each scheme of one needed."""
    return [{name: [] for name in requirement} for requirement in requirements]


# --- Documents ---------------------------------------------------------------------------
class FaultDetailSerializer(serializers.Serializer):
    type = serializers.CharField(help_text="The fault type, e.g. CustomerNotFoundException.")
    message = serializers.CharField()
    arguments = serializers.DictField(
        required=False, help_text="Values the message names, by argument name."
    )


class FaultSerializer(serializers.Serializer):
    """The fault document every error of the Shop API answers with."""

    _v = serializers.CharField()
    _type = serializers.ChoiceField(choices=["fault"])
    fault = FaultDetailSerializer()


class OAuthErrorSerializer(serializers.Serializer):
    """RFC 6749 section 5.2 error document of ``/dw/oauth2/``."""

    error = serializers.CharField()
    error_description = serializers.CharField()


#: ``additionalProperties`` of a document with custom attributes.
CUSTOM_ATTRIBUTES = {"description": f"custom attributes, named {CUSTOM_PREFIX}<attribute id>"}


class OcapiDocumentExtension(OpenApiSerializerExtension):
    """Every OCAPI document serializer: its fields, plus the envelope the mixin adds.

    Properties are never required in a response (empty ones are left out), ``_type``
    is the document's own, and documents with custom attributes accept ``c_*``
    properties (open ``additionalProperties``; OpenAPI 3.0 has no name patterns).
    """

    target_class = OcapiDocumentMixin
    match_subclasses = True

    def map_serializer(self, auto_schema, direction):
        schema = auto_schema._map_basic_serializer(self.target, direction)
        properties = schema.setdefault("properties", {})
        serializer = self.target
        if direction == "response":
            envelope = {"_v": build_basic_type(OpenApiTypes.STR)}
            if serializer.document_type:
                envelope["_type"] = {"type": "string", "enum": [serializer.document_type]}
            if serializer.include_resource_state:
                envelope["_resource_state"] = build_basic_type(OpenApiTypes.STR)
            schema["properties"] = {**envelope, **properties}
            schema.pop("required", None)
        if getattr(serializer, "custom_attributes_field", None):
            schema["additionalProperties"] = CUSTOM_ATTRIBUTES
        return schema


def embedded_schema(document_type: str, required=(), **properties) -> dict:
    """The schema of a small document a serializer builds by hand (a link, a product type),
    for ``extend_schema_field``: ``embedded_schema("master", link=URI, master_id=STRING)``."""
    schema = {
        "type": "object",
        "properties": {
            "_type": {"type": "string", "enum": [document_type]},
            **properties,
        },
    }
    if required:
        schema["required"] = list(required)
    return schema


STRING = {"type": "string"}
URI = {"type": "string", "format": "uri"}
BOOLEAN = {"type": "boolean"}
INTEGER = {"type": "integer"}
NUMBER = {"type": "number"}
#: ``link`` and ``title``: the shape of OCAPI's ``*_link`` documents.
LINK = {"link": URI, "title": STRING}


# --- Faults ------------------------------------------------------------------------------
def fault_types_by_status() -> dict[int, list[str]]:
    """Every fault type ``shopsite.api.faults`` declares, by HTTP status."""
    by_status = defaultdict(set)
    for value in vars(faults).values():
        is_fault = isinstance(value, type) and issubclass(value, faults.OcapiFault)
        if is_fault and value is not faults.OcapiFault:
            by_status[value.status_code].add(value.fault_type)
    return {status: sorted(types) for status, types in by_status.items()}


STATUS_DESCRIPTIONS = {
    400: "The request, a parameter or its document is invalid",
    401: "Authentication is missing or failed",
    403: "The client or the principal may not do this",
    404: "The site or a resource in the path was not found",
    406: "The requested format is not served",
    409: "The document changed since it was read",
    413: "The request is too large",
    415: "The request's media type is not accepted",
    429: "Too many requests: retry after Retry-After seconds",
    500: "Internal error",
    503: "The site is offline",
}


def fault_response(status: int) -> OpenApiResponse:
    types = fault_types_by_status().get(status, [])
    description = STATUS_DESCRIPTIONS.get(status, "Fault")
    if types:
        description += " (" + ", ".join(types) + ")"
    return OpenApiResponse(FaultSerializer, description=description + ".")


def oauth_error_response(status: int) -> OpenApiResponse:
    return OpenApiResponse(OAuthErrorSerializer, description="OAuth error document.")


# --- The operations ------------------------------------------------------------------------
def is_open(view) -> bool:
    """Whether the view answers without a customer or agent token."""
    permissions = view.get_permissions()
    return all(isinstance(permission, AllowAny) for permission in permissions)


class OcapiAutoSchema(AutoSchema):
    """drf-spectacular's AutoSchema with the OCAPI layer's conventions (module docstring)."""

    @cached_property
    def is_ocapi(self) -> bool:
        return self.path.startswith(API_PREFIX)

    def get_operation_id(self):
        """The name the published JS client gives the operation: the method, then the path
        after the version with ``{...}`` as ``ByID`` (``getCustomersByIDAddressesByID``)."""
        path = self.path
        if self.is_ocapi:
            path = path.split("/dw/shop/", 1)[1].split("/", 1)[1]
        words = []
        for segment in path.strip("/").split("/"):
            if segment.startswith("{"):
                words.append("ByID")
            else:
                words.extend(part.capitalize() for part in segment.split("_"))
        return self.method.lower() + "".join(words)

    def get_description(self):
        # Only what an annotation says: view docstrings describe internals.
        return ""

    def _is_create_operation(self):
        # OCAPI answers a creation with 200 and the document.
        return False

    def _map_basic_serializer(self, serializer, direction):
        # A serializer's docstring explains its implementation, not the document.
        schema = super()._map_basic_serializer(serializer, direction)
        schema.pop("description", None)
        return schema

    def _is_list_view(self, serializer=None):
        # Only paged lists answer documents in a page; an unpaged list's result document
        # (``pagination_class = None`` in its schema annotation) is one object.
        if getattr(self.view, "pagination_class", None) is None:
            return False
        return super()._is_list_view(serializer)

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        if self.is_ocapi:
            parameters += [CLIENT_ID_QUERY, SELECT_PARAMETER, *RESOURCE_STATE_HEADERS]
            method = self.method.upper()
            if method in resource_state.CHECKED_METHODS:
                parameters.append(RESOURCE_STATE_REQUEST_HEADER)
            if method == "GET":
                parameters.append(IF_NONE_MATCH)
        return parameters

    def _resolve_path_parameters(self, variables):
        # The documented maxLength of path parameters, as the view enforces it.
        parameters = super()._resolve_path_parameters(variables)
        get_limits = getattr(self.view, "get_path_parameter_limits", None)
        limits = get_limits() if get_limits else {}
        for parameter in parameters:
            if parameter["name"] in limits:
                parameter["schema"] = {
                    **parameter["schema"],
                    "maxLength": limits[parameter["name"]],
                }
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if self.is_ocapi and self.method.upper() == "GET":
            responses["304"] = {
                "description": "Not modified: If-None-Match names the document's current "
                "state; no body.",
                "headers": self._get_response_headers_for_code("304", direction),
            }
        for status in self.fault_statuses():
            key = str(status)
            if key not in responses:
                responses[key] = self._get_response_for_code(
                    self.error_response(status), key, direction=direction
                )
        return responses

    def error_response(self, status: int) -> OpenApiResponse:
        return fault_response(status) if self.is_ocapi else oauth_error_response(status)

    def fault_statuses(self) -> list[int]:
        """The error statuses the operation can answer.

        Any OCAPI operation: 400 (parameters, client id, ``select``), 403 (the client's
        settings document), 404 (site or resource), 406 (format), 503 (site offline);
        PATCH, PUT and DELETE, 409 (resource state); with credentials or a token, 401;
        with a document, 413 and 415; throttled, 429. OAuth: 400, 401, 429 (its own
        error documents).
        """
        method = self.method.upper()
        throttled = bool(getattr(self.view, "throttle_scope", None))
        if not self.is_ocapi:
            return [400, 401, *([429] if throttled else [])]
        statuses = {400, 403, 404, 406, 503}
        if method in resource_state.CHECKED_METHODS:
            statuses.add(409)
        if any(set(requirement) - {CLIENT_ID} for requirement in self.get_auth()):
            statuses.add(401)
        if method in {"POST", "PUT", "PATCH"}:
            statuses |= {413, 415}
        if throttled:
            statuses.add(429)
        return sorted(statuses)

    def get_auth(self):
        """Security requirements from the view; ``extend_schema(auth=...)`` overrides."""
        for name, definition in SECURITY_SCHEMES.items():
            self.registry.register_on_missing(
                ResolvedComponent(
                    name=name,
                    type=ResolvedComponent.SECURITY_SCHEMA,
                    object=name,
                    schema=definition,
                )
            )
        if not self.is_ocapi:
            return security((BASIC,))
        if isinstance(self.view, TrustedClientMixin):
            return security((BASIC,), (AGENT_OAUTH,))
        if is_open(self.view):
            return security((CLIENT_ID,))
        requirements = [(CLIENT_ID, CUSTOMER_JWT)]
        if getattr(self.view, "agent_permissions", None) is not None:
            requirements.append((CLIENT_ID, AGENT_OAUTH))
        return security(*requirements)


# --- Annotating views from their app's schema module ---------------------------------------
def annotate_view(view_path: str, *, attributes: dict | None = None, **actions):
    """Describe the actions of the view at ``view_path`` (``extend_schema`` per action, as
    ``extend_schema_view`` takes them) from outside its module.

    Views hand-build some documents and read request documents with serializers of their
    own choosing; each app's ``schema.py`` says which, so the view modules hold only
    behaviour. ``attributes`` replace class attributes for the schema only, e.g.
    ``pagination_class=None`` for a list that is not paged.
    """

    class Annotation(OpenApiViewExtension):
        target_class = view_path

        def view_replacement(self):
            view = type(self.target_class.__name__, (self.target_class,), attributes or {})
            return extend_schema_view(**actions)(view)

    return Annotation


def result_document(result_type: str, serializer):
    """An unpaged ``{count, data, total}`` result of ``serializer`` documents."""
    return inline_serializer(
        result_type,
        {
            "_v": serializers.CharField(required=False),
            "_type": serializers.ChoiceField(choices=[result_type]),
            "count": serializers.IntegerField(),
            "data": serializer(many=True, required=False),
            "total": serializers.IntegerField(),
        },
    )


def no_content(description: str) -> dict:
    return {204: OpenApiResponse(description=description)}


# --- Parameters resources share -------------------------------------------------------------
def expand_parameter(*values: str) -> OpenApiParameter:
    """``expand=a,b``: what to embed in the document."""
    return OpenApiParameter(
        "expand",
        {"type": "array", "items": {"type": "string", "enum": list(values)}},
        OpenApiParameter.QUERY,
        style="form",
        explode=False,
        description="What to embed, comma separated.",
    )


#: The client id as a query parameter (every Shop API operation).
CLIENT_ID_QUERY = OpenApiParameter(
    CLIENT_ID_PARAMETER,
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    description=f"The API client id, instead of the {CLIENT_ID_HEADER} header.",
)
#: OCAPI property selection (``shopsite.api.selection``), on every Shop API operation.
SELECT_PARAMETER = OpenApiParameter(
    "select",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    description="Property selection: only these properties of the answer, e.g. "
    "(customer_id,email), (data.(address_id,city)) or (**); _v and _type always stay. "
    "A malformed selector is a 400 MalformedSelectorException.",
)
#: The document's state on answers that carry a document with one (``resource_state``).
RESOURCE_STATE_HEADERS = [
    OpenApiParameter(
        "ETag",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        response=[200, 304],
        description="The document's _resource_state, quoted (documents that have one).",
    ),
    OpenApiParameter(
        "x-dw-resource-state",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        response=[200],
        description="The document's _resource_state (documents that have one).",
    ),
]
RESOURCE_STATE_REQUEST_HEADER = OpenApiParameter(
    "x-dw-resource-state",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="The _resource_state last read (the request document's _resource_state "
    "wins): another one is a 409 ResourceStateConflictException and nothing changes.",
)
IF_NONE_MATCH = OpenApiParameter(
    "If-None-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="An ETag read before: 304 without a body while the document is unchanged.",
)


# --- Preprocessing ---------------------------------------------------------------------------
def api_endpoints_only(endpoints, **kwargs):
    """The Shop API and OAuth operations; not the catch-all fault routes, not the v20_4 alias
    (the same operations), not the admin or health check."""
    kept = []
    for path, path_regex, method, callback in endpoints:
        if not (path.startswith(API_PREFIX) or path.startswith(OAUTH_PREFIX)):
            continue
        if getattr(callback, "cls", None) is not None and callback.cls.__name__ == (
            "ResourcePathNotFoundView"
        ):
            continue
        if method == "OPTIONS":
            continue
        kept.append((path, path_regex, method, callback))
    return kept


# --- Postprocessing ------------------------------------------------------------------------
def selectable_answers(result, generator, request, public):
    """What ``select`` (and a client's ``read_attributes``) may leave out: any property of
    a Shop API answer but ``_v`` and ``_type`` (``selection.ALWAYS_KEPT``), so the
    documents those answers refer to require nothing else (a result's ``count``...)."""
    components = result.get("components", {}).get("schemas", {})
    for path, item in result.get("paths", {}).items():
        if not path.startswith(API_PREFIX):
            continue
        for operation in item.values():
            for status_code, response in operation.get("responses", {}).items():
                if not status_code.startswith("2"):
                    continue
                for content in response.get("content", {}).values():
                    ref = content.get("schema", {}).get("$ref", "")
                    schema = components.get(ref.rsplit("/", 1)[-1], content.get("schema", {}))
                    if "required" in schema:
                        kept = [name for name in schema["required"] if name in ALWAYS_KEPT]
                        schema["required"] = kept
                        if not kept:
                            del schema["required"]
    return result
