"""A customer's baskets and orders, as far as the Customers resource reads them.

The Baskets and Orders resources own checkout; here a basket or order is what a customer
lists. Both are the whole documented ``basket``/``order``: totals, channel, source code,
notes and the documents checkout computed (product items, billing address, payment
instruments, shipments, shipping items, price adjustments, coupons, gift certificates,
bonus discounts), each stored as the JSON the Shop API defines and checked against its
definition (``customers.order_documents``); an order adds its number, statuses, site and
token. An order so stays a faithful record of what was bought even when the catalog
changes.
"""

import secrets
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from customers.models.ids import generate_document_id
from customers.order_documents import DocumentValidator


def generate_order_token() -> str:
    return secrets.token_hex(16)


def _money(**kwargs):
    return models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0.00"), **kwargs)


def validate_product_items(value) -> None:
    """A list of objects, each naming a product and a quantity from 0 to 999."""
    if not isinstance(value, list):
        raise ValidationError("Product items must be a list.")
    for index, item in enumerate(value, start=1):
        if not isinstance(item, dict):
            raise ValidationError(f"Product item {index} must be an object.")
        if not isinstance(item.get("product_id"), str) or not item["product_id"]:
            raise ValidationError(f"Product item {index} needs a product_id.")
        quantity = item.get("quantity")
        if isinstance(quantity, bool) or not isinstance(quantity, int | float):
            raise ValidationError(f"Product item {index} needs a numeric quantity.")
        if not 0 <= quantity <= 999:
            raise ValidationError(f"Product item {index}: quantity must be 0 to 999.")


def _documents(definition: str, **kwargs):
    """A JSON list of ``definition`` documents."""
    return models.JSONField(
        default=list, blank=True, validators=[DocumentValidator(definition, many=True)], **kwargs
    )


class ChannelType(models.TextChoices):
    """The ``channel_type`` enumeration of the ``basket`` and ``order`` documents."""

    STOREFRONT = "storefront", "Storefront"
    CALLCENTER = "callcenter", "Call center"
    MARKETPLACE = "marketplace", "Marketplace"
    DSS = "dss", "DSS"
    STORE = "store", "Store"
    PINTEREST = "pinterest", "Pinterest"
    TWITTER = "twitter", "Twitter"
    FACEBOOKADS = "facebookads", "Facebook ads"
    SUBSCRIPTIONS = "subscriptions", "Subscriptions"
    ONLINERESERVATION = "onlinereservation", "Online reservation"
    CUSTOMERSERVICECENTER = "customerservicecenter", "Customer service center"
    INSTAGRAMCOMMERCE = "instagramcommerce", "Instagram commerce"


class LineItemContainer(models.Model):
    """What baskets and orders share (Commerce Cloud's ``LineItemCtnr``)."""

    class Taxation(models.TextChoices):
        GROSS = "gross", "Gross"
        NET = "net", "Net"

    ChannelType = ChannelType

    customer = models.ForeignKey("customers.Customer", on_delete=models.CASCADE)
    currency = models.CharField(max_length=3, default="USD", help_text="ISO 4217 code")
    taxation = models.CharField(max_length=8, choices=Taxation.choices, default=Taxation.GROSS)
    channel_type = models.CharField(max_length=32, choices=ChannelType.choices, blank=True)
    source_code = models.CharField(max_length=256, blank=True)

    # The documents checkout computed, as the Shop API defines them.
    product_items = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_product_items, DocumentValidator("product_item", many=True)],
    )
    billing_address = models.JSONField(
        default=dict, blank=True, validators=[DocumentValidator("order_address")]
    )
    payment_instruments = _documents("order_payment_instrument")
    shipments = _documents("shipment")
    shipping_items = _documents("shipping_item")
    order_price_adjustments = _documents("price_adjustment")
    coupon_items = _documents("coupon_item")
    gift_certificate_items = _documents("gift_certificate_item")
    bonus_discount_line_items = _documents("bonus_discount_line_item")
    notes = models.JSONField(
        default=dict,
        blank=True,
        validators=[DocumentValidator("simple_link")],
        help_text='A link to the notes: {"link": "..."}',
    )

    product_sub_total = _money()
    product_total = _money()
    merchandize_total_tax = _money()
    adjusted_merchandize_total_tax = _money()
    shipping_total = _money()
    shipping_total_tax = _money()
    adjusted_shipping_total_tax = _money()
    tax_total = _money()
    order_total = _money()
    custom = models.JSONField(default=dict, blank=True, help_text="c_* custom attributes")
    last_modified = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Basket(LineItemContainer):
    """A customer's open basket (a customer may keep more than one)."""

    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.CASCADE, related_name="baskets"
    )
    basket_id = models.CharField(
        max_length=32, unique=True, default=generate_document_id, editable=False
    )
    creation_date = models.DateTimeField(auto_now_add=True)
    agent_basket = models.BooleanField(
        default=False, help_text="Created by an agent on behalf of the customer."
    )
    inventory_reservation_expiry = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-last_modified", "-pk"]

    def __str__(self):
        return self.basket_id

    # A basket is still the customer's working copy: it shows the current profile.
    @property
    def customer_name(self) -> str:
        return self.customer.full_name

    @property
    def email(self) -> str:
        return self.customer.email


class Order(LineItemContainer):
    """A placed order. Its ``site`` may differ from the customer's (``cross-sites``).

    Read-only in the API (``GET /customers/{id}/orders``); written by checkout, imports,
    the admin and the demo data. Payment instruments hold what an order document shows
    of them (masked numbers), never a full number.
    """

    class ConfirmationStatus(models.TextChoices):
        NOT_CONFIRMED = "not_confirmed", "Not confirmed"
        CONFIRMED = "confirmed", "Confirmed"

    class ExportStatus(models.TextChoices):
        NOT_EXPORTED = "not_exported", "Not exported"
        EXPORTED = "exported", "Exported"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    class Status(models.TextChoices):
        CREATED = "created", "Created"
        NEW = "new", "New"
        OPEN = "open", "Open"
        COMPLETED = "completed", "Completed"
        CANCELLED = "cancelled", "Cancelled"
        REPLACED = "replaced", "Replaced"
        FAILED = "failed", "Failed"

    class PaymentStatus(models.TextChoices):
        NOT_PAID = "not_paid", "Not paid"
        PART_PAID = "part_paid", "Partly paid"
        PAID = "paid", "Paid"

    class ShippingStatus(models.TextChoices):
        NOT_SHIPPED = "not_shipped", "Not shipped"
        PART_SHIPPED = "part_shipped", "Partly shipped"
        SHIPPED = "shipped", "Shipped"

    # An order is a business record: it is not deleted with a customer by accident.
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.PROTECT, related_name="orders"
    )
    site = models.ForeignKey("ocapi.Site", on_delete=models.PROTECT, related_name="orders")
    order_no = models.CharField(
        max_length=100, unique=True, blank=True, help_text="Assigned on creation if left blank."
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.CREATED)
    payment_status = models.CharField(
        max_length=16, choices=PaymentStatus.choices, default=PaymentStatus.NOT_PAID
    )
    shipping_status = models.CharField(
        max_length=16, choices=ShippingStatus.choices, default=ShippingStatus.NOT_SHIPPED
    )
    # What the customer was called and reached at when ordering: the order keeps it even
    # if the profile changes later (OCAPI's ``customer_info``).
    customer_name = models.CharField(max_length=512, blank=True)
    email = models.EmailField(max_length=256, blank=True)
    creation_date = models.DateTimeField(default=timezone.now, db_index=True)

    confirmation_status = models.CharField(
        max_length=16, choices=ConfirmationStatus.choices, blank=True
    )
    export_status = models.CharField(max_length=16, choices=ExportStatus.choices, blank=True)
    external_order_status = models.CharField(max_length=256, blank=True)
    created_by = models.CharField(max_length=256, blank=True, help_text="Who placed it.")
    global_party_id = models.CharField(
        max_length=256, blank=True, help_text="The customer's Customer 360 global party id."
    )
    # OCAPI's token securing the lookup of an order by its plain number (a guest's order
    # confirmation page): random, given on creation, shown to the order's customer only.
    order_token = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["-creation_date", "-pk"]
        indexes = [models.Index(fields=["customer", "site", "creation_date"])]

    def __str__(self):
        return self.order_no or f"order #{self.pk}"

    def save(self, *args, **kwargs):
        if not self.order_token:
            self.order_token = generate_order_token()
        if not self.customer_name and not self.email and self.customer_id:
            self.customer_name = self.customer.full_name
            self.email = self.customer.email
        if self.order_no:
            super().save(*args, **kwargs)
            return
        # Numbered from the primary key, as customer numbers are: unique without a race.
        self.order_no = f"pending-{generate_document_id()}"
        super().save(*args, **kwargs)
        self.order_no = f"{self.pk:08d}"
        Order.objects.filter(pk=self.pk).update(order_no=self.order_no)
