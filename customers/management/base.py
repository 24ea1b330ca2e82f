"""What the customer commands share: the ``--site`` option and finding a customer.

Logins and emails are unique per site only, so every command that names a customer
names its site too; ``--site`` may be left out when there is no doubt (one site, or the
demo's SiteGenesis).
"""

from django.core.management.base import BaseCommand, CommandError

from customers.models import Customer
from shopsite.api.models import Site

DEFAULT_SITE = "SiteGenesis"


def at_least(minimum, cast=int):
    """An argparse ``type``: ``cast`` of the text, refused below ``minimum`` (argparse
    then names the option, and ``call_command`` raises ``CommandError``)."""

    def parse(text: str):
        value = cast(text)
        if value < minimum:
            raise ValueError(text)
        return value

    parse.__name__ = f"{cast.__name__} >= {minimum}"
    return parse


positive_int = at_least(1)


class CustomerCommand(BaseCommand):
    def add_arguments(self, parser):
        parser.add_argument(
            "--site",
            metavar="SITE_ID",
            help=f"Site of the customer (default: the only site, else {DEFAULT_SITE}).",
        )

    def get_site(self, site_id: str | None) -> Site:
        if site_id:
            site = Site.objects.filter(site_id=site_id).first()
            if site is None:
                raise CommandError(f"No site '{site_id}'.")
            return site
        sites = list(Site.objects.all()[:2])
        if len(sites) == 1:
            return sites[0]
        site = Site.objects.filter(site_id=DEFAULT_SITE).first()
        if site is None:
            raise CommandError(
                "No site given and none to default to: pass --site."
                if sites
                else "There is no site yet."
            )
        return site

    def customer_by_login(self, site: Site, login: str) -> Customer:
        customer = Customer.objects.by_login(site, login).first()
        if customer is None:
            raise CommandError(f"No registered customer with login '{login}' on site {site}.")
        return customer

    def customer_by_login_or_email(self, site: Site, identification: str) -> Customer:
        """A login wins over an email; an email shared by several customers is refused."""
        customer = Customer.objects.by_login(site, identification).first()
        if customer is not None:
            return customer
        matches = list(
            Customer.objects.for_site(site).registered().filter(email__iexact=identification)[:2]
        )
        if not matches:
            raise CommandError(
                f"No registered customer with login or email '{identification}' on site {site}."
            )
        if len(matches) > 1:
            raise CommandError(
                f"Several customers on site {site} have the email '{identification}': "
                "name the customer by login."
            )
        return matches[0]
