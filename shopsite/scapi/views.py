"""``ScapiViewMixin``: an OCAPI view (``shopsite.api.views``) served as SCAPI.

Put it first in a SCAPI view's bases, before the OCAPI view it serves: the action code,
queries, permissions, hooks and resource states stay the OCAPI view's own, and only what
SCAPI writes differently changes here:

* the request context: ``organizationId`` in the path (``SCAPI["ORGANIZATION_ID"]``),
  ``siteId`` as a query parameter, to the same ``Site``; the API client is the one the
  shopper token was issued to (checked by authentication);
* names (camelCase documents and query parameters), paging (``offset``/``limit``), errors
  (problem details), plain JSON;
* no OCAPI settings documents (they describe OCAPI resource paths), no versions, no XML.

Authentication (the SLAS shopper token) is the customers app's: ``customers.scapi``.
"""

from django.conf import settings
from django.http import QueryDict
from rest_framework import status
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.views import APIView

from shopsite.api import faults
from shopsite.api.authentication import bearer_token
from shopsite.api.context import resolve_api_client, resolve_site
from shopsite.scapi.formats import ScapiJSONParser, ScapiJSONRenderer
from shopsite.scapi.names import QUERY_PARAMETER_NAMES, to_snake
from shopsite.scapi.paging import ScapiPagination
from shopsite.scapi.problems import scapi_exception_handler
from shopsite.scapi.schema import ScapiAutoSchema

#: Read by the SCAPI layer itself, kept as they are.
OWN_PARAMETERS = frozenset({"siteId", "offset", "limit"})


def ocapi_query(query: QueryDict) -> QueryDict:
    renamed = QueryDict(mutable=True)
    for name, values in query.lists():
        if name in OWN_PARAMETERS:
            target = name
        else:
            target = QUERY_PARAMETER_NAMES.get(name) or to_snake(name)
        renamed.setlist(target, values)
    renamed._mutable = False
    return renamed


def scapi_list(document: dict) -> dict:
    """An unpaged OCAPI list (``count``/``data``/``total``) in SCAPI's list shape."""
    data = document.get("data", [])
    return {"data": data, "limit": len(data), "offset": 0, "total": document.get("total")}


class ScapiViewMixin:
    renderer_classes = [ScapiJSONRenderer]
    parser_classes = [ScapiJSONParser]
    content_negotiation_class = DefaultContentNegotiation
    versioning_class = None
    pagination_class = ScapiPagination
    applies_client_settings = False
    #: commerce-sdk-isomorphic's method names, by action (the OpenAPI operation ids).
    operation_ids: dict[str, str] = {}

    schema = ScapiAutoSchema()

    #: Actions SCAPI answers 201 (OCAPI: 200), e.g. ``{"create"}``.
    created_actions: frozenset[str] = frozenset()

    def get_exception_handler(self):
        return scapi_exception_handler

    def finalize_response(self, request, response, *args, **kwargs):
        data = getattr(response, "data", None)
        if response.status_code == status.HTTP_200_OK:
            unpaged = isinstance(data, dict) and "start" not in data
            if unpaged and {"count", "data", "total"} <= data.keys():
                response.data = scapi_list(data)
            if getattr(self, "action", None) in self.created_actions:
                response.status_code = status.HTTP_201_CREATED
        return super().finalize_response(request, response, *args, **kwargs)

    def initialize_request(self, request, *args, **kwargs):
        request.GET = ocapi_query(request.GET)
        return super().initialize_request(request, *args, **kwargs)

    def resolve_request_context(self, request):
        organization_id = self.kwargs.get("organization_id")
        if organization_id != settings.SCAPI["ORGANIZATION_ID"]:
            raise faults.NotFound(f"Unknown organizationId '{organization_id}'.")
        request.site = resolve_site(request.query_params.get("siteId"))
        if bearer_token(request) is None:
            raise faults.Unauthorized()
        request.api_client = resolve_api_client(request)
        self.check_path_parameters()


class ScapiPathNotFoundView(APIView):
    """Anything under the SCAPI prefix that no resource serves: a 404 problem."""

    authentication_classes = []
    permission_classes = []
    renderer_classes = [ScapiJSONRenderer]
    schema = ScapiAutoSchema()

    def get_exception_handler(self):
        return scapi_exception_handler

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        raise faults.ResourcePathNotFound(path=request.path)
