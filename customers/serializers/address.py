"""The ``customer_address`` document (request and response)."""

from rest_framework import serializers

from customers.models import CustomerAddress
from customers.models.address import ADDRESS_ID_MAX_LENGTH
from shopsite.api import faults
from shopsite.api.serializers import OcapiDocumentSerializer, StrictCharField


def check_address_id(address_id) -> str:
    """An address id names the address in its URL: 1..256 characters, not blank, no '/'."""
    if (
        not isinstance(address_id, str)
        or not address_id.strip()
        or len(address_id) > ADDRESS_ID_MAX_LENGTH
        or "/" in address_id
    ):
        raise faults.InvalidCustomerAddressId(addressId=address_id if address_id else "")
    return address_id


class CustomerAddressSerializer(OcapiDocumentSerializer):
    """OCAPI ``customer_address``. ``full_name`` is derived; ``address_id`` is required on
    creation and may be changed by a PATCH (a rename)."""

    document_type = "customer_address"
    custom_attributes_field = "custom"

    # A plain string: check_address_id raises the documented fault, not a generic one.
    address_id = StrictCharField(required=False, allow_blank=True, trim_whitespace=False)
    full_name = serializers.CharField(read_only=True)

    class Meta:
        model = CustomerAddress
        fields = [
            "address1",
            "address2",
            "address_id",
            "city",
            "company_name",
            "country_code",
            "creation_date",
            "first_name",
            "full_name",
            "job_title",
            "last_modified",
            "last_name",
            "phone",
            "post_box",
            "postal_code",
            "preferred",
            "salutation",
            "second_name",
            "state_code",
            "suffix",
            "suite",
            "title",
        ]
        read_only_fields = ["creation_date", "last_modified"]

    def to_internal_value(self, data):
        # Checked before the other properties: a missing or blank id is the documented
        # InvalidCustomerAddressIdException whatever else is wrong with the document.
        if isinstance(data, dict) and ("address_id" in data or not self.partial):
            check_address_id(data.get("address_id"))
        return super().to_internal_value(data)
