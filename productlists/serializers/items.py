"""The ``customer_product_list_item`` document (request and response)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from productlists.models import CustomerProductListItem, Product
from productlists.models.product import PRODUCT_ID_MAX_LENGTH
from productlists.serializers.base import ChangeableFieldsMixin
from productlists.serializers.fields import QuantityField, number_document
from productlists.serializers.links import shop_url
from productlists.serializers.product import ProductSerializer
from shopsite.api import faults
from shopsite.api.limits import INT32_MAX, INT32_MIN
from shopsite.api.schema import LINK, NUMBER, embedded_schema
from shopsite.api.serializers import (
    OcapiDocumentSerializer,
    StrictBooleanField,
    StrictCharField,
    StrictChoiceField,
    StrictIntegerField,
)


class ProductIdField(StrictCharField):
    """``product_id``: the product's id out; in, the id, resolved by the serializer."""

    def to_representation(self, product):
        return product.product_id


class CustomerProductListItemSerializer(OcapiDocumentSerializer):
    """OCAPI ``customer_product_list_item``.

    ``type`` is checked first (``ProductListItemTypeMissingException``), then the product
    of a product item (``ProductListProductIdMissingException``,
    ``ProductListProductNotFoundException``; products that are offline count as unknown).
    A gift certificate item has no product and no quantity. ``purchased_quantity`` is the
    annotation of ``CustomerProductListItem.objects.with_purchased_quantity()``.
    """

    document_type = "customer_product_list_item"
    custom_attributes_field = "custom"
    state_excludes = frozenset({"product"})

    id = serializers.CharField(source="item_id", read_only=True)
    type = StrictChoiceField(choices=CustomerProductListItem.Type.choices, required=False)
    # Blank or null is a missing product id: ProductListProductIdMissingException.
    product_id = ProductIdField(
        source="product",
        required=False,
        allow_blank=True,
        allow_null=True,
        max_length=PRODUCT_ID_MAX_LENGTH,
    )
    # Declared: the bounds the model field would give are the database's (64-bit on SQLite).
    priority = StrictIntegerField(required=False, min_value=INT32_MIN, max_value=INT32_MAX)
    public = StrictBooleanField(required=False)
    quantity = QuantityField(required=False)
    purchased_quantity = serializers.SerializerMethodField()
    product_details_link = serializers.SerializerMethodField()
    product = serializers.SerializerMethodField()

    class Meta:
        model = CustomerProductListItem
        fields = [
            "id",
            "priority",
            "product",
            "product_details_link",
            "product_id",
            "public",
            "purchased_quantity",
            "quantity",
            "type",
        ]

    def to_internal_value(self, data):
        if isinstance(data, dict) and not self.partial and data.get("type") is None:
            raise faults.ProductListItemTypeMissing()
        return super().to_internal_value(data)

    def validate(self, attrs):
        if self.partial:
            return attrs
        if attrs["type"] == CustomerProductListItem.Type.GIFT_CERTIFICATE:
            # product_id and quantity are "used for product item type only".
            attrs.pop("product", None)
            attrs.pop("quantity", None)
            return attrs
        product_id = attrs.get("product")
        if not product_id:
            raise faults.ProductListProductIdMissing()
        product = Product.objects.online().filter(product_id=product_id).first()
        if product is None:
            raise faults.ProductListProductNotFound(productId=product_id)
        attrs["product"] = product
        return attrs

    def to_representation(self, item):
        document = super().to_representation(item)
        if item.type == CustomerProductListItem.Type.GIFT_CERTIFICATE:
            document.pop("quantity", None)
        return document

    @extend_schema_field(NUMBER)
    def get_purchased_quantity(self, item):
        return number_document(item.purchased_quantity)

    @extend_schema_field(embedded_schema("product_simple_link", **LINK))
    def get_product_details_link(self, item):
        if item.product is None:
            return None
        return {
            "_type": "product_simple_link",
            "link": shop_url(self.context["request"], "products", item.product.product_id),
            "title": item.product.name,
        }

    @extend_schema_field(ProductSerializer)
    def get_product(self, item):
        if item.product is None or "product" not in self.context.get("expand", ()):
            return None
        return ProductSerializer(item.product, context=self.context).data


class EmbeddedItemSerializer(CustomerProductListItemSerializer):
    """An item inside its list's document: no ``_resource_state`` of its own."""

    include_resource_state = False


class CustomerProductListItemUpdateSerializer(
    ChangeableFieldsMixin, CustomerProductListItemSerializer
):
    """PATCH: "Considered values from the request body are priority, public, quantity"
    and ``c_*``."""

    changeable = frozenset({"priority", "public", "quantity"})
