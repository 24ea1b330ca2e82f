"""The ``customer_product_list_item_purchase`` document (request and response)."""

from rest_framework import serializers

from productlists.models import CustomerProductListItemPurchase
from productlists.serializers.base import ChangeableFieldsMixin
from productlists.serializers.fields import QuantityField
from shopsite.api.serializers import OcapiDocumentSerializer, StrictCharField


class CustomerProductListItemPurchaseSerializer(OcapiDocumentSerializer):
    """OCAPI ``customer_product_list_item_purchase``: ``purchaser_name`` and ``quantity``
    are mandatory on creation, ``order_no`` optional."""

    document_type = "customer_product_list_item_purchase"
    custom_attributes_field = "custom"

    id = serializers.CharField(source="purchase_id", read_only=True)
    product_list_item_id = serializers.CharField(source="item.item_id", read_only=True)
    purchaser_name = StrictCharField(max_length=256)
    quantity = QuantityField()
    order_no = StrictCharField(max_length=256, required=False, allow_blank=True)

    class Meta:
        model = CustomerProductListItemPurchase
        fields = ["id", "order_no", "product_list_item_id", "purchaser_name", "quantity"]


class CustomerProductListItemPurchaseUpdateSerializer(
    ChangeableFieldsMixin, CustomerProductListItemPurchaseSerializer
):
    """PATCH: only ``c_*`` attributes are "considered values from the request body"."""
