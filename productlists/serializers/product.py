"""The ``product`` document an item embeds with ``expand=product``, and the one
``GET /products/{id}`` answers (``CatalogProductSerializer``).

Only what the catalogue holds: id, name, short description, price and currency, its type
and master. ``expand=images`` adds ``image_groups``, ``expand=availability`` the
``inventory``; in an item both need ``product`` as the documentation says, and everything
comes from the product row the item query already joins, so expanding costs no query.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from customers.serializers.embedded import EmbeddedDocumentSerializer
from productlists.serializers.links import shop_url
from shopsite.api.schema import BOOLEAN, NUMBER, STRING, URI, embedded_schema

IMAGE_VIEW_TYPE = "large"
IMAGE = embedded_schema("image", alt=STRING, link=URI, title=STRING)
IMAGE_GROUP = embedded_schema(
    "image_group", images={"type": "array", "items": IMAGE}, view_type=STRING
)
INVENTORY_ID = "inventory"


class ProductSerializer(EmbeddedDocumentSerializer):
    document_type = "product"

    id = serializers.CharField(source="product_id")
    name = serializers.CharField()
    short_description = serializers.CharField()
    currency = serializers.CharField()
    price = serializers.SerializerMethodField()
    type = serializers.SerializerMethodField()
    master = serializers.SerializerMethodField()
    image_groups = serializers.SerializerMethodField()
    inventory = serializers.SerializerMethodField()

    def expands(self, value: str) -> bool:
        return value in self.context.get("expand", ())

    @extend_schema_field(NUMBER)
    def get_price(self, product):
        return float(product.price) if product.price is not None else None

    @extend_schema_field(embedded_schema("product_type", item=BOOLEAN, variant=BOOLEAN))
    def get_type(self, product):
        kind = "variant" if product.master_id else "item"
        return {"_type": "product_type", kind: True}

    @extend_schema_field(embedded_schema("master", link=URI, master_id=STRING))
    def get_master(self, product):
        if not product.master_id:
            return None
        return {
            "_type": "master",
            "link": shop_url(self.context["request"], "products", product.master_id),
            "master_id": product.master_id,
        }

    @extend_schema_field({"type": "array", "items": IMAGE_GROUP})
    def get_image_groups(self, product):
        if not self.expands("images") or not product.image_urls:
            return None
        images = [
            {"_type": "image", "alt": product.name, "link": url, "title": product.name}
            for url in product.image_urls
        ]
        return [{"_type": "image_group", "images": images, "view_type": IMAGE_VIEW_TYPE}]

    @extend_schema_field(
        embedded_schema(
            "inventory",
            ats=NUMBER,
            backorderable=BOOLEAN,
            id=STRING,
            orderable=BOOLEAN,
            preorderable=BOOLEAN,
            stock_level=NUMBER,
        )
    )
    def get_inventory(self, product):
        if not self.expands("availability"):
            return None
        return {
            "_type": "inventory",
            "ats": product.stock_level if product.online and product.orderable else 0,
            "backorderable": False,
            "id": INVENTORY_ID,
            "orderable": product.is_available,
            "preorderable": False,
            "stock_level": product.stock_level,
        }


class CatalogProductSerializer(ProductSerializer):
    """The Products resource's ``product``: as embedded in a list item, but ``price`` and
    ``currency`` only with ``expand=prices``, the Products resource's expansion for them
    (a list item's product shows its price always, as the Customers resource samples do).
    """

    def to_representation(self, product):
        document = super().to_representation(product)
        if not self.expands("prices"):
            document.pop("price", None)
            document.pop("currency", None)
        return document
