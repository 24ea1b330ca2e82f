"""Base classes every OCAPI view builds on.

``OcapiViewMixin`` resolves the site and API client before authentication, answers with
OCAPI's cache headers, pages lists with ``OcapiPagination`` and runs hooks under the view's
extension point prefix. It also carries the cross-cutting behaviours no resource repeats:
property selection (``select=``, ``shopsite.api.selection``), resource states with their
``ETag``/``If-None-Match`` (``shopsite.api.resource_state``) and, through the renderers and
parsers, JSON or XML. A resource's view then only says what it serves.
"""

import contextlib

from django.db import transaction
from django.http import HttpResponse
from django.views import defaults
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.viewsets import ViewSetMixin

from shopsite.api import client_access, faults, hooks, resource_state, selection
from shopsite.api.context import resolve_api_client, resolve_site
from shopsite.api.exceptions import to_fault
from shopsite.api.negotiation import DOCUMENT_METHODS, wants_xml
from shopsite.api.paging import OcapiPagination
from shopsite.api.renderers import OcapiJSONRenderer, OcapiXMLRenderer, version_number
from shopsite.api.throttling import OcapiScopedRateThrottle

# As the documentation's samples answer (customer data is never cached anywhere).
NO_CACHE_HEADERS = {
    "Cache-Control": "max-age=0,no-cache,no-store,must-revalidate",
    "Expires": "Thu, 01-Jan-1970 00:00:00 GMT",
}


def with_ocapi_headers(response):
    """``response`` with the headers every OCAPI answer has: not cacheable, and its
    ``Content-Type`` written as the documentation writes it (``application/json;charset=
    UTF-8``, without DRF's space: some clients compare the header as a string)."""
    for name, value in NO_CACHE_HEADERS.items():
        response[name] = value
    renderer = getattr(response, "accepted_renderer", None)
    if isinstance(response, Response) and response.content_type is None and renderer:
        charset = f";charset={renderer.charset}" if renderer.charset else ""
        response.content_type = f"{renderer.media_type}{charset}"
    return response


class OcapiViewMixin:
    #: Extension point prefix, e.g. ``dw.ocapi.shop.customer.addresses``.
    hook_prefix = ""
    #: ``_type`` of the list document a paged view returns.
    result_type = ""
    pagination_class = OcapiPagination
    #: Rate limits: a view names its ``throttle_scope`` (a key of DEFAULT_THROTTLE_RATES),
    #: counted per client address, or per signed-in customer with ``throttle_per_customer``.
    throttle_classes = [OcapiScopedRateThrottle]
    throttle_per_customer = False
    #: Django permissions an agent token needs, by HTTP method (``"*"``: any other);
    #: ``None``: customer tokens only (see ``shopsite.api.permissions``).
    agent_permissions: dict[str, tuple[str, ...]] | None = None
    #: Run the action in one transaction (see ``initial``). False for views that manage
    #: their own transactions, like the login that must keep a failed attempt's count.
    atomic_requests = True
    #: Whether the client's OCAPI settings document (resources, attributes, cache time,
    #: response headers) shapes this view's requests: OCAPI's, not SCAPI's (shopsite.scapi).
    applies_client_settings = True
    #: The documented ``maxLength`` of path parameters, by URL keyword (``address_name``:
    #: 256, ``list_id``: 28...): see ``check_path_parameters``.
    path_parameter_limits: dict[str, int] = {}

    def initial(self, request, *args, **kwargs):
        """Check the request, then make the action about to run one transaction.

        Everything the action writes is committed together or, when it raises (a fault, a
        hook's error status), rolled back together. The checks before it (site, client,
        token, permissions, throttles) are not part of that transaction on purpose: a
        throttle must count the request that failed, or guessing would never be slowed.
        DRF looks the handler up after ``initial``, so shadowing it here is enough.

        A read (GET, HEAD, OPTIONS) writes nothing, so it runs without a transaction (two
        statements fewer on the hottest paths) unless a hook is implemented for its
        extension points: a hook may write, and its error must roll that back.
        """
        super().initial(request, *args, **kwargs)
        # Before the action: a malformed selector is refused before anything is written.
        raw_selector = request.query_params.get("select")
        request.property_selector = (
            selection.parse_selector(raw_selector) if raw_selector is not None else None
        )
        if request.method in DOCUMENT_METHODS:
            # Parse now, even where the action ignores its body: a malformed document is
            # the same fault on every endpoint, not accepted by some and refused by others.
            # Then the client's write_attributes (its settings document) apply to it.
            request.data  # noqa: B018
            if self.applies_client_settings:
                client_access.check_write_attributes(request)
        handler_name = request.method.lower()
        handler = getattr(self, handler_name, None)
        if self.atomic_requests and handler is not None and self.needs_transaction(request):
            setattr(self, handler_name, transaction.atomic(handler))

    def options(self, request, *args, **kwargs):
        """``OPTIONS``: the methods the resource allows, in ``Allow``, and nothing else.

        The same answer on every API view, with or without a serializer; DRF's metadata
        (the view's docstring, field lists) describes internals a client has no use for.
        CORS preflights never get here: django-cors-headers answers them first.
        """
        allow = ", ".join(self.allowed_methods)
        return Response(status=status.HTTP_204_NO_CONTENT, headers={"Allow": allow})

    def needs_transaction(self, request) -> bool:
        if request.method not in SAFE_METHODS:
            return True
        # HEAD and OPTIONS run GET's hooks, if any (DRF maps HEAD to the GET handler).
        return hooks.registry.has_implementations_for(self.get_hook_prefix(), "GET")

    def hooks_transaction(self, method: str):
        """For actions that manage their own transaction (``atomic_requests = False``): one
        transaction around the hooks of ``method`` and the work between them when a hook is
        implemented (its error status must roll that work back), none otherwise (each
        statement commits on its own, two fewer per request)."""
        if hooks.registry.has_implementations_for(self.get_hook_prefix(), method):
            return transaction.atomic()
        return contextlib.nullcontext()

    def perform_authentication(self, request):
        # Runs after content negotiation and versioning (so faults carry the right `_v`)
        # and before authentication: OCAPI checks site and client first.
        self.resolve_request_context(request)
        super().perform_authentication(request)

    def resolve_request_context(self, request):
        illegal = getattr(request._request, "illegal_method_override", None)
        if illegal:
            raise faults.IllegalHttpMethodOverride(method=illegal)
        request.site = resolve_site(self.kwargs.get("site_id"))
        request.api_client = self.get_api_client(request)
        client_access.check_resource_access(request)
        self.check_path_parameters()

    def get_path_parameter_limits(self) -> dict[str, int]:
        return self.path_parameter_limits

    def check_path_parameters(self) -> None:
        """A path parameter longer than its documented ``maxLength`` is 400
        ``MalformedParameterException``, OCAPI's global fault for "a query, header, or path
        parameter value" that is malformed, before any token or lookup: a value no document
        can have is the client's mistake, not an unknown document (404). Parameters the
        documentation bounds only by ``minLength=1`` (``customer_id``,
        ``payment_instrument_id``) have no limit here: an unknown value is not found."""
        for name, limit in self.get_path_parameter_limits().items():
            value = self.kwargs.get(name)
            if value is not None and len(value) > limit:
                raise faults.MalformedParameter(parameter=name, value=value)

    def agent_permissions_for(self, request) -> tuple[str, ...] | None:
        if self.agent_permissions is None:
            return None
        return self.agent_permissions.get(request.method, self.agent_permissions.get("*"))

    def get_api_client(self, request):
        """The API client making the request: by default, the one its client id names.

        Views that authenticate the client itself (``shopsite.api.authentication``) override this.
        """
        return resolve_api_client(request)

    def check_resource_state(self, instance):
        """Refuse a PATCH, PUT or DELETE whose resource state is not ``instance``'s.

        The shared layer calls this once it has loaded, under its row lock, the document
        the write targets (``CustomerOwnedViewSet.get_object``, the customer view's), so
        that no resource can forget it and no concurrent write can slip in between.
        Only a request naming a state pays for serializing ``instance`` to compare it.
        Returns ``instance``.
        """
        if self.request.method in resource_state.CHECKED_METHODS:
            expected = resource_state.requested_state(self.request)
            if expected is not None:
                resource_state.check(expected, self.current_resource_state(instance))
        return instance

    def current_resource_state(self, instance) -> str:
        """The ``_resource_state`` a GET of ``instance`` answers with."""
        context = {**self.get_serializer_context(), "expand": set(), "embedded": False}
        return self.serializer_class(instance, context=context).data["_resource_state"]

    def finalize_response(self, request, response, *args, **kwargs):
        data = getattr(response, "data", None)
        if isinstance(data, dict) and response.status_code < 400:
            state = data.get("_resource_state")
            if isinstance(state, str):
                self.mark_resource_state(request, response, state)
            try:
                response.data = selection.select(
                    response.data, getattr(request, "property_selector", None)
                )
            except faults.OcapiFault as fault:
                # Past MAX_SELECTED_VALUES (a long list page; one document, the answer of
                # a write, never comes near it): the fault instead of the rest.
                response = self.handle_exception(fault)
        response = super().finalize_response(request, response, *args, **kwargs)
        response = with_ocapi_headers(response)
        # The client's settings document: read_attributes, cache_time, response_headers.
        if self.applies_client_settings:
            client_access.shape_response(request, response)
        return response

    @staticmethod
    def mark_resource_state(request, response, state: str) -> None:
        """``ETag`` and ``x-dw-resource-state`` name the document's state; a GET whose
        ``If-None-Match`` names it already gets 304 without a body."""
        response["ETag"] = resource_state.etag(state)
        response["x-dw-resource-state"] = state
        if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
        if (
            request.method in ("GET", "HEAD")
            and response.status_code == status.HTTP_200_OK
            and if_none_match
            and resource_state.matches_if_none_match(if_none_match, state)
        ):
            response.status_code = status.HTTP_304_NOT_MODIFIED
            response.data = None

    def get_hook_prefix(self) -> str:
        """The extension point prefix of the current action (some resources vary it)."""
        return self.hook_prefix

    def call_hook(self, name: str, *args):
        """Run the ``{prefix}.{name}`` extension point (see ``shopsite.api.hooks``), or
        ``name`` itself when it is a full extension point name: a few actions mix prefixes
        (a product list's POST runs ``...product_lists.afterPOST``, then
        ``...product_list.modifyPOSTResponse``)."""
        if name.startswith(hooks.EXTENSION_POINT_PREFIX):
            return hooks.call_hook(name, *args)
        return hooks.call_hook(f"{self.get_hook_prefix()}.{name}", *args)

    def document_response(self, document: dict, *, hook=None, hook_args=(), **kwargs):
        """Respond with ``document`` after letting a ``modify*Response`` hook change it."""
        if hook:
            self.call_hook(hook, *hook_args, document)
        return Response(document, **kwargs)

    def paged_response(self, queryset, serializer_class=None, *, hook=None, hook_args=()):
        """One page of ``queryset`` as the view's ``result_type`` document."""
        paginator = self.paginator
        page = paginator.paginate_queryset(queryset, self.request, view=self)
        serializer_class = serializer_class or self.get_serializer_class()
        data = serializer_class(page, many=True, context=self.get_serializer_context()).data
        document = paginator.get_paginated_document(data)
        return self.document_response(document, hook=hook, hook_args=hook_args)

    @staticmethod
    def no_content():
        return Response(status=status.HTTP_204_NO_CONTENT)


class OcapiAPIView(OcapiViewMixin, APIView):
    pass


class OcapiGenericViewSet(OcapiViewMixin, ViewSetMixin, GenericAPIView):
    """A DRF viewset with the OCAPI behaviour; bind actions explicitly in urls.py."""


class ResourcePathNotFoundView(APIView):
    """Anything under the API prefix that no resource serves: a 404 fault for any method."""

    authentication_classes = []
    permission_classes = []

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        raise faults.ResourcePathNotFound(path=request.path)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        return with_ocapi_headers(response)


def fault_http_response(request, fault: faults.OcapiFault) -> HttpResponse:
    version = "v20_4" if "/dw/shop/v20_4/" in request.path else "v19_5"
    body = {
        "_v": version_number(version),
        "_type": "fault",
        "fault": fault.as_document(),
    }
    renderer = OcapiXMLRenderer() if wants_xml(request) else OcapiJSONRenderer()
    response = HttpResponse(
        renderer.render(body),
        status=fault.status_code,
        content_type=f"{renderer.media_type};charset=UTF-8",
    )
    return with_ocapi_headers(response)


def bad_request(request, exception=None):
    """``handler400``: Django refused the request before any view (a ``Host`` outside
    ``ALLOWED_HOSTS``, more than ``DATA_UPLOAD_MAX_NUMBER_FIELDS`` fields, a body past
    ``DATA_UPLOAD_MAX_MEMORY_SIZE``...)."""
    if not request.path.startswith("/s/"):
        return defaults.bad_request(request, exception)
    fault = to_fault(exception, request) if exception else faults.BadRequest(reason="refused")
    return fault_http_response(request, fault)


def permission_denied(request, exception=None):
    if not request.path.startswith("/s/"):
        return defaults.permission_denied(request, exception)
    return fault_http_response(request, faults.Forbidden())


def page_not_found(request, exception=None):
    if not request.path.startswith("/s/"):
        return defaults.page_not_found(request, exception)
    return fault_http_response(request, faults.ResourcePathNotFound(path=request.path))


def server_error(request):
    if not request.path.startswith("/s/"):
        return defaults.server_error(request)
    return fault_http_response(request, faults.InternalServerError())
