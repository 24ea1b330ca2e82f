"""SCAPI paging: ``offset``/``limit`` in, ``data``/``limit``/``offset``/``total`` out.

The same queries as OCAPI's paging (``shopsite.api.paging``): a ``COUNT`` and one slice.
"""

from rest_framework.pagination import BasePagination
from rest_framework.response import Response

from shopsite.api.limits import INT32_MAX
from shopsite.api.paging import _parse_bound


class ScapiPagination(BasePagination):
    default_limit = 10
    max_limit = 50

    def paginate_queryset(self, queryset, request, view=None):
        self.offset = _parse_bound(request, "offset", 0, 0, INT32_MAX)
        self.limit = _parse_bound(request, "limit", self.default_limit, 1, self.max_limit)
        self.total = queryset.count()
        return list(queryset[self.offset : self.offset + self.limit])

    def get_paginated_document(self, data) -> dict:
        return {"data": list(data), "limit": self.limit, "offset": self.offset, "total": self.total}

    def get_paginated_response(self, data):
        return Response(self.get_paginated_document(data))

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": "offset",
                "in": "query",
                "required": False,
                "schema": {"type": "integer", "minimum": 0, "maximum": INT32_MAX},
            },
            {
                "name": "limit",
                "in": "query",
                "required": False,
                "schema": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": self.max_limit,
                    "default": self.default_limit,
                },
            },
        ]

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "properties": {
                "data": schema,
                "limit": {"type": "integer"},
                "offset": {"type": "integer"},
                "total": {"type": "integer"},
            },
            "required": ["limit", "offset", "total"],
        }
