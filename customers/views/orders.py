"""``GET /customers/{customer_id}/baskets`` and ``GET /customers/{customer_id}/orders``.

Guests have baskets and orders too, so any customer token will do (for its own customer).
"""

import re
from datetime import UTC, date, datetime, time, timedelta
from datetime import timezone as dt_timezone

from customers.models import Order
from customers.serializers.orders import BasketSerializer, OrderSerializer
from customers.views.owned import CustomerOwnedViewSet
from shopsite.api import faults
from shopsite.api.paging import TenPerPagePagination

# ISO 8601 as the documentation gives it (yyyy-MM-dd'T'HH:mmZ), at any precision from a
# day to a microsecond, with or without a zone (none means UTC).
_INSTANT = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})"
    r"(?:[T ](?P<hour>\d{2}):(?P<minute>\d{2})"
    r"(?::(?P<second>\d{2})(?:[.,](?P<fraction>\d{1,6}))?)?)?"
    r"(?P<zone>Z|[+-]\d{2}(?::?\d{2})?)?$"
)
_TRUE, _FALSE = frozenset({"true", "1"}), frozenset({"false", "0"})


def parse_instant(parameter: str, raw: str) -> tuple[datetime, datetime]:
    """The span of time ``raw`` names, as ``[start, end)``.

    ``from``/``until`` are inclusive at the precision the client wrote: ``until=2019-05-01``
    takes in the whole day, ``until=2019-05-01T10:00Z`` the whole minute.
    """
    match = _INSTANT.match(raw.strip())
    if match is None:
        raise faults.MalformedParameter(parameter=parameter, value=raw)
    parts = match.groupdict()
    try:
        day = date.fromisoformat(parts["date"])
        if parts["hour"] is None:
            clock, step = time(), timedelta(days=1)
        elif parts["second"] is None:
            clock, step = time(int(parts["hour"]), int(parts["minute"])), timedelta(minutes=1)
        elif parts["fraction"] is None:
            clock = time(int(parts["hour"]), int(parts["minute"]), int(parts["second"]))
            step = timedelta(seconds=1)
        else:
            fraction = parts["fraction"]
            clock = time(
                int(parts["hour"]),
                int(parts["minute"]),
                int(parts["second"]),
                int(fraction.ljust(6, "0")),
            )
            step = timedelta(microseconds=10 ** (6 - len(fraction)))
        start = datetime.combine(day, clock, tzinfo=_zone(parts["zone"]))
    except ValueError:
        raise faults.MalformedParameter(parameter=parameter, value=raw) from None
    return start, start + step


def _zone(raw: str | None) -> dt_timezone:
    if raw is None or raw == "Z":
        return UTC
    digits = raw[1:].replace(":", "")
    offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:] or 0))
    return dt_timezone(-offset if raw[0] == "-" else offset)


def parse_boolean(parameter: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise faults.MalformedParameter(parameter=parameter, value=raw)


def parse_status(raw: str) -> str:
    status = raw.strip().lower()
    if status not in Order.Status.values:
        raise faults.InvalidOrderStatus(status=raw)
    return status


class CustomerBasketsViewSet(CustomerOwnedViewSet):
    hook_prefix = "dw.ocapi.shop.customer.baskets"
    serializer_class = BasketSerializer
    related_name = "baskets"

    def list(self, request, *args, **kwargs):
        self.call_hook("beforeGET", self.kwargs["customer_id"])
        # The reverse relation hands each basket its (already loaded) customer: no query
        # per basket for customer_info.
        baskets = self.get_serializer(self.get_queryset(), many=True).data
        document = {"_type": "baskets_result", "baskets": baskets, "total": len(baskets)}
        return self.document_response(
            document, hook="modifyGETResponse_v2", hook_args=(self.get_customer(),)
        )


class CustomerOrdersViewSet(CustomerOwnedViewSet):
    """The customer's orders, newest first, filtered by ``status`` and ``from``/``until``.

    ``cross-sites`` asks for the orders of every site; the documentation has it ignored
    for JWT, i.e. honoured only for agents (OAuth). Customers here always authenticate
    with a JWT, so it is validated and then honoured only for a principal that declares
    itself an agent (``is_agent``).
    """

    hook_prefix = "dw.ocapi.shop.customer.orders"
    serializer_class = OrderSerializer
    pagination_class = TenPerPagePagination
    result_type = "customer_order_result"
    related_name = "orders"

    def get_queryset(self):
        orders = super().get_queryset().select_related("site")
        params = self.request.query_params
        cross_sites = "cross-sites" in params and parse_boolean(
            "cross-sites", params["cross-sites"]
        )
        if not (cross_sites and getattr(self.request.user, "is_agent", False)):
            orders = orders.filter(site=self.request.site)
        if "status" in params:
            orders = orders.filter(status=parse_status(params["status"]))
        if "from" in params:
            orders = orders.filter(creation_date__gte=parse_instant("from", params["from"])[0])
        if "until" in params:
            orders = orders.filter(creation_date__lt=parse_instant("until", params["until"])[1])
        return orders.order_by("-creation_date", "-pk")

    def list(self, request, *args, **kwargs):
        self.call_hook("beforeGET", self.kwargs["customer_id"])
        return self.paged_response(
            self.get_queryset(), hook="modifyGETResponse_v2", hook_args=(self.get_customer(),)
        )
