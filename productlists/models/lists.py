"""Customer product lists (wish lists, gift registries, shopping lists), their items and
the purchases made from them: OCAPI's ``customer_product_list*`` documents."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import OuterRef, Prefetch, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from customers.models.ids import generate_document_id

DOCUMENT_ID_MAX_LENGTH = 28  # the documented maxLength of list_id, item_id, purchase_id
QUANTITY_DIGITS, QUANTITY_DECIMALS = 12, 2


def quantity_field(**kwargs) -> models.DecimalField:
    return models.DecimalField(
        max_digits=QUANTITY_DIGITS,
        decimal_places=QUANTITY_DECIMALS,
        validators=[MinValueValidator(0)],
        **kwargs,
    )


def document_id_field(verbose_name: str) -> models.CharField:
    """The id a list, item or purchase is addressed by in URLs: generated, never changed."""
    return models.CharField(
        verbose_name,
        max_length=DOCUMENT_ID_MAX_LENGTH,
        unique=True,
        default=generate_document_id,
        editable=False,
    )


class ProductListDocument(models.Model):
    """What lists, items and purchases all have: ``c_*`` attributes, creation and
    modification dates, and creation order."""

    custom = models.JSONField(default=dict, blank=True, help_text="c_* custom attributes")
    creation_date = models.DateTimeField(auto_now_add=True)
    last_modified = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
        ordering = ["creation_date", "pk"]


def address_link() -> models.ForeignKey:
    """A link into the owner's address book; deleting the address unlinks it."""
    return models.ForeignKey(
        "customers.CustomerAddress",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )


class CustomerProductList(ProductListDocument):
    """One list of a registered customer.

    A gift registry describes its ``event`` and the people it is for (``registrant``,
    ``co_registrant``); those are columns here rather than separate rows, because a list
    has at most one of each and they are always read with it. The shipping addresses are
    links into the owner's address book: deleting the address unlinks it.
    """

    class Type(models.TextChoices):
        WISH_LIST = "wish_list"
        GIFT_REGISTRY = "gift_registry"
        SHOPPING_LIST = "shopping_list"
        CUSTOM_1 = "custom_1"
        CUSTOM_2 = "custom_2"
        CUSTOM_3 = "custom_3"

    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.CASCADE, related_name="product_lists"
    )
    list_id = document_id_field("list id")
    type = models.CharField(max_length=32, choices=Type.choices)
    name = models.CharField(max_length=256, blank=True)
    description = models.TextField(blank=True)
    public = models.BooleanField(default=False)

    event_type = models.CharField(max_length=256, blank=True)
    event_date = models.DateTimeField(null=True, blank=True)
    event_city = models.CharField(max_length=256, blank=True)
    event_state = models.CharField(max_length=256, blank=True)
    event_country = models.CharField(max_length=256, blank=True)

    registrant_email = models.EmailField(max_length=256, blank=True)
    registrant_first_name = models.CharField(max_length=256, blank=True)
    registrant_last_name = models.CharField(max_length=256, blank=True)
    registrant_role = models.CharField(max_length=256, blank=True)
    co_registrant_email = models.EmailField(max_length=256, blank=True)
    co_registrant_first_name = models.CharField(max_length=256, blank=True)
    co_registrant_last_name = models.CharField(max_length=256, blank=True)
    co_registrant_role = models.CharField(max_length=256, blank=True)

    shipping_address = address_link()
    current_shipping_address = address_link()
    post_event_shipping_address = address_link()

    class Meta(ProductListDocument.Meta):
        verbose_name = "product list"

    def __str__(self):
        return self.name or f"{self.get_type_display()} {self.list_id}"


class CustomerProductListItemQuerySet(models.QuerySet):
    def with_purchased_quantity(self):
        """Annotate ``purchased_quantity``: the sum of the item's purchases.

        Computed in the query rather than kept in a counter column, so it is the sum by
        construction: concurrent purchases, purchases added or removed in the admin, or a
        rolled-back request can never leave it out of step. One correlated subquery keeps
        the cost at one query however many items are read.
        """
        purchases = (
            CustomerProductListItemPurchase.objects.filter(item=OuterRef("pk"))
            .order_by()
            .values("item")
            .annotate(total=Sum("quantity"))
            .values("total")
        )
        output = models.DecimalField(max_digits=QUANTITY_DIGITS + 6, decimal_places=2)
        return self.annotate(
            purchased_quantity=Coalesce(
                Subquery(purchases, output_field=output), Value(Decimal("0")), output_field=output
            )
        )

    def for_documents(self):
        """What an item document reads: its product and its purchased quantity."""
        return self.select_related("product").with_purchased_quantity()


class CustomerProductListItem(ProductListDocument):
    """An entry of a list: a product (with a wanted quantity) or a gift certificate.

    A list holds at most one gift certificate item; a partial unique index keeps it so
    even when two requests add one at the same time.
    """

    class Type(models.TextChoices):
        PRODUCT = "product"
        GIFT_CERTIFICATE = "gift_certificate"

    product_list = models.ForeignKey(
        CustomerProductList, on_delete=models.CASCADE, related_name="items"
    )
    item_id = document_id_field("item id")
    type = models.CharField(max_length=32, choices=Type.choices, default=Type.PRODUCT)
    product = models.ForeignKey(
        "productlists.Product",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="list_items",
    )
    priority = models.IntegerField(default=0)
    public = models.BooleanField(default=False)
    quantity = quantity_field(default=Decimal("1"))

    objects = CustomerProductListItemQuerySet.as_manager()

    class Meta(ProductListDocument.Meta):
        verbose_name = "product list item"
        constraints = [
            models.UniqueConstraint(
                fields=["product_list"],
                condition=models.Q(type="gift_certificate"),
                name="product_list_one_gift_certificate",
            ),
            models.CheckConstraint(
                condition=models.Q(type="gift_certificate") | models.Q(product__isnull=False),
                name="product_list_item_product_has_product",
            ),
        ]

    def __str__(self):
        if self.type == self.Type.GIFT_CERTIFICATE:
            return "Gift certificate"
        return str(self.product)


class CustomerProductListItemPurchase(ProductListDocument):
    """Someone bought ``quantity`` of an item (a guest at the wedding, the customer)."""

    item = models.ForeignKey(
        CustomerProductListItem, on_delete=models.CASCADE, related_name="purchases"
    )
    purchase_id = document_id_field("purchase id")
    purchaser_name = models.CharField(max_length=256)
    quantity = quantity_field()
    order_no = models.CharField("order number", max_length=256, blank=True)

    class Meta(ProductListDocument.Meta):
        verbose_name = "purchase"

    def __str__(self):
        return f"{self.quantity} by {self.purchaser_name}"


def items_for_documents() -> Prefetch:
    """Prefetch of a list's items as the list document embeds them (one query)."""
    return Prefetch("items", queryset=CustomerProductListItem.objects.for_documents())
