"""OCAPI paging: ``start``/``count`` in, ``count``/``data``/``start``/``total`` out.

One class, used by every list view (``pagination_class``), in the shape of DRF's
``rest_framework.pagination``. ``next``/``previous`` are absolute URLs and appear only when
there is such a page *and* the client sent paging parameters, as the documentation says.
A page costs two queries (``COUNT`` and the slice) whatever its size.
"""

from urllib.parse import urlencode

from rest_framework.pagination import BasePagination
from rest_framework.response import Response

from shopsite.api.faults import MalformedParameter
from shopsite.api.limits import INT32_MAX


def _parse_bound(request, name: str, default: int, minimum: int, maximum: int) -> int:
    raw = request.query_params.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise MalformedParameter(parameter=name, value=raw) from None
    if not minimum <= value <= maximum:
        bounds = f"{minimum}..{maximum}"
        raise MalformedParameter(
            f"The value '{raw}' of parameter '{name}' is out of range ({bounds}).",
            parameter=name,
            value=raw,
        )
    return value


class OcapiPagination(BasePagination):
    """start/count paging. Views may narrow the bounds with class attributes."""

    default_count = 25
    max_count = 200
    max_start = INT32_MAX  # the spec's bound; past it a database's OFFSET overflows

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.result_type = getattr(view, "result_type", None)
        self.start = _parse_bound(request, "start", 0, 0, self.max_start)
        self.count = _parse_bound(request, "count", self.default_count, 1, self.max_count)
        self.paging_requested = "start" in request.query_params or "count" in request.query_params
        self.total = queryset.count()
        return list(queryset[self.start : self.start + self.count])

    def _link(self, start: int) -> str:
        params = self.request.query_params.copy()
        params["count"] = str(self.count)
        params["start"] = str(start)
        query = urlencode(sorted(params.lists()), doseq=True)
        return self.request.build_absolute_uri(f"{self.request.path}?{query}")

    def get_schema_operation_parameters(self, view):
        """``start``/``count`` with this class's bounds, for the OpenAPI schema."""
        return [
            {
                "name": "start",
                "in": "query",
                "required": False,
                "description": "Index of the first document of the page.",
                "schema": {"type": "integer", "minimum": 0, "maximum": self.max_start},
            },
            {
                "name": "count",
                "in": "query",
                "required": False,
                "description": "Documents in the page.",
                "schema": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": self.max_count,
                    "default": self.default_count,
                },
            },
        ]

    def get_paginated_response_schema(self, schema):
        """The page document around ``schema`` (an array of the documents), for OpenAPI."""
        link = {"type": "string", "format": "uri"}
        return {
            "type": "object",
            "properties": {
                "_v": {"type": "string"},
                "_type": {"type": "string"},
                "count": {"type": "integer"},
                "data": schema,
                "next": link,
                "previous": link,
                "start": {"type": "integer"},
                "total": {"type": "integer"},
            },
            "required": ["count", "start", "total"],
        }

    def get_paginated_response(self, data):
        return Response(self.get_paginated_document(data))

    def get_paginated_document(self, data) -> dict:
        document = {}
        if self.result_type:
            document["_type"] = self.result_type
        document["count"] = len(data)
        document["data"] = list(data)
        if self.paging_requested and self.start + self.count < self.total:
            document["next"] = self._link(self.start + self.count)
        if self.paging_requested and self.start > 0:
            document["previous"] = self._link(max(self.start - self.count, 0))
        document["start"] = self.start
        document["total"] = self.total
        return document


class TenPerPagePagination(OcapiPagination):
    """The lists whose documentation says "The default page size is 10" (addresses, orders,
    product list items), instead of the 25 of the shared parameter table."""

    default_count = 10


def unpaged_document(result_type: str, data) -> dict:
    """A complete, unpaged result (``customer_payment_instrument_result``): the same
    ``count``/``data``/``total`` shape, without ``start`` or links."""
    data = list(data)
    return {"_type": result_type, "count": len(data), "data": data, "total": len(data)}
