"""Demo data of the product lists app, loaded by ``manage.py load_demo_data``: a small
catalogue (``shopsite/demo/data/demo_catalog.csv``, imported like any catalogue file) and,
for a demo customer, a wish list and a gift registry with an event, registrants and a purchase."""

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from django.utils import timezone

from productlists.catalog import import_products, read_records
from productlists.models import CustomerProductList, Product

DEMO_CATALOG = Path(__file__).resolve().parent / "data" / "demo_catalog.csv"
WISH_LIST_ITEMS = [("25686364M", 1, 1), ("25696717M", 2, 1), ("008884303989", 3, 2)]
REGISTRY_ITEMS = [("kitchen-espresso", 1, 1), ("linen-bedding-set", 2, 1), ("crystal-flutes", 3, 2)]


def load_demo_catalog():
    """Import the demo catalogue (updates the products when run again)."""
    return import_products(read_records(DEMO_CATALOG))


def populate(customer) -> None:
    """Give ``customer`` a wish list and a gift registry, once."""
    if customer.product_lists.exists():
        return
    products = {product.product_id: product for product in Product.objects.all()}
    wish_list = customer.product_lists.create(
        type=CustomerProductList.Type.WISH_LIST,
        name="My wish list",
        description="Things I would like",
    )
    _add_items(wish_list, products, WISH_LIST_ITEMS)
    home = customer.addresses.filter(preferred=True).first()
    registry = customer.product_lists.create(
        type=CustomerProductList.Type.GIFT_REGISTRY,
        name=f"{customer.last_name} wedding",
        description="Our wedding registry",
        public=True,
        event_type="Wedding",
        event_date=timezone.now() + timedelta(days=90),
        event_city="Woburn",
        event_state="MA",
        event_country="US",
        registrant_first_name=customer.first_name,
        registrant_last_name=customer.last_name,
        registrant_email=customer.email,
        registrant_role="Bride" if customer.gender == 2 else "Groom",
        co_registrant_first_name="Alex",
        co_registrant_last_name="Morgan",
        co_registrant_email="alex.morgan@example.com",
        co_registrant_role="Groom" if customer.gender == 2 else "Bride",
        shipping_address=home,
        post_event_shipping_address=home,
    )
    items = _add_items(registry, products, REGISTRY_ITEMS)
    registry.items.create(type="gift_certificate", priority=4, public=True)
    items[-1].purchases.create(purchaser_name="Ada Lovelace", quantity=Decimal("1"))


def _add_items(product_list, products, entries):
    return [
        product_list.items.create(
            type="product",
            product=products[product_id],
            priority=priority,
            quantity=Decimal(quantity),
            public=product_list.public,
        )
        for product_id, priority, quantity in entries
    ]
