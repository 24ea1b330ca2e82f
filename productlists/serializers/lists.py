"""The ``customer_product_list`` document (request and response) and the documents it
nests: ``product_list_event``, the registrants and the shipping address links."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from customers.models.address import ADDRESS_ID_MAX_LENGTH
from customers.serializers.embedded import EmbeddedDocumentSerializer
from productlists.models import CustomerProductList
from productlists.serializers.base import ChangeableFieldsMixin
from productlists.serializers.fields import EventDateField
from productlists.serializers.items import EmbeddedItemSerializer
from productlists.serializers.links import customer_url
from shopsite.api import faults
from shopsite.api.schema import LINK, embedded_schema
from shopsite.api.serializers import (
    OcapiDocumentSerializer,
    StrictBooleanField,
    StrictCharField,
    StrictEmailField,
)

#: The model fields behind the ``*_shipping_address_link`` properties.
ADDRESS_FIELDS = ("shipping_address", "current_shipping_address", "post_event_shipping_address")


def text(source: str | None = None, max_length: int = 256):
    """An optional string property (of the model field ``source``, if named otherwise)."""
    kwargs = {"source": source} if source else {}
    return StrictCharField(max_length=max_length, required=False, allow_blank=True, **kwargs)


class ProductListEventSerializer(EmbeddedDocumentSerializer):
    """``event``: always present in a list's document, empty or not, as in the samples."""

    document_type = "product_list_event"

    city = text("event_city")
    country = text("event_country")
    date = EventDateField(source="event_date", required=False, allow_null=True)
    state = text("event_state")
    type = text("event_type")


class RegistrantSerializer(EmbeddedDocumentSerializer):
    """``registrant``/``co_registrant``: left out of the list's document when empty."""

    document_type = "product_list_registrant"

    def to_representation(self, instance):
        document = super().to_representation(instance)
        return document if set(document) - {"_type"} else None


def registrant_serializer(prefix: str) -> type[RegistrantSerializer]:
    """The registrant document over the model's ``{prefix}email``, ... columns."""
    fields = {
        "email": StrictEmailField(
            source=f"{prefix}email", max_length=256, required=False, allow_blank=True
        ),
        "first_name": text(f"{prefix}first_name"),
        "last_name": text(f"{prefix}last_name"),
        "role": text(f"{prefix}role"),
    }
    return type(f"{prefix.title().replace('_', '')}Serializer", (RegistrantSerializer,), fields)


@extend_schema_field(
    embedded_schema(
        "customer_address_link",
        required=["address_id"],
        address_id={"type": "string", "minLength": 1, "maxLength": ADDRESS_ID_MAX_LENGTH},
        **LINK,
    )
)
class AddressLinkField(serializers.Field):
    """A link into the owner's address book.

    In: ``{"address_id": "home"}`` (``link`` and ``title`` may be echoed back and are
    ignored); the serializer checks that the address is the owner's. Out: the address
    id, its absolute URL, and the title the samples show ("me, John Doe, Woburn").
    """

    ACCEPTED = frozenset({"address_id", "link", "title", "_type"})
    default_error_messages = {"invalid": "An address link with an address_id is required."}

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            self.fail("invalid")
        for name in data:
            if name not in self.ACCEPTED:
                raise faults.UnknownProperty(property=name, document="customer_address_link")
        address_id = data.get("address_id")
        if (
            not isinstance(address_id, str)
            or not address_id
            or len(address_id) > ADDRESS_ID_MAX_LENGTH
            or "\x00" in address_id
        ):
            self.fail("invalid")
        return address_id

    def to_representation(self, address):
        title = ", ".join(
            part for part in (address.address_id, address.full_name, address.city) if part
        )
        return {
            "_type": "address_link",
            "address_id": address.address_id,
            "link": customer_url(
                self.context["request"], self.context["customer"], "addresses", address.address_id
            ),
            "title": title,
        }


class CustomerProductListSerializer(OcapiDocumentSerializer):
    """OCAPI ``customer_product_list``.

    ``type`` is mandatory and checked first (``InvalidProductListTypeException``). The
    document embeds the list's items (``customer_product_list_items``, prefetched by the
    view) and links to them (``items_link``, titled "N items").
    """

    document_type = "customer_product_list"
    custom_attributes_field = "custom"
    # The embedded items carry their own states (and expanded products): the list's
    # state is its own properties'.
    state_excludes = frozenset({"customer_product_list_items"})

    id = serializers.CharField(source="list_id", read_only=True)
    type = serializers.CharField(required=False)
    name = text()
    description = text(max_length=4000)
    public = StrictBooleanField(required=False)
    event = ProductListEventSerializer(source="*", required=False)
    registrant = registrant_serializer("registrant_")(source="*", required=False)
    co_registrant = registrant_serializer("co_registrant_")(source="*", required=False)
    shipping_address_link = AddressLinkField(source="shipping_address", required=False)
    current_shipping_address_link = AddressLinkField(
        source="current_shipping_address", required=False
    )
    post_event_shipping_address_link = AddressLinkField(
        source="post_event_shipping_address", required=False
    )
    items_link = serializers.SerializerMethodField()
    customer_product_list_items = serializers.SerializerMethodField()

    class Meta:
        model = CustomerProductList
        fields = [
            "co_registrant",
            "creation_date",
            "current_shipping_address_link",
            "customer_product_list_items",
            "description",
            "event",
            "id",
            "items_link",
            "last_modified",
            "name",
            "post_event_shipping_address_link",
            "public",
            "registrant",
            "shipping_address_link",
            "type",
        ]
        read_only_fields = ["creation_date", "last_modified"]

    def to_internal_value(self, data):
        known_type = isinstance(data, dict) and data.get("type") in CustomerProductList.Type.values
        if isinstance(data, dict) and not self.partial and not known_type:
            raise faults.InvalidProductListType(types=", ".join(CustomerProductList.Type.values))
        return super().to_internal_value(data)

    def validate(self, attrs):
        """Address links must name addresses of the list's owner (one query for all)."""
        wanted = {field: attrs[field] for field in ADDRESS_FIELDS if attrs.get(field)}
        if wanted:
            customer = self.context["customer"]
            found = {
                address.address_id: address
                for address in customer.addresses.filter(address_id__in=set(wanted.values()))
            }
            for field, address_id in wanted.items():
                if address_id not in found:
                    raise faults.InvalidAddressLink(
                        addressId=address_id, customerNo=customer.customer_no
                    )
                attrs[field] = found[address_id]
        return attrs

    def get_items(self, product_list) -> list:
        return list(product_list.items.all())

    @extend_schema_field(embedded_schema("customer_product_list_item_link", **LINK))
    def get_items_link(self, product_list):
        count = len(self.get_items(product_list))
        return {
            "_type": "customer_product_list_item_link",
            "link": customer_url(
                self.context["request"],
                self.context["customer"],
                "product_lists",
                product_list.list_id,
                "items",
            ),
            "title": f"{count} items",
        }

    @extend_schema_field(EmbeddedItemSerializer(many=True))
    def get_customer_product_list_items(self, product_list):
        items = self.get_items(product_list)
        return EmbeddedItemSerializer(items, many=True, context=self.context).data


class CustomerProductListUpdateSerializer(ChangeableFieldsMixin, CustomerProductListSerializer):
    """PATCH: "Changeable properties are the name, description and if the list is
    public", and ``c_*`` attributes."""

    changeable = frozenset({"name", "description", "public"})
