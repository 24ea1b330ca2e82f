"""Load a small, idempotent demo: sites, a storefront API client and a few customers."""

from django.core.management.base import BaseCommand
from django.db import transaction

from customers.models import Customer
from shopsite.api.models import ApiClient, Site

# Commerce Cloud sandboxes accept this well-known demo client id; so does the demo here.
DEMO_CLIENT_ID = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
DEMO_PASSWORD = "Demo!Passw0rd"  # noqa: S105 - published demo credentials
# A trusted system (customers/auth/trustedsystem, password/actions/create_reset_token).
DEMO_TRUSTED_CLIENT_NAME = "Demo trusted system"

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
        f"({DEMO_CLIENT_ID}), a demo trusted client and demo customers. Safe to run again."
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
            client.save()
        trusted = ApiClient.objects.filter(name=DEMO_TRUSTED_CLIENT_NAME, is_trusted=True).first()
        trusted_secret = None
        if trusted is None:
            trusted = ApiClient(name=DEMO_TRUSTED_CLIENT_NAME, is_trusted=True)
            trusted_secret = trusted.set_new_secret()
            trusted.save()
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
        logins = ", ".join(profile["login"] for profile in DEMO_CUSTOMERS)
        self.stdout.write(f"  customers: {logins} (password {DEMO_PASSWORD})")

    def demo_customer(self, site, profile) -> Customer:
        fields = dict(profile)
        login = fields.pop("login")
        customer = Customer.objects.by_login(site, login).first()
        if customer is None:
            customer = Customer(site=site, is_guest=False, login=login, **fields)
            customer.set_password(DEMO_PASSWORD)
            customer.save()
            customer.assign_customer_no()
        return customer

    def populate(self, customer: Customer) -> None:
        """Give a demo customer the documents of the other resources (addresses...)."""
