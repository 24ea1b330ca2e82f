"""Documents of public product lists (``productlists.public``): ``product_list`` with its
public items, and the ``product_list_link`` a search answers. What a stranger may see:
no quantities bought, no addresses, no registrant emails, no custom attributes."""

from rest_framework import serializers

from productlists.models import CustomerProductList, CustomerProductListItem
from productlists.serializers.items import ProductIdField
from productlists.serializers.lists import ProductListEventSerializer, RegistrantSerializer
from shopsite.api.serializers import OcapiDocumentSerializer


class PublicProductListItemSerializer(OcapiDocumentSerializer):
    document_type = "product_list_item"
    include_resource_state = False

    id = serializers.CharField(source="item_id", read_only=True)
    product_id = ProductIdField(source="product", read_only=True)

    class Meta:
        model = CustomerProductListItem
        fields = ["id", "priority", "product_id", "type"]


def public_registrant(prefix: str) -> type[RegistrantSerializer]:
    fields = {
        name: serializers.CharField(source=f"{prefix}{name}", required=False)
        for name in ("first_name", "last_name", "role")
    }
    name = f"Public{prefix.title().replace('_', '')}Serializer"
    return type(name, (RegistrantSerializer,), fields)


class PublicProductListSerializer(OcapiDocumentSerializer):
    document_type = "product_list"
    include_resource_state = False

    id = serializers.CharField(source="list_id", read_only=True)
    event = ProductListEventSerializer(source="*", read_only=True)
    registrant = public_registrant("registrant_")(source="*", read_only=True)
    co_registrant = public_registrant("co_registrant_")(source="*", read_only=True)
    product_list_items = PublicProductListItemSerializer(source="items", many=True, read_only=True)

    class Meta:
        model = CustomerProductList
        fields = [
            "co_registrant",
            "creation_date",
            "description",
            "event",
            "id",
            "last_modified",
            "name",
            "product_list_items",
            "public",
            "registrant",
            "type",
        ]


class PublicProductListLinkSerializer(OcapiDocumentSerializer):
    document_type = "product_list_link"
    include_resource_state = False

    id = serializers.CharField(source="list_id", read_only=True)
    title = serializers.SerializerMethodField()

    class Meta:
        model = CustomerProductList
        fields = ["description", "id", "name", "title", "type"]

    def get_title(self, product_list) -> str:
        return product_list.name or product_list.get_type_display()
