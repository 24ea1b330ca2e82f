"""The documents of a demo order or basket: what checkout would have stored beside the
totals.

Kept apart from the ``load_demo_data`` command so the documents stay readable: one
function per document, each shaped as the Shop API's definition of it
(``customers.order_documents``), which the admin and the tests check them against.
"""

from decimal import Decimal

from customers import payments
from customers.models.ids import generate_document_id
from customers.serializers.orders import MONEY_FIELDS

#: OCAPI's default shipment id when a basket has a single shipment.
SHIPMENT_ID = "me"
GROUND = {"id": "001", "name": "Ground", "description": "Order received within 7-10 business days"}
ORDER_ADDRESS_FIELDS = (
    "address1",
    "address2",
    "city",
    "company_name",
    "country_code",
    "first_name",
    "last_name",
    "phone",
    "postal_code",
    "salutation",
    "state_code",
)


def money(value) -> float:
    """An amount as the JSON number OCAPI documents show (``16.49``)."""
    return float(Decimal(value).quantize(Decimal("0.01")))


def order_address(customer, address: dict) -> dict:
    fields = {
        "first_name": customer.first_name,
        "last_name": customer.last_name,
        "salutation": customer.salutation,
        **address,
    }
    document = {name: fields[name] for name in ORDER_ADDRESS_FIELDS if fields.get(name)}
    document["full_name"] = " ".join(
        part for part in (document.get("first_name"), document.get("last_name")) if part
    )
    return document


def card_payment(customer, totals: dict, *, card_number: str, expiration_year: int) -> dict:
    """A card payment as an order shows it: masked, never the number itself."""
    return {
        "payment_instrument_id": generate_document_id(),
        "payment_method_id": payments.CREDIT_CARD,
        "amount": money(totals["order_total"]),
        "payment_card": {
            "card_type": "Visa",
            "holder": customer.full_name,
            "masked_number": payments.mask(card_number),
            "number_last_digits": payments.last_digits(card_number),
            "expiration_month": 12,
            "expiration_year": expiration_year,
            "credit_card_expired": False,
        },
    }


def shipment(address: dict, totals: dict, *, shipped: bool, shipment_no: str) -> dict:
    document = {
        "shipment_id": SHIPMENT_ID,
        "shipment_no": shipment_no,
        "shipping_address": address,
        "shipping_method": {**GROUND, "price": money(totals["shipping_total"])},
        "shipping_status": "shipped" if shipped else "not_shipped",
        "gift": False,
        "shipment_total": money(totals["order_total"]),
    }
    # A shipment has the order's totals but its own (``shipment_total``).
    for name in MONEY_FIELDS:
        if name != "order_total":
            document[name] = money(totals[name])
    if shipped:
        document["tracking_number"] = f"1Z999AA1{shipment_no}"
    return document


def shipping_item(totals: dict, tax_rate) -> dict:
    price = money(totals["shipping_total"])
    tax = money(totals["shipping_total_tax"])
    return {
        "item_id": generate_document_id(),
        "item_text": "Shipping",
        "shipment_id": SHIPMENT_ID,
        "base_price": price,
        "price": price,
        "price_after_item_discount": price,
        "tax": tax,
        "adjusted_tax": tax,
        "tax_basis": price,
        "tax_rate": float(tax_rate),
        "tax_class_id": "standard",
    }


def coupon_discount(code: str, amount) -> tuple[dict, dict]:
    """An order-level price adjustment from a coupon, and the coupon item behind it."""
    adjustment = {
        "price_adjustment_id": generate_document_id(),
        "promotion_id": f"{code.lower()}-promotion",
        "coupon_code": code,
        "item_text": f"Coupon {code}",
        "price": -money(amount),
        "applied_discount": {"type": "amount", "amount": money(amount)},
        "manual": False,
        "custom": False,
    }
    coupon = {
        "code": code,
        "coupon_item_id": generate_document_id(),
        "status_code": "applied",
        "valid": True,
    }
    return adjustment, coupon


def checkout_documents(
    customer,
    address: dict,
    totals: dict,
    *,
    card_number: str,
    expiration_year: int,
    tax_rate,
    shipped: bool = False,
) -> dict:
    """What a basket and the order placed from it both hold: billing address, a card
    payment, one shipment with its shipping item, and the product items in it."""
    billing = order_address(customer, address)
    shipment_no = f"{generate_document_id()[:8]}"
    return {
        "billing_address": billing,
        "payment_instruments": [
            card_payment(customer, totals, card_number=card_number, expiration_year=expiration_year)
        ],
        "shipments": [shipment(billing, totals, shipped=shipped, shipment_no=shipment_no)],
        "shipping_items": [shipping_item(totals, tax_rate)],
        "product_items": [
            {**item, "shipment_id": SHIPMENT_ID} for item in totals.get("product_items", [])
        ],
        "channel_type": "storefront",
    }


def order_documents(
    customer,
    address: dict,
    totals: dict,
    *,
    shipped: bool,
    card_number: str,
    expiration_year: int,
    tax_rate,
    coupon: tuple[str, Decimal] | None = None,
) -> dict:
    """The ``order`` properties beside the totals, for ``Order(**totals, **documents)``.

    Product items are moved into the shipment; ``coupon`` (code, amount) adds the order
    price adjustment it caused, already part of ``totals`` (``line_items(discount=...)``).
    """
    documents = {
        **checkout_documents(
            customer,
            address,
            totals,
            card_number=card_number,
            expiration_year=expiration_year,
            tax_rate=tax_rate,
            shipped=shipped,
        ),
        "confirmation_status": "confirmed",
        "export_status": "exported" if shipped else "ready",
        "created_by": "Customer",
    }
    if coupon is not None:
        adjustment, coupon_item = coupon_discount(*coupon)
        documents["order_price_adjustments"] = [adjustment]
        documents["coupon_items"] = [coupon_item]
    return documents


def basket_documents(
    customer,
    address: dict,
    totals: dict,
    *,
    card_number: str,
    expiration_year: int,
    tax_rate,
    coupon: tuple[str, Decimal],
    bonus_product: tuple[str, str],
    reserved_until,
) -> dict:
    """The ``basket`` properties beside the totals, for ``Basket(**totals, **documents)``:
    a basket on its way through checkout, with everything the document defines but
    ``notes`` (a link to the Baskets resource, which shopsite does not serve): a coupon and
    the adjustment it caused (already in ``totals``), a gift certificate (added to the
    order total), a bonus product offered, an inventory reservation.
    """
    certificate_amount = Decimal("25.00")
    order_total = totals["order_total"] + certificate_amount
    adjustment, coupon_item = coupon_discount(*coupon)
    product_id, product_name = bonus_product
    return {
        **checkout_documents(
            customer,
            address,
            {**totals, "order_total": order_total},
            card_number=card_number,
            expiration_year=expiration_year,
            tax_rate=tax_rate,
        ),
        "order_total": order_total,
        "order_price_adjustments": [adjustment],
        "coupon_items": [coupon_item],
        "gift_certificate_items": [
            {
                "gift_certificate_item_id": generate_document_id(),
                "amount": money(certificate_amount),
                "recipient_email": customer.email or "recipient@example.com",
                "recipient_name": customer.full_name,
                "sender_name": customer.full_name,
                "message": "Happy birthday!",
                "shipment_id": SHIPMENT_ID,
            }
        ],
        "bonus_discount_line_items": [
            {
                "id": generate_document_id(),
                "promotion_id": "free-gift-promotion",
                "coupon_code": coupon[0],
                "max_bonus_items": 1,
                "bonus_products": [{"product_id": product_id, "product_name": product_name}],
            }
        ],
        "source_code": "NEWSLETTER",
        "agent_basket": False,
        "inventory_reservation_expiry": reserved_until,
    }
