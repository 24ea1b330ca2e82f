"""The whole ``basket`` and ``order`` documents as a customer's lists show them (read-only)."""

from rest_framework import serializers

from customers import order_documents
from customers.models import Basket, Order
from customers.serializers.embedded import EmbeddedDocumentSerializer
from shopsite.api.serializers import OcapiDocumentSerializer, is_empty

MONEY_FIELDS = [
    "adjusted_merchandize_total_tax",
    "adjusted_shipping_total_tax",
    "merchandize_total_tax",
    "order_total",
    "product_sub_total",
    "product_total",
    "shipping_total",
    "shipping_total_tax",
    "tax_total",
]
COMMON_FIELDS = [
    *MONEY_FIELDS,
    *order_documents.SINGLE,
    *order_documents.LISTS,
    "channel_type",
    "creation_date",
    "currency",
    "customer_info",
    "last_modified",
    "source_code",
    "taxation",
]


class CustomerInfoSerializer(EmbeddedDocumentSerializer):
    """``customer_info``: who the basket or order belongs to."""

    document_type = "customer_info"

    customer_id = serializers.CharField(source="customer.customer_id", read_only=True)
    customer_name = serializers.CharField(read_only=True)
    customer_no = serializers.CharField(source="customer.customer_no", read_only=True)
    email = serializers.CharField(read_only=True)


class OrderDocumentsField(serializers.Field):
    """A stored document of the basket or order (``many``: a list of them), typed on the
    way out."""

    def __init__(self, definition: str, many: bool = False, **kwargs):
        self.definition = definition
        self.many = many
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        # None, not a bare {"_type": ...}: an absent document is left out of the answer.
        return None if is_empty(value) else order_documents.typed(value, self.definition)


class LineItemContainerSerializer(OcapiDocumentSerializer):
    """What basket and order documents share: totals, channel, source code, and the
    documents checkout stored (``order_documents.SINGLE``/``LISTS``), typed as the spec
    defines them. Amounts are JSON numbers (``16.49``), as in the documentation, not the
    strings DRF makes of decimals by default."""

    custom_attributes_field = "custom"
    # Read-only listings: the samples show no resource state on these documents.
    include_resource_state = False

    customer_info = CustomerInfoSerializer(source="*", read_only=True)

    class Meta:
        extra_kwargs = {name: {"coerce_to_string": False} for name in MONEY_FIELDS}

    def get_fields(self):
        fields = super().get_fields()
        for name, definition in order_documents.SINGLE.items():
            fields[name] = OrderDocumentsField(definition)
        for name, definition in order_documents.LISTS.items():
            fields[name] = OrderDocumentsField(definition, many=True)
        return fields


class BasketSerializer(LineItemContainerSerializer):
    """The whole documented ``basket``."""

    document_type = "basket"

    class Meta(LineItemContainerSerializer.Meta):
        model = Basket
        fields = sorted(
            {
                "agent_basket",
                "basket_id",
                "inventory_reservation_expiry",
                *COMMON_FIELDS,
            }
        )
        read_only_fields = fields


class OrderSerializer(LineItemContainerSerializer):
    """The whole documented ``order``: what checkout stored, typed as the spec defines it."""

    document_type = "order"

    site_id = serializers.CharField(source="site.site_id", read_only=True)

    class Meta(LineItemContainerSerializer.Meta):
        model = Order
        fields = sorted(
            {
                "channel_type",
                "confirmation_status",
                "created_by",
                "customer_name",
                "export_status",
                "external_order_status",
                "global_party_id",
                "order_no",
                "order_token",
                "payment_status",
                "shipping_status",
                "site_id",
                "status",
                *COMMON_FIELDS,
            }
        )
        read_only_fields = fields
