"""An order as people read it, for the back office: items, addresses, shipments, payments
(masked), then totals, from the order document the Shop API answers (``OrderSerializer``).

Only the parts people look for first are laid out by hand; every other property of the
document (and any the order gains later) is still shown, under "More", as labelled
values and tables: never as raw JSON.
"""

from dataclasses import dataclass, field

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from customers.serializers.orders import MONEY_FIELDS, OrderSerializer

#: Order totals, in the order a receipt lists them (order_total last).
TOTALS = [
    "product_sub_total",
    "product_total",
    "shipping_total",
    "merchandize_total_tax",
    "adjusted_merchandize_total_tax",
    "shipping_total_tax",
    "adjusted_shipping_total_tax",
    "tax_total",
    "order_total",
]
#: Properties the page lays out itself (or that only machines read).
LAID_OUT = {
    *MONEY_FIELDS,
    "_type",
    "_v",
    "_resource_state",
    "billing_address",
    "creation_date",
    "currency",
    "customer_info",
    "customer_name",
    "last_modified",
    "order_no",
    "payment_instruments",
    "payment_status",
    "product_items",
    "shipments",
    "shipping_status",
    "site_id",
    "status",
}
#: Address lines, in the order an envelope shows them.
ADDRESS_LINES = [
    ("salutation", "title", "first_name", "second_name", "last_name", "suffix"),
    ("company_name",),
    ("address1",),
    ("address2",),
    ("suite", "post_box"),
    ("postal_code", "city", "state_code"),
    ("country_code",),
    ("phone",),
]
#: Card properties that are safe to show: the number only masked.
CARD_FIELDS = ["card_type", "holder", "masked_number", "expiration_month", "expiration_year"]


def money(value):
    """An amount as receipts show it (``59.0`` -> ``59.00``); anything else unchanged."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"{value:.2f}"
    return value


def label(name: str) -> str:
    return name.removeprefix("c_").replace("_", " ")


def address_lines(address) -> list[str]:
    if not isinstance(address, dict):
        return []
    lines = []
    for names in ADDRESS_LINES:
        words = [str(address[name]) for name in names if address.get(name)]
        if names[0] == "salutation" and not words and address.get("full_name"):
            words = [str(address["full_name"])]
        if words:
            lines.append(" ".join(words))
    return lines


def render(value) -> SafeString:
    """Any JSON value as HTML: objects as labelled rows, lists of objects as tables."""
    if isinstance(value, dict):
        rows = [(label(name), render(item)) for name, item in value.items() if name != "_type"]
        return format_html(
            '<dl class="document">{}</dl>',
            format_html_join("", "<dt>{}</dt><dd>{}</dd>", rows),
        )
    if isinstance(value, list):
        if value and all(isinstance(item, dict) for item in value):
            columns = list(dict.fromkeys(key for item in value for key in item if key != "_type"))
            head = format_html_join("", "<th>{}</th>", ((label(c),) for c in columns))

            def cells(item):
                return format_html_join(
                    "", "<td>{}</td>", ((render(item.get(c, "")),) for c in columns)
                )

            body = format_html_join("", "<tr>{}</tr>", ((cells(item),) for item in value))
            return format_html('<table class="document"><tr>{}</tr>{}</table>', head, body)
        return format_html_join(", ", "{}", ((render(item),) for item in value))
    if isinstance(value, bool):
        return mark_safe("yes" if value else "no")  # noqa: S308 - constant text
    return format_html("{}", "" if value is None else value)


@dataclass
class ReadableOrder:
    document: dict
    items: list = field(default_factory=list)
    billing_address: list = field(default_factory=list)
    shipments: list = field(default_factory=list)
    payments: list = field(default_factory=list)
    totals: list = field(default_factory=list)
    more: list = field(default_factory=list)


def item_row(item: dict) -> dict:
    adjustments = [
        f"{adjustment.get('item_text') or adjustment.get('promotion_id', '')} "
        f"{money(adjustment.get('price', ''))}".strip()
        for adjustment in item.get("price_adjustments") or []
        if isinstance(adjustment, dict)
    ]
    return {
        "product": item.get("product_name") or item.get("item_text") or "",
        "product_id": item.get("product_id", ""),
        "quantity": item.get("quantity", ""),
        "price": money(item.get("base_price", item.get("price", ""))),
        "total": money(item.get("price_after_item_discount", item.get("price", ""))),
        "adjustments": adjustments,
    }


def shipment_row(shipment: dict) -> dict:
    method = shipment.get("shipping_method") or {}
    return {
        "shipment": shipment.get("shipment_no") or shipment.get("shipment_id", ""),
        "method": method.get("name") or method.get("id", "") if isinstance(method, dict) else "",
        "status": str(shipment.get("shipping_status", "")).replace("_", " "),
        "tracking_number": shipment.get("tracking_number", ""),
        "address": address_lines(shipment.get("shipping_address")),
        "total": money(shipment.get("shipment_total", "")),
    }


def payment_row(payment: dict) -> dict:
    card = payment.get("payment_card") or {}
    shown = {name: card[name] for name in CARD_FIELDS if isinstance(card, dict) and name in card}
    expires = ""
    if shown.get("expiration_year"):
        expires = f"{int(shown.get('expiration_month') or 0):02d}/{shown['expiration_year']}"
    return {
        "method": payment.get("payment_method_id", ""),
        "card": " ".join(str(shown[name]) for name in ("card_type", "holder") if shown.get(name)),
        "number": shown.get("masked_number", "") or payment.get("masked_gift_certificate_code", ""),
        "expires": expires,
        "amount": money(payment.get("amount", "")),
    }


def readable_order(order) -> ReadableOrder:
    document = dict(OrderSerializer(order).data)
    return ReadableOrder(
        document=document,
        items=[item_row(item) for item in document.get("product_items") or []],
        billing_address=address_lines(document.get("billing_address")),
        shipments=[shipment_row(s) for s in document.get("shipments") or [] if isinstance(s, dict)],
        payments=[
            payment_row(p) for p in document.get("payment_instruments") or [] if isinstance(p, dict)
        ],
        totals=[(label(name), money(document[name])) for name in TOTALS if name in document],
        more=[
            (label(name), render(value))
            for name, value in document.items()
            if name not in LAID_OUT and value not in (None, "", [], {})
        ],
    )
