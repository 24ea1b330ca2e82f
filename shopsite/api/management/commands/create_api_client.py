"""``manage.py create_api_client NAME [--trusted] [--allowed-origin URL ...]``: register an
application.

The README's release block runs it on every deploy, so it is idempotent: the name is the
client's identity for this command. Run again with the same name it creates nothing, says
the client exists and prints its id (the secret was shown once, at creation, and is not
stored); ``--trusted`` and ``--allowed-origin`` are added to it, never taken away (an
operator may have added origins in the admin since).
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from shopsite.api.client_settings import ORIGIN
from shopsite.api.models import ApiClient, invalid_redirect_uris


class Command(BaseCommand):
    help = (
        "Create an API client and print its client id and secret. The secret is stored "
        "hashed and shown only this once (the admin can generate a new one). A storefront "
        "only sends the client id; --trusted lets the client, proving itself with "
        "HTTP Basic client_id:secret, call the trusted-system endpoints "
        "(customers/auth/trustedsystem, customers/password/actions/create_reset_token). "
        "Safe to repeat: a client of the same name is reported, not created again."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", metavar="NAME", help="What the client is, e.g. 'Storefront'.")
        parser.add_argument(
            "--trusted", action="store_true", help="Allow the trusted-system endpoints."
        )
        parser.add_argument(
            "--allowed-origin",
            action="append",
            default=[],
            dest="allowed_origins",
            metavar="ORIGIN",
            help="A browser origin allowed to call the API (CORS), e.g. "
            "https://www.example.com; repeat for several.",
        )

        parser.add_argument(
            "--slas-private",
            action="store_true",
            help="A private SLAS client (a server keeping the secret): client_credentials "
            "guest tokens, trusted-system tokens with --trusted. Default: public (PKCE).",
        )
        parser.add_argument(
            "--redirect-uri",
            action="append",
            default=[],
            dest="redirect_uris",
            metavar="URI",
            help="A URI SLAS may redirect shoppers to with an authorization code, e.g. "
            "http://localhost:3000/callback; repeat for several.",
        )

    def handle(
        self,
        *args,
        name,
        trusted,
        allowed_origins,
        slas_private=False,
        redirect_uris=(),
        **options,
    ):
        name = name.strip()
        if not name:
            raise CommandError("The name must not be empty.")
        if len(name) > ApiClient._meta.get_field("name").max_length:
            raise CommandError("The name is too long.")
        allowed_origins = [origin.strip().rstrip("/") for origin in allowed_origins]
        for origin in allowed_origins:
            if not ORIGIN.fullmatch(origin):
                raise CommandError(f"{origin!r} is not an origin like https://www.example.com.")
        bad = invalid_redirect_uris(redirect_uris)
        if bad:
            raise CommandError(f"{bad[0]!r} is not an absolute URI without fragment or wildcard.")
        with transaction.atomic():
            existing = list(ApiClient.objects.select_for_update().filter(name=name)[:2])
            if len(existing) > 1:
                raise CommandError(
                    f"Several API clients are named {name!r}: rename them in the admin."
                )
            if existing:
                self.update(existing[0], trusted, allowed_origins)
                return
            client = ApiClient(
                name=name,
                is_trusted=trusted,
                allowed_origins="\n".join(allowed_origins),
                slas_client_type=ApiClient.SLAS_PRIVATE if slas_private else ApiClient.SLAS_PUBLIC,
                redirect_uris="\n".join(uri.strip() for uri in redirect_uris),
            )
            secret = client.set_new_secret()
            client.save()
        kind = "trusted API client" if trusted else "API client"
        self.stdout.write(self.style.SUCCESS(f"Created {kind} '{client.name}'."))
        self.stdout.write(f"client id: {client.client_id}")
        self.stdout.write(f"secret:    {secret}")
        self.stdout.write("Copy the secret now: it is not stored and cannot be shown again.")

    def update(self, client: ApiClient, trusted: bool, allowed_origins: list[str]) -> None:
        """Bring an existing client up to the options: trusted if asked, the origins added."""
        origins = [origin for origin in client.allowed_origins.split() if origin]
        added = [origin for origin in allowed_origins if origin not in origins]
        changed = []
        if trusted and not client.is_trusted:
            client.is_trusted = True
            changed.append("now trusted")
        if added:
            client.allowed_origins = "\n".join([*origins, *added])
            changed.append("allowed origins added: " + ", ".join(added))
        if changed:
            client.save(update_fields=["is_trusted", "allowed_origins"])
        kind = "trusted API client" if client.is_trusted else "API client"
        summary = "; ".join(changed) if changed else "unchanged"
        self.stdout.write(
            self.style.SUCCESS(f"API client '{client.name}' already exists ({summary}).")
        )
        self.stdout.write(f"client id: {client.client_id}")
        self.stdout.write(
            f"secret:    not shown (the {kind}'s secret was shown once, at creation; "
            "generate a new one in the admin if it is lost)"
        )
