"""``manage.py create_site SITE_ID [--name NAME] [--offline]``: add or update a storefront site."""

from django.core.management.base import BaseCommand, CommandError

from shopsite.api.models import SITE_ID, SITE_ID_RULE, Site


class Command(BaseCommand):
    help = (
        "Create the site SITE_ID (the {site_id} of /s/{site_id}/dw/shop/...), or update its "
        "name and online flag when it exists: safe to run on every deploy."
    )

    def add_arguments(self, parser):
        parser.add_argument("site_id", metavar="SITE_ID", help="e.g. RefArch")
        parser.add_argument("--name", default=None, help="Display name (default: SITE_ID).")
        parser.add_argument(
            "--offline",
            action="store_true",
            help="Create or set the site offline: its API answers SiteOfflineException.",
        )

    def handle(self, *args, site_id, name, offline, **options):
        site_id = site_id.strip()
        max_length = Site._meta.get_field("site_id").max_length
        if not SITE_ID.fullmatch(site_id) or len(site_id) > max_length:
            raise CommandError(
                f"SITE_ID must be 1 to {max_length} {SITE_ID_RULE} (it is a URL segment "
                f"of /s/{{site_id}}/), not {site_id!r}."
            )
        defaults = {"is_online": not offline}
        if name is not None:
            defaults["name"] = name.strip()[: Site._meta.get_field("name").max_length]
        site, created = Site.objects.update_or_create(
            site_id=site_id, defaults=defaults, create_defaults={"name": site_id, **defaults}
        )
        state = "online" if site.is_online else "offline"
        verb = "Created" if created else "Updated"
        self.stdout.write(self.style.SUCCESS(f"{verb} site '{site.site_id}' ({state})."))
        self.stdout.write(f"API base: /s/{site.site_id}/dw/shop/v19_5/")
