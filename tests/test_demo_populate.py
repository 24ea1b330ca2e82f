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


def test_demo_customers_get_product_lists_once(db):
    from productlists.models import CustomerProductList, CustomerProductListItem, Product

    call_command("load_demo_data", stdout=StringIO())
    first = (Product.objects.count(), CustomerProductList.objects.count())
    call_command("load_demo_data", stdout=StringIO())

    assert (Product.objects.count(), CustomerProductList.objects.count()) == first
    assert 20 <= Product.objects.count() <= 50
    for customer in Customer.objects.registered():
        lists = {product_list.type: product_list for product_list in customer.product_lists.all()}
        assert set(lists) == {"wish_list", "gift_registry"}
        assert lists["wish_list"].items.count() == 3
        registry = lists["gift_registry"]
        assert registry.event_type == "Wedding" and registry.event_date is not None
        assert registry.registrant_last_name == customer.last_name
        assert registry.co_registrant_first_name
        assert registry.shipping_address.customer == customer
        assert registry.items.filter(type="gift_certificate").count() == 1
        purchased = CustomerProductListItem.objects.with_purchased_quantity().filter(
            product_list=registry, purchased_quantity__gt=0
        )
        assert purchased.count() == 1
