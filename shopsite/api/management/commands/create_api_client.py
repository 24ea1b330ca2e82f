"""``manage.py create_api_client NAME [--trusted] [--allowed-origin URL ...]``: register an
application."""

from django.core.management.base import BaseCommand, CommandError

from shopsite.api.client_settings import ORIGIN
from shopsite.api.models import ApiClient, invalid_redirect_uris


class Command(BaseCommand):
    help = (
        "Create an API client and print its client id and secret. The secret is stored "
        "hashed and shown only this once (the admin can generate a new one). A storefront "
        "only sends the client id; --trusted lets the client, proving itself with "
        "HTTP Basic client_id:secret, call the trusted-system endpoints "
        "(customers/auth/trustedsystem, customers/password/actions/create_reset_token)."
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
