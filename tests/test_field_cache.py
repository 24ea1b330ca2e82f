"""Serializer fields are built once per class (shopsite.api.field_cache), and the copies
each request gets behave like freshly built ones."""

from unittest import mock

from rest_framework.serializers import ModelSerializer

from customers.serializers.address import CustomerAddressSerializer
from shopsite.api import field_cache

pytest_plugins = ["tests.fixtures_owned"]


def test_a_warm_read_builds_no_serializer_field(client, token, customer, add_address, add_card):
    add_address(customer, "home")
    add_card(customer)
    path = f"customers/{customer.customer_id}?expand=addresses,paymentinstruments"
    assert client.call("GET", path, token=token).status_code == 200

    with mock.patch.object(
        ModelSerializer, "build_field", wraps=ModelSerializer.build_field, autospec=True
    ) as build_field:
        response = client.call("GET", path, token=token)

    assert response.status_code == 200
    assert response.json()["addresses"][0]["address_id"] == "home"
    assert build_field.call_count == 0


def test_copies_are_bound_to_their_own_serializer():
    first, second = CustomerAddressSerializer(), CustomerAddressSerializer()

    assert first.fields["city"] is not second.fields["city"]
    assert first.fields["city"].parent is first
    assert second.fields["city"].parent is second
    assert first.fields["city"].max_length == 256  # what get_fields() set survives the copy


def test_changed_settings_drop_the_prototypes(settings):
    CustomerAddressSerializer().fields  # noqa: B018 - builds the prototype
    assert CustomerAddressSerializer in field_cache._prototypes

    settings.OCAPI = {**settings.OCAPI}

    assert CustomerAddressSerializer not in field_cache._prototypes
