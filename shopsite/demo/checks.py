"""``check --deploy`` refuses the demo's published trusted-client secret.

The demo's trusted client may obtain any customer's token (``auth/trustedsystem``) and
reset tokens; its secret is printed by every ``make demo`` and written in the README. A
database that was loaded with the demo data and then deployed (``DEBUG`` off) would let
anyone who read the README in.
"""

from django.conf import settings
from django.core import checks
from django.db import DatabaseError

from shopsite.api.models import ApiClient
from shopsite.demo.credentials import DEMO_TRUSTED_CLIENT_ID, DEMO_TRUSTED_CLIENT_SECRET


@checks.register(checks.Tags.security, deploy=True)
def check_demo_trusted_client(app_configs, **kwargs):
    if settings.DEBUG:
        return []
    try:
        client = ApiClient.objects.filter(client_id=DEMO_TRUSTED_CLIENT_ID, is_active=True).first()
    except DatabaseError:
        return []  # no database or no tables yet: shopsite.api's checks report that
    if client is None or not client.check_secret(DEMO_TRUSTED_CLIENT_SECRET):
        return []
    return [
        checks.Error(
            f"The demo's trusted API client ({DEMO_TRUSTED_CLIENT_ID}) is active with the "
            "secret the demo publishes: anyone who read the README can obtain any "
            "customer's token.",
            hint="Delete or deactivate that client in the admin, or generate a new secret "
            "for it; deployments do not run load_demo_data.",
            id="demo.E001",
        )
    ]
