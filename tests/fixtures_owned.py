"""Fixtures for the documents a customer owns: a second customer, addresses, instruments,
baskets and orders. Test modules load them with ``pytest_plugins``."""

from datetime import datetime
from decimal import Decimal

import pytest

from customers.models import Basket, CustomerAddress, CustomerPaymentInstrument, Order
from tests.conftest import login
from tests.samples import VISA


@pytest.fixture
def other_customer(make_customer):
    return make_customer("jdoe", last_name="Doe")


@pytest.fixture
def other_token(client, other_customer):
    return login(client, "jdoe")


@pytest.fixture
def add_address():
    def add(customer, address_id="home", **fields):
        fields.setdefault("first_name", "John")
        fields.setdefault("last_name", "Smith")
        return CustomerAddress.objects.create(customer=customer, address_id=address_id, **fields)

    return add


@pytest.fixture
def add_card():
    def add(customer, number=VISA, payment_method_id="CREDIT_CARD", **fields):
        instrument = CustomerPaymentInstrument(
            customer=customer,
            payment_method_id=payment_method_id,
            card_type=fields.pop("card_type", "Visa"),
            card_holder=fields.pop("card_holder", "John Smith"),
            card_expiration_month=fields.pop("card_expiration_month", 2),
            card_expiration_year=fields.pop("card_expiration_year", 2099),
            **fields,
        )
        instrument.set_secret("card_number", number)
        instrument.save()
        return instrument

    return add


@pytest.fixture
def add_order(site):
    def add(customer, *, created=None, order_site=None, **fields):
        order = Order(
            customer=customer,
            site=order_site or site,
            creation_date=created or datetime.fromisoformat("2019-05-01T10:00:00+00:00"),
            product_items=fields.pop(
                "product_items", [{"product_id": "P-1", "quantity": 1, "price": 16.49}]
            ),
            product_sub_total=Decimal("16.49"),
            product_total=Decimal("16.49"),
            order_total=Decimal("21.50"),
            tax_total=Decimal("5.00"),
            shipping_total=Decimal("0.01"),
            **fields,
        )
        order.save()
        return order

    return add


@pytest.fixture
def add_basket():
    def add(customer, **fields):
        return Basket.objects.create(
            customer=customer,
            product_items=fields.pop("product_items", [{"product_id": "P-2", "quantity": 2}]),
            product_total=Decimal("20.00"),
            **fields,
        )

    return add


@pytest.fixture
def hook_recorder():
    """Record the extension points a request calls: ``on(name, result=None)`` registers a
    recorder for ``name`` (returning ``result``); ``calls`` lists (name, args) in order."""
    from shopsite.api import hooks

    calls = []
    registered = []

    def on(extension_point, result=None, change=None):
        def implementation(*args):
            calls.append((extension_point, args))
            if change is not None:
                change(*args)
            return result

        hooks.registry.register(extension_point, implementation)
        registered.append((extension_point, implementation))

    yield on, calls
    for extension_point, implementation in registered:
        hooks.registry.unregister(extension_point, implementation)
