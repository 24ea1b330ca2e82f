"""Load a small, idempotent demo: sites, a storefront API client and a few customers."""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from agents.groups import CUSTOMER_SERVICE_GROUP, ensure_customer_service_group
from customers.models import Customer, CustomerPaymentInstrument, Order
from shopsite.api.models import ApiClient, Site
from shopsite.demo import product_lists as product_lists_demo
from shopsite.demo.orders import basket_documents, order_documents

# Commerce Cloud sandboxes accept this well-known demo client id; so does the demo here.
DEMO_CLIENT_ID = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
# The demo client's OCAPI settings document: explicitly everything, the way a sandbox's
# Business Manager settings are often written, and a starting point to restrict.
DEMO_CLIENT_SETTINGS = {
    "allowed_origins": [],
    "resources": [
        {
            "resource_id": "/**",
            "methods": ["get", "post", "put", "patch", "delete"],
            "read_attributes": "(**)",
            "write_attributes": "(**)",
            "cache_time": 0,
        }
    ],
}
DEMO_PASSWORD = "Demo!Passw0rd"  # noqa: S105 - published demo credentials
# A trusted system (customers/auth/trustedsystem, password/actions/create_reset_token).
DEMO_TRUSTED_CLIENT_NAME = "Demo trusted system"
# A call-centre agent: a staff user in the "Customer service agent" group (agents app).
DEMO_AGENT_LOGIN = "csagent"

DEMO_CUSTOMERS = [
    {
        "login": "jsmith",
        "email": "jsmith@example.com",
        "salutation": "Mr.",
        "first_name": "John",
        "last_name": "Smith",
        "gender": 1,
        "phone_home": "123450003",
        "phone_business": "234560003",
        "phone_mobile": "345670003",
        "custom": {"origin": "webshop"},
    },
    {
        "login": "jdoe",
        "email": "jdoe@example.com",
        "salutation": "Ms.",
        "first_name": "Jane",
        "last_name": "Doe",
        "gender": 2,
        "company_name": "Salesforce Commerce Cloud",
        "job_title": "Developer",
    },
]


class Command(BaseCommand):
    help = (
        "Create the demo sites (SiteGenesis, RefArch), the demo API client "
        f"({DEMO_CLIENT_ID}), a demo trusted client, a small catalogue and demo customers "
        "with product lists. Safe to run again."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        sites = [
            Site.objects.get_or_create(site_id="SiteGenesis", defaults={"name": "Site Genesis"})[0],
            Site.objects.get_or_create(
                site_id="RefArch", defaults={"name": "Reference Architecture"}
            )[0],
        ]
        client = ApiClient.objects.filter(client_id=DEMO_CLIENT_ID).first()
        if client is None:
            client = ApiClient(client_id=DEMO_CLIENT_ID, name="Demo storefront")
        if client.ocapi_settings is None:
            client.ocapi_settings = DEMO_CLIENT_SETTINGS
        client.save()
        trusted = ApiClient.objects.filter(name=DEMO_TRUSTED_CLIENT_NAME, is_trusted=True).first()
        trusted_secret = None
        if trusted is None:
            trusted = ApiClient(name=DEMO_TRUSTED_CLIENT_NAME, is_trusted=True)
            trusted_secret = trusted.set_new_secret()
            trusted.save()
        agent = self.demo_agent()
        catalog = product_lists_demo.load_demo_catalog()
        for site in sites:
            for profile in DEMO_CUSTOMERS:
                customer = self.demo_customer(site, profile)
                self.populate(customer)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write(f"  client id: {client.client_id}")
        # The secret exists in plain text only now; later runs cannot show it again.
        secret = trusted_secret or "(shown when it was created; make a new one in the admin)"
        self.stdout.write(f"  trusted client id: {trusted.client_id}, secret: {secret}")
        self.stdout.write(f"  sites: {', '.join(site.site_id for site in sites)}")
        products = catalog.created + catalog.updated
        self.stdout.write(f"  catalogue: {products} products, each customer has product lists")
        logins = ", ".join(profile["login"] for profile in DEMO_CUSTOMERS)
        self.stdout.write(f"  customers: {logins} (password {DEMO_PASSWORD})")
        self.stdout.write(
            f"  agent (admin and OAuth): {agent.username} (password {DEMO_PASSWORD}), "
            f"group {CUSTOMER_SERVICE_GROUP!r}"
        )

    def demo_agent(self):
        """A staff user in the agent group, to log into the admin or get an OAuth token."""
        agent = User.objects.filter(username=DEMO_AGENT_LOGIN).first()
        if agent is None:
            agent = User.objects.create_user(
                DEMO_AGENT_LOGIN, "csagent@example.com", DEMO_PASSWORD, is_staff=True
            )
        agent.groups.add(ensure_customer_service_group())
        return agent

    def demo_customer(self, site, profile) -> Customer:
        fields = dict(profile)
        login = fields.pop("login")
        customer = Customer.objects.by_login(site, login).first()
        if customer is None:
            customer = Customer.objects.create_registered(
                site, DEMO_PASSWORD, login=login, **fields
            )
        return customer

    def populate(self, customer: Customer) -> None:
        """Give a demo customer the documents of the other resources (addresses...)."""
        self.demo_addresses(customer)
        self.demo_payment_instruments(customer)
        self.demo_basket(customer)
        self.demo_orders(customer)
        product_lists_demo.populate(customer)

    def demo_addresses(self, customer: Customer) -> None:
        for address_id, fields in DEMO_ADDRESSES.items():
            customer.addresses.update_or_create(
                address_id=address_id,
                defaults={
                    "first_name": customer.first_name,
                    "last_name": customer.last_name,
                    "salutation": customer.salutation,
                    **fields,
                },
            )

    def demo_payment_instruments(self, customer: Customer) -> None:
        if customer.payment_instruments.exists():
            return
        card = CustomerPaymentInstrument(
            customer=customer,
            payment_method_id="CREDIT_CARD",
            card_type="Visa",
            card_holder=customer.full_name,
            card_expiration_month=12,
            card_expiration_year=timezone.localdate().year + 3,
        )
        card.set_secret("card_number", DEMO_CARD_NUMBER)
        card.save()
        gift = CustomerPaymentInstrument(customer=customer, payment_method_id="GIFT_CERTIFICATE")
        gift.set_secret("gift_certificate_code", f"DEMO-GIFT-{customer.customer_no}")
        gift.save()
        bank = CustomerPaymentInstrument(
            customer=customer,
            payment_method_id="BANK_TRANSFER",
            bank_routing_number="011000015",
            bank_account_holder=customer.full_name,
        )
        bank.set_secret("bank_account_number", f"9900{customer.customer_no}")
        bank.save()

    def demo_basket(self, customer: Customer) -> None:
        if not customer.baskets.exists():
            totals = line_items(DEMO_BASKET_ITEMS, discount=DEMO_BASKET_COUPON[1])
            customer.baskets.create(
                **{
                    **totals,
                    **basket_documents(
                        customer,
                        DEMO_ADDRESSES["home"],
                        totals,
                        card_number=DEMO_CARD_NUMBER,
                        expiration_year=timezone.now().year + 3,
                        tax_rate=TAX_RATE,
                        coupon=DEMO_BASKET_COUPON,
                        bonus_product=("25565189M", "Pleated Skirt"),
                        reserved_until=timezone.now() + timedelta(minutes=10),
                    ),
                }
            )

    def demo_orders(self, customer: Customer) -> None:
        if customer.orders.exists():
            return
        now = timezone.now()
        for days_ago, status, items, coupon in DEMO_ORDERS:
            shipped = status == Order.Status.COMPLETED
            totals = line_items(items, discount=coupon[1] if coupon else Decimal("0"))
            Order.objects.create(
                customer=customer,
                site=customer.site,
                status=status,
                payment_status=Order.PaymentStatus.PAID,
                shipping_status=(
                    Order.ShippingStatus.SHIPPED if shipped else Order.ShippingStatus.NOT_SHIPPED
                ),
                creation_date=now - timedelta(days=days_ago),
                **{
                    **totals,
                    **order_documents(
                        customer,
                        DEMO_ADDRESSES["home"],
                        totals,
                        shipped=shipped,
                        card_number=DEMO_CARD_NUMBER,
                        expiration_year=now.year + 3,
                        tax_rate=TAX_RATE,
                        coupon=coupon,
                    ),
                },
            )


# A test card number (Visa's published test number; no real account behind it).
DEMO_CARD_NUMBER = "4111111111111111"
DEMO_ADDRESSES = {
    "home": {
        "preferred": True,
        "address1": "10 Presidential Way",
        "city": "Woburn",
        "postal_code": "01801",
        "state_code": "MA",
        "country_code": "US",
        "phone": "781-555-0100",
    },
    "work": {
        "address1": "5 Wall St",
        "city": "Burlington",
        "postal_code": "01803",
        "state_code": "MA",
        "country_code": "US",
        "company_name": "Salesforce Commerce Cloud",
    },
}
DEMO_BASKET_ITEMS = [("25518823M", "Striped Silk Tie", 1, "19.19")]
DEMO_BASKET_COUPON = ("SPRING10", Decimal("1.92"))
# (days ago, status, items, coupon (code, amount) or None)
DEMO_ORDERS = [
    (40, Order.Status.COMPLETED, [("25591862M", "Classic Shirt", 2, "59.00")], None),
    (
        12,
        Order.Status.COMPLETED,
        [("25518823M", "Striped Silk Tie", 1, "19.19")],
        ("WELCOME5", Decimal("5.00")),
    ),
    (2, Order.Status.NEW, [("25565189M", "Pleated Skirt", 1, "49.99")], None),
]
SHIPPING = Decimal("5.99")
TAX_RATE = Decimal("0.05")


def line_items(items, *, discount: Decimal = Decimal("0")) -> dict:
    """Product items and the totals they add up to (net taxation, 5 % tax), after an
    order-level ``discount`` (taxed after the discount, as Commerce Cloud does)."""
    product_items = []
    for index, (product_id, name, quantity, price) in enumerate(items, start=1):
        base_price = Decimal(price)
        line_price = base_price * quantity
        product_items.append(
            {
                "item_id": f"item{index}",
                "product_id": product_id,
                "product_name": name,
                "quantity": quantity,
                "base_price": float(base_price),
                "price": float(line_price),
                "tax_rate": float(TAX_RATE),
            }
        )
    subtotal = sum(Decimal(price) * quantity for _, _, quantity, price in items)
    total = subtotal - discount
    tax = (subtotal * TAX_RATE).quantize(Decimal("0.01"))
    adjusted_tax = (total * TAX_RATE).quantize(Decimal("0.01"))
    shipping_tax = (SHIPPING * TAX_RATE).quantize(Decimal("0.01"))
    return {
        "product_items": product_items,
        "taxation": Order.Taxation.NET,
        "product_sub_total": subtotal,
        "product_total": total,
        "merchandize_total_tax": tax,
        "adjusted_merchandize_total_tax": adjusted_tax,
        "shipping_total": SHIPPING,
        "shipping_total_tax": shipping_tax,
        "adjusted_shipping_total_tax": shipping_tax,
        "tax_total": adjusted_tax + shipping_tax,
        "order_total": total + SHIPPING + adjusted_tax + shipping_tax,
    }
