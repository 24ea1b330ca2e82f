"""``load_demo_data`` gives every demo customer an address book, payment instruments, a
basket and orders, and running it again changes nothing."""

from io import StringIO

from django.core.management import call_command

from customers.models import Basket, Customer, CustomerAddress, CustomerPaymentInstrument, Order


def counts():
    return [
        model.objects.count()
        for model in (CustomerAddress, CustomerPaymentInstrument, Basket, Order)
    ]


def test_demo_customers_get_documents_once(db):
    call_command("load_demo_data", stdout=StringIO())
    first = counts()
    call_command("load_demo_data", stdout=StringIO())

    assert counts() == first
    for customer in Customer.objects.registered():
        assert customer.addresses.count() == 2
        assert customer.addresses.filter(preferred=True).count() == 1
        methods = set(customer.payment_instruments.values_list("payment_method_id", flat=True))
        assert methods == {"CREDIT_CARD", "GIFT_CERTIFICATE", "BANK_TRANSFER"}
        card = customer.payment_instruments.get(payment_method_id="CREDIT_CARD")
        assert card.card_masked_number == "************1111"
        assert customer.baskets.count() == 1
        orders = list(customer.orders.all())
        assert len(orders) == 3
        assert all(order.site == customer.site for order in orders)
        for order in orders:
            assert order.order_total == (
                order.product_total + order.shipping_total + order.tax_total
            )
